"""A server worker does not load the libraries that only a few rare requests use.

Every gunicorn worker imports the URL configuration, so every module a view imports at its top
is in every worker's memory. The libraries below are used only by an SSO log-in, a fetch from
SSB, an archive package, an ODT or calendar download and the workshop projector's QR code; they
took some 27 MB of each worker (docs/performance-log.md, "Tenth round: a worker's memory"), so the
modules import them where they use them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

RARE = ("httpx", "authlib", "joserfc", "cryptography", "lxml", "odf", "icalendar", "segno")

LOADED = f"""
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # every app's URLs and views
print(json.dumps([name for name in {RARE!r} if name in sys.modules]))
"""


def test_a_worker_with_every_url_loaded_has_not_imported_the_rare_requests_libraries():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "samplan.settings"}
    result = subprocess.run(
        [sys.executable, "-c", LOADED],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_rare_requests_libraries_are_importable_where_they_are_used():
    from samplan.archive import noark
    from samplan.sso import crypto

    assert noark.schema() is not None  # lxml, imported by the function
    assert crypto.decrypt(crypto.encrypt("secret")) == "secret"  # cryptography, likewise
