"""samplan compile-translations: build .mo files from the .po catalogues, without GNU gettext."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand


class Command(SamplanCommand):
    help = gettext_lazy("Compile the translation catalogues (.po → .mo). Run by the install step.")

    def handle(self, *args: Any, **options: Any) -> None:
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
