"""What identifies this installation's code: a digest of Samplan's own files.

Values that outlive a process — kept in a Redis that several app servers share, or stored rows
such as the status boards' (`guidance/summary.py`) — are only valid for the code that made them:
a deploy can change a value's shape (a pickled class with other fields) or what it shows (a
template, a translation). Keyed by `fingerprint()`, a deploy starts from values of its own, and
the old ones expire; servers running the same code agree on it however their files were copied.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the `samplan` package
PATTERNS = ("*.py", "*.html", "*.txt", "*.mo")


def digest_of(root: Path, patterns: tuple[str, ...] = PATTERNS) -> str:
    """A 32-digit hex digest of the contents of the files under `root` matching `patterns`,
    each with its path relative to `root` (not its modification time: two hosts with the same
    files get the same digest). The apps' tests are left out: they do not run in a server."""
    digest = hashlib.blake2b(digest_size=16)
    paths = sorted(
        path
        for pattern in patterns
        for path in root.rglob(pattern)
        if "tests" not in path.relative_to(root).parts
    )
    for path in paths:
        digest.update(f"{path.relative_to(root).as_posix()}:{path.stat().st_size}:".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def fingerprint() -> str:
    """This installation's digest (Python code, templates and compiled catalogues), read once
    per process (some 30 ms)."""
    return digest_of(ROOT)
