"""The statistics page, the challenge picture and editing a statement: roles, content, bad input."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from samplan.municipalities.models import Municipality
from samplan.stats import selectors, services
from samplan.stats.models import Statement

from .conftest import Recorder, make_client, ssb_answer

KNR = "5033"


def url(name: str, **kwargs: object) -> str:
    return reverse(f"stats:{name}", kwargs={"knr": KNR, **kwargs})


def state() -> tuple:
    return (
        sorted(Statement.objects.values_list("pk", "key", "text", "selected", "numbers")),
        Statement.history.count(),
    )


@pytest.fixture
def reader_client(client, personas, snapshot):
    client.force_login(personas.reader)
    return client


@pytest.fixture
def editor_client(client, personas, snapshot):
    client.force_login(personas.editor)
    return client


def test_figures_page_shows_figures_sources_charts_and_gaps(reader_client):
    response = reader_client.get(url("figures"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "773" in page  # inhabitants 1 January 2026
    assert "−9,2" in page  # change since 2016
    assert "10,6" in page  # share 80+
    assert "07459" in page
    assert page.count('role="img"') >= 3
    assert page.count("<desc") >= 3
    assert "<caption>" in page  # the charts' data tables
    assert page.count('class="sp-not-fetched"') == 2  # flows and projection
    assert "Ikke hentet ennå." in page and "Be dem hente statistikken" in page
    assert "samplan stats" not in page  # the command is for the administrator only
    assert "Kilde: Statistisk sentralbyrå (SSB), tabell 07459" in page


def test_figures_page_without_the_snapshot_says_so(client, personas):
    client.force_login(personas.reader)
    response = client.get(url("figures"))
    assert response.status_code == 200
    assert "Ikke hentet ennå." in response.content.decode()
    assert "samplan stats" not in response.content.decode()

    personas.reader.is_staff = True
    personas.reader.save()
    page = client.get(url("figures")).content.decode()
    assert "<code>samplan stats load</code>" in page
    assert "<code>samplan stats refresh --kommune 5033</code>" in page


def test_figures_page_in_nynorsk(reader_client):
    reader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    page = reader_client.get(url("figures")).content.decode()
    assert "Ikkje henta enno." in page and "Be dei hente statistikken" in page
    assert "Kjelde: Statistisk sentralbyrå (SSB), tabell 07459" in page
    page = reader_client.get(url("challenges")).content.decode()
    assert "Folketalet har gått ned med 9,2 % sidan 2016, frå 851 til 773." in page


def test_the_cached_figures_page_shows_new_figures_at_once(reader_client, personas):
    """The page's content is cached as markup (views.figures_page) per version of the data: a
    fetch of figures shows on the next request, in nynorsk and bokmål alike."""
    reader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    nynorsk = reader_client.get(url("figures")).content.decode()
    reader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nb"
    before = reader_client.get(url("figures")).content.decode()
    assert before.count('class="sp-not-fetched"') == 2 and "Ikkje henta enno." in nynorsk
    assert "Ikke hentet ennå." in before and "Ikkje henta enno." not in before
    tydal = Municipality.objects.get(number=KNR)
    services.refresh(
        regions=selectors.regions_for(tydal),
        client=make_client(Recorder(ssb_answer("2020", symbol=":", unit="personer"))),
    )
    after = reader_client.get(url("figures")).content.decode()
    assert after.count('class="sp-not-fetched"') < 2 and "Enhet: personer." in after
    reader_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    assert "Eining: personar." in reader_client.get(url("figures")).content.decode()


def test_the_cached_figures_page_shows_the_command_only_to_an_administrator(client, personas):
    """Cached per administrator or not: an administrator's page has the command to fetch the
    figures, a reader's page (asked for first, from the same data, with the same rights) has
    not."""
    from samplan.municipalities.models import Role
    from samplan.municipalities.testing import make_member

    administrator = make_member(personas.workspace, "drift@tydal.test", Role.READER)
    administrator.is_staff = True
    administrator.save()
    client.force_login(personas.reader)
    assert "samplan stats" not in client.get(url("figures")).content.decode()
    client.force_login(administrator)  # the same edit right as the reader
    assert "<code>samplan stats load</code>" in client.get(url("figures")).content.decode()
    client.force_login(personas.reader)
    assert "samplan stats" not in client.get(url("figures")).content.decode()


def test_challenges_page_lists_computed_statements_with_links(reader_client):
    response = reader_client.get(url("challenges"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Folketallet har gått ned med 9,2 % sidan 2016" not in page  # that is Nynorsk
    assert "Folketallet har gått ned med 9,2 % siden 2016, fra 851 til 773." in page
    assert f'href="{url("figures")}#figure-population"' in page
    assert url("statement_edit", key="population_change") not in page  # readers cannot edit


def test_editor_edits_the_wording_and_picks_the_statement(editor_client, personas):
    edit = url("statement_edit", key="population_change")
    assert editor_client.get(edit).status_code == 200

    response = editor_client.post(
        edit,
        {
            "text": "Vi har blitt færre: ned 9,2 % på ti år.",
            "selected": "on",
            "numbers": '{"change": 50}',  # not a field: the numbers are computed
        },
    )

    assert response.status_code == 302
    statement = Statement.objects.get(municipality=personas.municipality, key="population_change")
    assert statement.text == "Vi har blitt færre: ned {endring} % på ti år."  # from the figure
    assert statement.selected
    assert statement.numbers["change"] == -9.2
    assert statement.numbers["then"] == 851
    record = statement.history.first()
    assert record.history_user == personas.editor
    page = editor_client.get(url("challenges")).content.decode()
    assert "Vi har blitt færre: ned 9,2 % på ti år." in page
    assert 'aria-labelledby="history-heading"' in page


def test_too_long_wording_is_refused_and_nothing_written(editor_client):
    before = state()
    response = editor_client.post(
        url("statement_edit", key="population_change"), {"text": "x" * 1001}
    )
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert state() == before


def test_a_typed_number_that_contradicts_the_figure_is_refused(editor_client):
    before = state()
    response = editor_client.post(
        url("statement_edit", key="population_change"),
        {"text": "Folketallet har gått ned med 5 % siden {fra_år}.", "selected": "on"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "«5» er ikke et tall fra figuren" in page
    assert "{endring}" in page and "9,2" in page  # the placeholders and what they stand for
    assert state() == before


def test_placeholders_are_filled_in_from_the_figure_everywhere(editor_client, personas):
    from samplan.strategy.documents import picked_statements

    response = editor_client.post(
        url("statement_edit", key="population_change"),
        {"text": "Ned {endring} % fra {fra_år} til {år}.", "selected": "on"},
    )
    assert response.status_code == 400  # {år} is not a placeholder of this statement
    assert "{år} er ikke en plassholder" in response.content.decode()
    editor_client.post(
        url("statement_edit", key="population_change"),
        {"text": "Ned {endring} % fra {fra_år}.", "selected": "on"},
    )
    assert "Ned 9,2 % fra 2016." in editor_client.get(url("challenges")).content.decode()
    assert picked_statements(personas.municipality) == ["Ned 9,2 % fra 2016."]


def test_unknown_statement_is_404(editor_client):
    assert editor_client.get(url("statement_edit", key="no_such_statement")).status_code == 404
    assert editor_client.post(url("statement_edit", key="no_such_statement"), {}).status_code == 404


def test_readers_and_advisers_cannot_edit(client, personas, snapshot):
    for user in (personas.reader, personas.adviser):
        client.force_login(user)
        before = state()
        response = client.post(
            url("statement_edit", key="population_change"), {"text": "Nei", "selected": "on"}
        )
        assert response.status_code == 403
        assert state() == before


def test_changed_figures_mark_the_saved_wording(editor_client, personas):
    Statement.objects.create(
        municipality=personas.municipality,
        key="population_change",
        numbers={"change": -3.0, "base": 2014, "year": 2024, "then": 800, "now": 776},
        text="Gammel tekst",
    )
    page = editor_client.get(url("challenges")).content.decode()
    assert "Gammel tekst" in page
    assert "Tallene har endret seg siden denne formuleringen ble lagret" in page


def test_dashboard_panel_shows_key_figures(reader_client):
    response = reader_client.get(reverse("municipalities:dashboard", kwargs={"knr": KNR}))
    page = response.content.decode()
    assert 'id="panel-population-trend"' in page
    assert "773" in page
    assert "−9,2" in page


def test_figures_page_shows_ssbs_symbol_with_its_meaning_and_the_unit(reader_client, tydal_flows):
    response = reader_client.get(url("figures"), HTTP_ACCEPT_LANGUAGE="nb")
    page = response.content.decode()

    confidential = "Vises ikke av konfidensialitetshensyn: tallet kunne identifisert personer"
    assert f'<abbr title="{confidential}' in page
    assert f'<tfoot><tr><td colspan="4">: = {confidential}' in page
    assert "Enhet: personer." in page


@pytest.fixture
def tydal_flows(snapshot):
    tydal = Municipality.objects.get(number=KNR)
    services.refresh(
        regions=selectors.regions_for(tydal),
        client=make_client(Recorder(ssb_answer("2020", symbol=":", unit="personer"))),
    )


def test_every_page_shows_the_newest_population_figure_with_its_date(reader_client, personas):
    from samplan.municipalities.models import Municipality

    tydal = Municipality.objects.get(number=KNR)
    assert (tydal.population, tydal.population_year) == (773, 2026)  # from the statistics
    page = reader_client.get(reverse("municipalities:dashboard", kwargs={"knr": KNR})).content
    page = page.decode()
    assert "773 (1. januar 2026)" in page
    assert "786" not in page
    public = reader_client.get(reverse("municipalities:detail", args=[KNR])).content.decode()
    assert "773 (1. januar 2026)" in public
    listing = reader_client.get(reverse("municipalities:list"), {"q": KNR}).content.decode()
    assert '773 <small class="sp-muted">(2026)</small>' in listing


def test_an_older_population_figure_never_replaces_a_newer_one(personas, snapshot):
    from samplan.municipalities.models import Municipality
    from samplan.stats.services import population_sync

    Municipality.objects.filter(number=KNR).update(population=780, population_year=2027)
    population_sync()
    assert Municipality.objects.filter(number=KNR, population=780, population_year=2027).exists()
