import pytest

from samplan.core.tests.smtp import smtp_server  # noqa: F401 (a fixture for the e-mail tests)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded documents and attachments go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
