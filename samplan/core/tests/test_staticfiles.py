"""The static files' storage remembers each address (samplan/core/staticfiles.py)."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest
from whitenoise.storage import CompressedManifestStaticFilesStorage

from samplan.core.staticfiles import StaticStorage


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "staticfiles.json").write_text(
        json.dumps(
            {
                "version": "1.1",
                "hash": "0123456789ab",
                "paths": {"samplan/samplan.css": "samplan/samplan.5f3a9c.css"},
            }
        )
    )
    return tmp_path


def test_an_address_is_the_storages_and_computed_once(root: Path, settings) -> None:
    settings.DEBUG = False
    storage = StaticStorage(location=root, base_url="/static/")
    plain = CompressedManifestStaticFilesStorage(location=root, base_url="/static/")
    expected = plain.url("samplan/samplan.css")
    assert expected == "/static/samplan/samplan.5f3a9c.css"
    original = CompressedManifestStaticFilesStorage._url
    with mock.patch.object(
        CompressedManifestStaticFilesStorage, "_url", autospec=True, side_effect=original
    ) as computed:
        first = storage.url("samplan/samplan.css")
        second = storage.url("samplan/samplan.css")
    assert first == second == expected
    assert computed.call_count == 1


def test_debug_gives_the_plain_name_and_a_missing_file_still_fails(root: Path, settings) -> None:
    storage = StaticStorage(location=root, base_url="/static/")
    settings.DEBUG = False
    assert storage.url("samplan/samplan.css") == "/static/samplan/samplan.5f3a9c.css"
    settings.DEBUG = True
    assert storage.url("samplan/samplan.css") == "/static/samplan/samplan.css"
    settings.DEBUG = False
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("samplan/missing.css")
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        storage.url("samplan/missing.css")
