"""The static files' storage: WhiteNoise's, each file's address computed once per process.

`{% static %}` asks the storage for a file's address at every use (some 10 µs: the manifest's
hashed name, then the address joined and quoted); the base layout alone has six. The manifest is
read when the process starts and does not change while it runs, so an address is computed once
per name (and DEBUG, which chooses between the hashed and the plain name).
"""

from __future__ import annotations

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

# Names come from templates and code, not from requests: the table stays small. A bound all the
# same, past which addresses are computed each time as before.
MOST = 4096


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed storage; `url()` remembered per name."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._addresses: dict[tuple[str, bool, bool], str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        key = (name or "", force, settings.DEBUG)
        found = self._addresses.get(key)
        if found is None:
            found = super().url(name, force)
            if len(self._addresses) < MOST:
                self._addresses[key] = found
        return found
