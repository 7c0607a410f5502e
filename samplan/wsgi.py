"""WSGI entry point for gunicorn (`samplan serve`). Refuses to start with the development key."""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samplan.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402

if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY or len(settings.SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SAMPLAN_SECRET_KEY must be set to a long random value (50+ characters) to serve Samplan. "
        "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )

# Each worker loads WeasyPrint now rather than on its first PDF download (see pdf.warm_up).
from samplan.documents.pdf import warm_up  # noqa: E402

warm_up()

# Keep the long-lived objects out of the garbage collector's walks (core/warmup.py): what start-up
# made, now, and what the first requests add (templates, prepared queries), when the worker is warm.
from samplan.core.warmup import freeze, freeze_when_warm  # noqa: E402

freeze()
application = freeze_when_warm(application)
