#!/usr/bin/env python
"""Django's command-line utility; `samplan` (samplan/cli.py) is the same with friendlier names."""

import sys

from samplan.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
