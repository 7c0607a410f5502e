"""Plantakt pages: roles, the wheel/timeline/list, completing items, own items, the period facts,
calendar downloads and the secret feed."""

from __future__ import annotations

import datetime
import re

import icalendar
import pytest
import time_machine
from django.urls import reverse

from samplan.plans.models import Plan
from samplan.plantakt import charts, services
from samplan.plantakt.models import CalendarFeed, ItemDecision, MunicipalityPeriod, OwnItem

KNR = "5033"
D = datetime.date


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def url(name: str, *args: object, periode: int | None = 2023, **query: str) -> str:
    base = reverse(f"plantakt:{name}", args=[KNR, *args])
    params = {"periode": periode, **query} if periode else query
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def state() -> tuple:
    return (
        sorted(MunicipalityPeriod.objects.values_list("municipality_id", "constituted_on")),
        sorted(ItemDecision.objects.values_list("item_key", "decided_on")),
        sorted(OwnItem.objects.values_list("title", "date", "done_on")),
        CalendarFeed.objects.count(),
        MunicipalityPeriod.history.count() + ItemDecision.history.count(),
        OwnItem.history.count(),
    )


@pytest.mark.parametrize("name", ["wheel", "timeline", "list", "period"])
@pytest.mark.parametrize("role", ["admin", "editor", "reader", "adviser"])
def test_members_see_the_pages(client, personas, name, role):
    client.force_login(getattr(personas, role))
    response = client.get(url(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2023–2027" in page
    assert "PBL § 10-1 (1)" in page or name in ("wheel", "period")


def test_outsider_gets_404(client, personas):
    client.force_login(personas.outsider_admin)
    assert client.get(url("wheel")).status_code == 404
    assert client.get(url("ics")).status_code == 404


def test_wheel_shows_the_same_items_in_the_drawing_and_the_list(client, personas):
    client.force_login(personas.reader)
    page = client.get(url("wheel", aar="2024")).content.decode()
    marks = page.count('class="sp-plantakt-mark ')
    listed = page.count('<li class="sp-plantakt-item')
    assert marks == listed > 5
    assert 'role="img"' in page
    # Coordinates are SVG numbers, never localised with a decimal comma.
    assert re.findall(r'c[xy]="([^"]*)"', page)
    assert all(
        re.fullmatch(r"-?\d+(\.\d+)?", value) for value in re.findall(r'c[xy]="([^"]*)"', page)
    )
    assert "Planning strategy adopted" in page or "Planstrategi" in page or "planstrategi" in page


def test_the_cached_wheel_shows_a_change_at_once_and_links_only_for_editors(client, personas):
    """The wheel's marks and rows are cached as markup (views._wheel_shown) per version of the
    municipality's data, year and edit right: an own item added shows on the next request, and
    a reader never gets the editor's links an editor's request made."""
    client.force_login(personas.editor)
    before = client.get(url("wheel", aar="2024")).content.decode()
    assert "/plantakt/frist/" in before or "/plantakt/egne/" in before  # the editor's links
    services.own_item_save(
        item=OwnItem(
            municipality=personas.municipality,
            election_year=2023,
            title="Eget møte om hjulet",
            date=D(2024, 3, 1),
        ),
        user=personas.editor,
    )
    after = client.get(url("wheel", aar="2024")).content.decode()
    assert "Eget møte om hjulet" in after and "Eget møte om hjulet" not in before
    assert after.count('class="sp-plantakt-mark ') == before.count('class="sp-plantakt-mark ') + 1
    client.force_login(personas.reader)
    read = client.get(url("wheel", aar="2024")).content.decode()
    assert "Eget møte om hjulet" in read
    assert "/plantakt/frist/" not in read and "/plantakt/egne/" not in read


def test_wheel_defaults_to_the_current_year_of_the_current_period(client, personas):
    client.force_login(personas.reader)
    response = client.get(reverse("plantakt:wheel", args=[KNR]))
    assert response.context["year"] == 2026
    assert response.context["period"].election_year == 2023


def test_an_invalid_period_parameter_falls_back_to_the_current_period(client, personas):
    client.force_login(personas.reader)
    response = client.get(url("list", periode=2024))
    assert response.context["period"].election_year == 2023


def test_list_filters_by_kind_module_and_overdue(client, personas):
    client.force_login(personas.reader)
    every = client.get(url("list")).context["rows"]
    legal = client.get(url("list", kind="lovkrav")).context["rows"]
    economy = client.get(url("list", module="okonomi")).context["rows"]
    overdue = client.get(url("list", overdue="on")).context["rows"]
    assert 0 < len(legal) < len(every)
    assert {row.item.kind for row in legal} == {"lovkrav"}
    assert {row.item.module for row in economy} == {"okonomi"}
    assert overdue and all(row.item.date < D(2026, 11, 22) for row in overdue)


def test_list_htmx_request_gets_only_the_results(client, personas):
    client.force_login(personas.reader)
    response = client.get(url("list", kind="egen"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b'id="results"' in response.content
    assert b"<html" not in response.content


def test_list_shows_plan_revisions_from_the_register(client, personas):
    Plan.objects.create(
        municipality=personas.municipality,
        title="Kommuneplanens arealdel",
        plan_type="arealdel",
        adopted_year=2014,
        revision_interval_years=12,
    )
    client.force_login(personas.reader)
    response = client.get(url("list", module="planregister"))
    rows = response.context["rows"]
    # Adopted in 2014 (year only) + 12 years: due during 2026, so not overdue in November 2026.
    assert [(row.item.date, row.item.year_only, row.overdue) for row in rows] == [
        (D(2026, 12, 31), True, False)
    ]
    assert "i løpet av 2026" in response.content.decode()


def test_a_missing_constitution_date_is_said_and_the_deadlines_are_latest_dates(client, personas):
    client.force_login(personas.editor)
    page = client.get(url("list")).content.decode()
    assert "Konstitueringsdato mangler" in page
    assert url("period").replace("&", "&amp;") + "#id_constituted_on" in page
    assert "den riktige datoen er denne eller tidligere" in page
    # The open strategy deadline (at the latest 31.10.2024) is overdue counted from that date.
    assert "Forfalt for 752 dager siden" in page
    client.force_login(personas.reader)
    page = client.get(url("list")).content.decode()
    assert "Konstitueringsdato mangler" in page and "#id_constituted_on" not in page


def test_the_list_says_how_late_a_done_item_was_and_names_an_unconfirmed_paragraph(
    client, personas
):
    client.force_login(personas.editor)
    client.post(url("complete", "budget.2025"), {"decided_on": "2025-01-20"})
    client.post(url("complete", "budget.2026"), {"decided_on": "2025-12-11"})
    page = client.get(url("list", module="okonomi")).content.decode()
    assert "Gjort 20.01.2025, 20 dager etter fristen" in page
    assert "Gjort 11.12.2025, innen fristen" in page
    page = client.get(url("list", module="valg")).content.decode()
    assert "Paragrafen er ikke bekreftet i kildene: KL § 5-14." in page


def test_reader_cannot_complete_or_add(client, personas):
    client.force_login(personas.reader)
    before = state()
    assert client.get(url("complete", "planning_strategy.adopted")).status_code == 403
    assert (
        client.post(
            url("complete", "planning_strategy.adopted"), {"decided_on": "2024-06-13"}
        ).status_code
        == 403
    )
    assert client.post(url("item_new"), {"title": "X", "date": "2025-01-01"}).status_code == 403
    assert client.post(url("period"), {"constituted_on": "2023-10-19"}).status_code == 403
    assert state() == before


def test_completing_the_strategy_records_the_date_and_moves_the_publication_deadline(
    client, personas
):
    client.force_login(personas.editor)
    before = client.get(url("list")).context["period"]
    assert before.item("planning_strategy.draft_public").date == D(2024, 10, 1)

    response = client.post(
        url("complete", "planning_strategy.adopted"), {"decided_on": "2024-06-13"}
    )

    assert response.status_code == 302
    decision = ItemDecision.objects.get(item_key="planning_strategy.adopted")
    assert decision.decided_on == D(2024, 6, 13)
    assert decision.history.first().history_user == personas.editor
    after = client.get(url("list")).context["period"]
    assert after.item("planning_strategy.draft_public").date == D(2024, 5, 14)


def test_a_decision_after_the_legal_deadline_is_marked_late(client, personas):
    client.force_login(personas.editor)
    client.post(url("complete", "budget.2025"), {"decided_on": "2025-01-20"})
    page = client.get(url("list", module="okonomi")).content.decode()
    assert page.count("sp-plantakt-late") == 1


def test_completing_the_constitution_stores_the_constitution_date(client, personas):
    client.force_login(personas.editor)
    client.post(url("complete", "council.constitution"), {"decided_on": "2023-10-19"})
    period = client.get(url("list")).context["period"]
    assert period.constituted_on == D(2023, 10, 19)
    assert period.item("planning_strategy.adopted").date == D(2024, 10, 19)


@pytest.mark.parametrize(
    "data",
    [{"decided_on": "2030-01-01"}, {"decided_on": "i går"}, {"decided_on": ""}],
)
def test_bad_decision_dates_are_refused_with_400_and_nothing_stored(client, personas, data):
    client.force_login(personas.editor)
    before = state()
    response = client.post(url("complete", "planning_strategy.adopted"), data)
    assert response.status_code == 400
    assert b"error-summary" in response.content
    assert state() == before


def test_constitution_before_the_election_is_refused(client, personas):
    client.force_login(personas.editor)
    before = state()
    response = client.post(url("complete", "council.constitution"), {"decided_on": "2023-09-01"})
    assert response.status_code == 400
    assert state() == before


def test_unknown_item_key_is_404(client, personas):
    client.force_login(personas.editor)
    assert client.get(url("complete", "no.such.item")).status_code == 404


def test_reopening_removes_the_decision(client, personas):
    client.force_login(personas.editor)
    client.post(url("complete", "budget.2025"), {"decided_on": "2024-12-12"})
    assert ItemDecision.objects.count() == 1
    client.post(url("complete", "budget.2025"), {"reopen": "1"})
    assert ItemDecision.objects.count() == 0


def test_editor_adds_moves_and_completes_an_own_item_with_history(client, personas):
    client.force_login(personas.editor)
    response = client.post(
        url("item_new"), {"title": "Innbyggermøte", "date": "2025-03-12", "description": ""}
    )
    assert response.status_code == 302
    item = OwnItem.objects.get()
    assert (item.municipality_id, item.election_year) == (KNR, 2023)

    client.post(url("item_edit", item.pk), {"title": "Innbyggermøte", "date": "2025-04-02"})
    client.post(
        url("item_edit", item.pk),
        {"title": "Innbyggermøte", "date": "2025-04-02", "done_on": "2025-04-02"},
    )
    item.refresh_from_db()
    assert (item.date, item.done_on) == (D(2025, 4, 2), D(2025, 4, 2))
    page = client.get(url("item_edit", item.pk))
    assert len(page.context["history"]) == 3
    rows = client.get(url("list", kind="egen")).context["rows"]
    assert [row.item.title for row in rows] == ["Innbyggermøte"]
    assert rows[0].item.done


def test_own_item_outside_the_period_is_refused(client, personas):
    client.force_login(personas.editor)
    before = state()
    response = client.post(url("item_new"), {"title": "For sent", "date": "2031-01-01"})
    assert response.status_code == 400
    assert state() == before


def test_another_municipalitys_item_is_404(client, personas):
    foreign = OwnItem.objects.create(
        municipality=personas.other_municipality,
        election_year=2023,
        title="Utsira",
        date=D(2025, 1, 1),
    )
    client.force_login(personas.editor)
    assert client.get(url("item_edit", foreign.pk)).status_code == 404


def test_period_form_saves_constitution_and_master_plan_revision(client, personas):
    client.force_login(personas.editor)
    response = client.post(
        url("period"), {"constituted_on": "2023-10-19", "revise_master_plan": "on"}
    )
    assert response.status_code == 302
    period = client.get(url("period")).context["period"]
    assert period.constituted_on == D(2023, 10, 19)
    assert any(item.module == "kommuneplan" for item in period.items)
    assert client.get(url("period")).context["history"]


def test_period_form_refuses_constitution_after_october(client, personas):
    client.force_login(personas.editor)
    response = client.post(url("period"), {"constituted_on": "2023-11-15"})
    assert response.status_code == 400
    assert not MunicipalityPeriod.objects.exists()


def test_list_view_query_count_does_not_grow_with_items(
    client, personas, django_assert_max_num_queries
):
    client.force_login(personas.reader)
    client.get(url("list"))
    with django_assert_max_num_queries(15):
        client.get(url("list"))
    for day in range(1, 20):
        OwnItem.objects.create(
            municipality=personas.municipality,
            election_year=2023,
            title=f"Punkt {day}",
            date=D(2025, 1, day),
        )
    with django_assert_max_num_queries(15):
        client.get(url("list"))


# Calendar files and feed -------------------------------------------------------------------------


def parse(content: bytes) -> icalendar.Calendar:
    calendar = icalendar.Calendar.from_ical(content)
    assert calendar.get("version") == "2.0"
    assert calendar.get("prodid")
    return calendar


def test_ics_download_is_valid_icalendar_with_every_item(client, personas):
    client.force_login(personas.reader)
    response = client.get(url("ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = parse(response.content)
    events = calendar.walk("VEVENT")
    period = client.get(url("list")).context["period"]
    assert len(events) == len(period.items)
    uids = {str(event["uid"]) for event in events}
    assert len(uids) == len(events)
    strategy = next(e for e in events if str(e["uid"]).startswith("planning_strategy.adopted."))
    assert strategy.decoded("dtstart") == D(2024, 10, 31)
    assert "PBL § 10-1 (1)" in str(strategy["description"])


def test_feed_address_is_shown_once_and_works_without_login(client, personas):
    client.force_login(personas.editor)
    response = client.post(url("feed", periode=None), {"action": "regenerate"})
    assert response.status_code == 200
    feed_url = response.context["feed_url"]
    token = feed_url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert token not in feed.token_hash and len(feed.token_hash) == 64

    client.logout()
    subscribed = client.get(reverse("plantakt:feed_ics", args=[KNR, token]))
    assert subscribed.status_code == 200
    assert parse(subscribed.content).walk("VEVENT")
    # The page does not show the address again.
    client.force_login(personas.editor)
    assert token not in client.get(url("feed", periode=None)).content.decode()


def test_feed_with_a_wrong_or_revoked_token_is_404(client, personas):
    token = services.feed_regenerate(municipality=personas.municipality)
    other = services.feed_regenerate(municipality=personas.other_municipality)
    assert client.get(reverse("plantakt:feed_ics", args=[KNR, "gjetting"])).status_code == 404
    # A valid token of another municipality does not open this one.
    assert client.get(reverse("plantakt:feed_ics", args=[KNR, other])).status_code == 404
    client.force_login(personas.editor)
    client.post(url("feed", periode=None), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("plantakt:feed_ics", args=[KNR, token])).status_code == 404


def test_regenerating_the_feed_stops_the_old_address(client, personas):
    old = services.feed_regenerate(municipality=personas.municipality)
    new = services.feed_regenerate(municipality=personas.municipality)
    assert client.get(reverse("plantakt:feed_ics", args=[KNR, old])).status_code == 404
    assert client.get(reverse("plantakt:feed_ics", args=[KNR, new])).status_code == 200


def test_reader_cannot_manage_the_feed(client, personas):
    client.force_login(personas.reader)
    assert client.get(url("feed", periode=None)).status_code == 403
    assert client.post(url("feed", periode=None), {"action": "regenerate"}).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_dashboard_shows_the_next_deadlines(client, personas):
    client.force_login(personas.reader)
    page = client.get(reverse("municipalities:dashboard", args=[KNR])).content.decode()
    assert 'aria-labelledby="panel-plantakt"' in page


def test_next_deadlines_come_first_and_overdue_ones_apart_with_their_count(personas):
    from samplan.plantakt import selectors

    today = D(2026, 11, 22)
    result = selectors.next_items(personas.municipality, today)
    period = selectors.period_for(personas.municipality, 2023)
    open_overdue = [item for item in period.items if item.overdue(today)]
    assert result.upcoming, "the period has deadlines after today"
    # Past dates among them only for what waits for the constitution date to be recorded.
    assert all(item.date >= today or item.needs_date for item in result.upcoming)
    assert [item.date for item in result.upcoming] == sorted(item.date for item in result.upcoming)
    assert result.overdue_count == len(open_overdue) > 0
    assert all(item.overdue(today) for item in result.overdue)
    assert [item.date for item in result.overdue] == sorted(
        (item.date for item in result.overdue), reverse=True
    )


def test_dashboard_panel_lists_upcoming_before_the_marked_overdue_group(client, personas):
    client.force_login(personas.reader)
    page = client.get(reverse("municipalities:dashboard", args=[KNR])).content.decode()
    upcoming, overdue = (
        page.index('data-testid="deadlines-upcoming"'),
        page.index('data-testid="deadlines-overdue"'),
    )
    assert upcoming < overdue
    count = re.search(r"(\d+) (?:overdue deadlines?|forfalte frister?)", page)
    assert count and int(count.group(1)) > 0


def test_a_municipality_without_a_workspace_has_nothing_overdue(client, personas):
    from samplan.municipalities.models import Municipality

    personas.county_org.municipalities.add(Municipality.objects.get(number="5026"))
    client.force_login(personas.adviser)
    listing = reverse("plantakt:list", args=["5026"]) + "?periode=2023"
    page = client.get(listing).content.decode()
    assert "Holtålen har ikke tatt Samplan i bruk" in page
    assert "sp-plantakt-item--overdue" not in page
    tydal = client.get(url("list")).content.decode()
    assert "sp-plantakt-item--overdue" in tydal and "har ikke tatt Samplan i bruk" not in tydal


def test_history_names_a_recorded_item_by_its_title_and_a_norwegian_date(personas):
    from django.utils import formats, translation

    from samplan.core.audit import history_entries
    from samplan.plantakt.selectors import period_for

    period = period_for(personas.municipality, 2023)
    item = next(i for i in period.items if i.key != "council.constitution" and i.kind != "egen")
    services.item_complete(
        municipality=personas.municipality,
        election_year=2023,
        item_key=item.key,
        decided_on=item.date,
        today=item.date,
    )

    with translation.override("nb"):
        [entry] = history_entries(ItemDecision.history.all())
        expected = f"{item.title}: {formats.date_format(item.date, 'DATE_FORMAT')}"

    assert entry.subject == expected  # e.g. "... : 2. desember 2026", not the item's key
    assert item.key not in entry.subject


def test_items_another_module_registers_show_in_the_list_with_a_link_and_in_the_feed(
    client, personas
):
    from samplan.core import freshness
    from samplan.core.modules import _REGISTRY, CalendarItem, Module, register_module

    def items(municipality, election_year):
        return [
            CalendarItem(
                key="7", title="Verkstad med ungdomsrådet", date=D(2026, 12, 10), url="/x/7/"
            ),
            # Outside the period: not shown.
            CalendarItem(key="8", title="Etter perioden", date=D(2031, 1, 5)),
        ]

    register_module(
        Module(
            key="prosesstest",
            label="Prosesstest",
            url_name="plantakt:wheel",
            order=99,
            calendar_items=items,
        )
    )
    freshness.clear()
    try:
        client.force_login(personas.editor)
        page = client.get(url("list", module="prosesstest")).content.decode()
        assert "Verkstad med ungdomsrådet" in page and 'href="/x/7/"' in page
        assert "Etter perioden" not in page and "Prosesstest" in page
        feed = icalendar.Calendar.from_ical(client.get(url("ics")).content)
        summaries = [str(event["summary"]) for event in feed.walk("VEVENT")]
        assert any("Verkstad med ungdomsrådet" in summary for summary in summaries)
        # The timeline and the wheel give the module its own lane.
        assert "Verkstad med ungdomsrådet" in client.get(url("timeline")).content.decode()
        assert client.get(url("wheel")).status_code == 200
    finally:
        del _REGISTRY["prosesstest"]
        freshness.clear()


# plantakt/_items.html's row as the template wrote it before the rows' markup was made in
# Python (views._row_html): the reference the rows are compared with, byte for byte.
TEMPLATE_ROW = """{% load i18n plantakt %}{% for row in rows %}
  <li class="sp-plantakt-item{% if row.overdue %} sp-plantakt-item--overdue{% endif %}{% if row.item.done %} sp-plantakt-item--done{% endif %}" value="{{ row.number }}" data-key="{{ row.item.key }}">
    <p class="ds-paragraph"><strong><time datetime="{{ row.iso }}">{{ row.when }}</time></strong>{% if not row.item.year_only %} ({{ row.rule }}){% endif %} – {{ row.item.title }}</p>
    {% if row.item.assumed %}<p class="ds-paragraph sp-plantakt-assumed" data-size="sm">{% translate "Computed from 31 October, the latest legal constitution date, because the constitution date is missing: the real date is this one or earlier." %}</p>{% endif %}
    <p class="sp-actions"><span class="ds-tag sp-kind" data-color="{{ row.kind_colour }}" data-size="sm">{{ row.kind_label }}</span>
 <span>{{ row.module }}</span>
      {% if row.item.unconfirmed %}{% include "plantakt/_unconfirmed.html" %}{% endif %}
      {% if row.status %}<span class="ds-tag{% if row.item.done and row.status.1 != 'success' %} sp-plantakt-late{% endif %}" data-color="{{ row.status.1 }}" data-size="sm">{{ row.status.0 }}</span>{% endif %}
      {% if row.item.needs_date %}{% include "plantakt/_missing_constitution.html" %}{% endif %}
    </p>
    {% if row.item.explanation %}<p class="ds-paragraph" data-size="sm">{{ row.item.explanation }}</p>{% endif %}
    <p class="ds-paragraph sp-source" data-size="sm">{% if row.item.legal_basis %}{% translate "Basis:" %} {{ row.item.legal_basis }}{% endif %}{% if row.allowed_from %} · {{ row.allowed_from }}{% endif %}{% if row.depends_on %}{% if row.item.legal_basis %} · {% endif %}{% translate "Depends on:" %} {{ row.depends_on|join:"; " }}{% endif %}</p>
    {% if row.item.basis_unconfirmed %}<p class="ds-paragraph sp-plantakt-basis-unconfirmed" data-size="sm">{% include "plantakt/_unconfirmed.html" %} {% blocktranslate with paragraph=row.item.basis_unconfirmed %}The paragraph is not confirmed in the sources: {{ paragraph }}.{% endblocktranslate %}</p>{% endif %}
    {% if row.item.holiday %}<div class="ds-alert sp-plantakt-holiday" data-color="warning"><p class="ds-paragraph" data-size="sm">{% holiday_text row.item.holiday %}</p></div>{% endif %}
    {% if row.action %}<p class="ds-paragraph" data-size="sm"><a class="ds-link" href="{{ row.action }}">{{ row.action_text }}</a></p>{% endif %}
  </li>
{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("role", ["editor", "reader"])
@pytest.mark.parametrize("constituted", [True, False])
def test_the_rows_written_in_python_are_the_templates_byte_for_byte(
    client, personas, language, role, constituted
):
    """Every row of the period (legal deadlines, recommendations, unconfirmed rules, a holiday
    warning, a missing constitution date and dates computed without it, done and overdue
    items, an own item with markup in its title) as views.Row.html writes it and as the template
    wrote it, for an editor (the rows' links) and a reader, in each language."""
    from django.conf import settings
    from django.template import engines
    from django.utils import translation

    MunicipalityPeriod.objects.update_or_create(
        municipality=personas.municipality,
        election_year=2023,
        defaults={
            "constituted_on": D(2023, 10, 19) if constituted else None,
            "revise_master_plan": True,  # the programme's consultation overlaps a holiday
        },
    )
    if constituted:
        ItemDecision.objects.create(
            municipality=personas.municipality,
            election_year=2023,
            item_key="planning_strategy.adopted",
            decided_on=D(2025, 3, 1),
        )
    OwnItem.objects.create(
        municipality=personas.municipality,
        election_year=2023,
        title='Møte <b>"A & B"</b>',
        date=D(2026, 12, 1),
        description="Tekst & <i>mer</i>",
    )
    client.force_login(getattr(personas, role))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url("timeline"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) > 25
    items = [row.item for row in rows]
    assert any(item.holiday for item in items) and any(item.unconfirmed for item in items)
    assert any(item.needs_date for item in items) != constituted
    assert any(item.done for item in items) == constituted
    reference = engines["django"].from_string(TEMPLATE_ROW)
    with translation.override(language):
        expected = reference.render(
            {
                name: response.context[name]
                for name in ("rows", "can_edit", "municipality", "period")
            }
        )
        made = [row.html for row in rows]  # a row's texts in the page's language
    assert "".join(made) == expected
    page = response.content.decode()
    assert all(html in page for html in made)  # the timeline lists them by year


def test_the_wheel_marks_written_in_python_are_the_templates_byte_for_byte(client, personas):
    """The year wheel's marks (views.marks_html) as the template's loop wrote them, a done item
    among them."""
    from django.template import engines

    ItemDecision.objects.create(
        municipality=personas.municipality,
        election_year=2023,
        item_key="planning_strategy.adopted",
        decided_on=D(2024, 9, 1),
    )
    client.force_login(personas.editor)
    response = client.get(url("wheel", aar="2024"))
    # the page's own context (the wheel's frame, rendered once per process, has a wheel too)
    page = next(context for context in response.context if "wheel_marks" in context)
    shown = [item for item in page["period"].items if item.date.year == 2024]
    wheel = charts.wheel(shown, 2024)
    marks = wheel.marks
    assert len(marks) > 5 and any(mark.item.done for mark in marks)
    reference = engines["django"].from_string(
        "{% load l10n %}{% localize off %}{% for mark in wheel.marks %}"
        '<g class="sp-plantakt-mark sp-plantakt-mark--{{ mark.item.kind }}'
        '{% if mark.item.done %} sp-plantakt-mark--done{% endif %}">'
        '<circle cx="{{ mark.x }}" cy="{{ mark.y }}" r="10"/><text x="{{ mark.x }}" '
        'y="{{ mark.y }}" text-anchor="middle" dominant-baseline="central">{{ mark.number }}'
        "</text></g>{% endfor %}{% endlocalize %}"
    )
    expected = reference.render({"wheel": wheel})
    assert page["wheel_marks"] == expected
    assert expected in response.content.decode()


# The dashboard panel's item as plantakt/_next_item.html wrote it (an include per item), before
# the line was made in Python (selectors._next_shown): the reference, byte for byte.
TEMPLATE_NEXT_ITEM = (
    '{% load i18n %}{% if item.assumed %}{% translate "at the latest" %} {% endif %}'
    '<time datetime="{{ shown.iso }}">{{ shown.day }}</time>: {{ item.title }} '
    "({{ shown.kind }}){% if shown.overdue %} "
    '<span class="ds-tag" data-color="danger" data-size="sm">{{ shown.overdue }}</span>'
    '{% endif %}{% if item.needs_date %} <span class="ds-tag" data-color="warning" '
    'data-size="sm">{% translate "Constitution date missing" %}</span>{% endif %}'
    '{% if item.unconfirmed %} {% include "plantakt/_unconfirmed.html" %}{% endif %}\n'
)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_dashboard_panels_items_written_in_python_are_the_includes_byte_for_byte(language):
    """Every item of a period without a constitution date (dates computed from the latest
    one, the missing date itself, unconfirmed rules, overdue and coming items, an own item
    with markup in its title) as the panel's line and as the include wrote it."""
    from django.template import engines
    from django.utils import translation

    from samplan.plantakt import engine, selectors
    from samplan.plantakt.labels import KIND_LABELS

    today = D(2025, 2, 1)
    period = engine.compute(
        engine.PeriodInput(
            municipality=KNR,
            election_year=2023,
            own_items=(engine.OwnItem(3, 'Møte <b>"A & B"</b>', D(2024, 5, 2)),),
        )
    )
    items = period.items
    assert any(item.assumed for item in items) and any(item.needs_date for item in items)
    assert any(item.unconfirmed for item in items) and any(item.overdue(today) for item in items)
    reference = engines["django"].from_string(TEMPLATE_NEXT_ITEM)
    with translation.override(language):
        kinds = {key: str(label).lower() for key, label in KIND_LABELS.items()}
        texts = selectors._next_texts()
        for item in items:
            _item, shown = selectors._next_shown(item, today, kinds, texts)
            assert shown["html"] == reference.render({"item": item, "shown": shown})


@pytest.mark.parametrize("name", ["wheel", "timeline", "list", "period", "feed"])
@pytest.mark.parametrize("role", ["editor", "reader"])
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_header_rendered_once_is_the_templates_markup(client, personas, name, role, language):
    """{% plantakt_header %} gives plantakt/_header_fixed.html as the page's own context would
    render it, and another period's facts (the constitution date registered) show at once."""
    import dataclasses

    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    if role == "reader" and name == "feed":
        return
    client.force_login(getattr(personas, role))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    context = client.get(url(name)).context
    names = ("municipality", "is_example", "has_workspace", "can_edit", "periods")
    values = {key: context.get(key) for key in (*names, "unconfirmed_count")}
    period = context["period"]
    registered = dataclasses.replace(
        period, constituted_on=D(2023, 10, 17), constitution_assumed=False
    )
    made = set()
    with translation.override(language):
        for shown_period in (period, registered, period):
            for view, heading in ((name, "Overskrift <1>"), ("period", "Periode")):
                page = {**values, "period": shown_period, "view": view, "heading": heading}
                expected = render_to_string("plantakt/_header_fixed.html", page)
                assert render_to_string("plantakt/_header.html", page) == expected
                made.add(expected)
    assert len(made) == 4
