"""samplan compile-translations: build .mo files from the .po catalogues, without GNU gettext.

Installing Samplan (a wheel, the sdist or `pip install -e .`) compiles the catalogues already
(setup.py); developers run this after editing a .po file (`make translations` does).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand


class Command(SamplanCommand):
    help = gettext_lazy(
        "Compile the translation catalogues (.po → .mo) after editing them (needs polib)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            import polib
        except ImportError as error:
            raise CommandError(
                _(
                    "compile-translations needs polib, a development tool: "
                    "pip install 'samplan[dev]'"
                )
            ) from error
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
                percent = catalogue.percent_translated()
                self.stdout.write(
                    _("%(file)s: %(percent)s %% translated")
                    % {"file": po_path.relative_to(locale_dir), "percent": percent}
                )
        self.stdout.write(_("%(count)s catalogues compiled.") % {"count": count})
