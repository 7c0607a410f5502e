import pytest

from samplan.core.tests.smtp import smtp_server  # noqa: F401 (a fixture for the e-mail tests)


@pytest.fixture
def computed(monkeypatch) -> list[list[str]]:
    """The municipalities whose status-board rows are computed, per computation."""
    from samplan.guidance import selectors

    made: list[list[str]] = []
    board_rows = selectors.board_rows

    def counted(municipalities, today):
        made.append(sorted(municipality.number for municipality in municipalities))
        return board_rows(municipalities, today)

    monkeypatch.setattr(selectors, "board_rows", counted)
    return made
