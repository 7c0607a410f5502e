"""Audit history: who changed what, through views, single saves and bulk QuerySet writes."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from simple_history.models import HistoricalRecords

from samplan.core.audit import HistoryChange, HistoryEntry, history_entries, history_rows
from samplan.municipalities.models import Membership, Municipality, Organisation, Role
from samplan.municipalities.testing import make_member

ENGLISH = {"samplan_sprak": "en"}


@pytest.fixture
def english_client(client):
    client.cookies.load(ENGLISH)
    return client


def _membership(user: object) -> Membership:
    return Membership.objects.get(user=user)


# Through views: history_user is the logged-in user -------------------------------------------


def test_adding_a_member_through_the_view_records_who_did_it(client, personas):
    client.force_login(personas.admin)

    client.post(
        reverse("municipalities:member_add", args=[personas.workspace.slug]),
        {"email": "ny@tydal.test", "name": "Ny Person", "role": "editor"},
    )

    membership = Membership.objects.get(user__email="ny@tydal.test")
    record = membership.history.get()
    assert record.history_type == "+"
    assert record.history_user == personas.admin
    assert record.role == Role.EDITOR
    user_record = get_user_model().history.filter(email="ny@tydal.test").get()
    assert user_record.history_type == "+"
    assert user_record.history_user == personas.admin


def test_changing_a_role_through_the_view_records_who_did_it(client, personas):
    client.force_login(personas.admin)
    membership = _membership(personas.editor)

    response = client.post(
        reverse("municipalities:member_edit", args=[personas.workspace.slug, membership.pk]),
        {"role": "reader"},
    )

    assert response.status_code == 302
    latest = membership.history.latest()
    assert (latest.history_type, latest.role, latest.history_user) == (
        "~",
        "reader",
        personas.admin,
    )
    assert latest.prev_record.role == "editor"


def test_removing_a_member_through_the_view_records_who_did_it(client, personas):
    client.force_login(personas.admin)
    membership = _membership(personas.reader)

    client.post(
        reverse("municipalities:member_edit", args=[personas.workspace.slug, membership.pk]),
        {"remove": "1", "role": "reader"},
    )

    assert not Membership.objects.filter(pk=membership.pk).exists()
    deleted = Membership.history.filter(id=membership.pk).latest()
    assert (deleted.history_type, deleted.history_user) == ("-", personas.admin)


def test_changing_the_network_through_the_view_records_who_did_it(client, personas):
    county_admin = make_member(personas.county_org, "admin@trondelag.test", Role.ADMIN)
    client.force_login(county_admin)

    response = client.post(
        reverse("municipalities:network_edit", args=[personas.county_org.slug]),
        {"municipalities": ["5033", "5026"]},
    )

    assert response.status_code == 302
    latest = personas.county_org.history.latest()
    assert latest.history_user == county_admin
    assert set(latest.municipalities.values_list("municipality_id", flat=True)) == {"5033", "5026"}


def test_network_changes_in_history_name_the_municipalities_in_queries_independent_of_count(
    personas,
):
    organisation = personas.county_org
    organisation.municipalities.set(["5033"])
    organisation.municipalities.add("5026")

    def entries() -> list:
        return history_entries(organisation.history.all(), complete=True)

    with translation.override("nb"):
        first = [change for entry in entries() for change in entry.changes]
        assert any("Holtålen" in change.new and "Tydal" in change.new for change in first)
        with CaptureQueriesContext(connection) as few:
            entries()
        for number in ("5026", "5025", "5032", "5034", "5035"):
            organisation.municipalities.add(number)
        with CaptureQueriesContext(connection) as many:
            entries()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_editing_the_own_profile_records_the_user(client, personas):
    client.force_login(personas.reader)

    client.post(reverse("accounts:profile"), {"name": "Rita Ny", "language": "nn"})

    latest = personas.reader.history.latest()
    assert (latest.history_type, latest.name, latest.history_user) == (
        "~",
        "Rita Ny",
        personas.reader,
    )


def test_user_history_never_stores_the_password(personas):
    field_names = {field.name for field in get_user_model().history.model._meta.fields}

    assert "password" not in field_names
    assert "last_login" not in field_names


# Saves and deletes outside a request ---------------------------------------------------------


def test_saving_and_deleting_an_organisation_creates_history(personas):
    organisation = personas.county_org
    organisation.name = "Trøndelag fylkeskommune (ny)"
    organisation.save()
    organisation_id = organisation.pk
    organisation.memberships.all().delete()
    organisation.delete()

    types = list(
        Organisation.history.filter(id=organisation_id)
        .order_by("history_date", "history_id")
        .values_list("history_type", flat=True)
    )
    assert types[0] == "+"
    assert types[-2:] == ["~", "-"]
    assert Membership.history.filter(organisation_id=organisation_id, history_type="-").count() == 1


def test_queryset_delete_creates_history_for_each_row(personas):
    count = Membership.objects.filter(organisation=personas.workspace).count()

    Membership.objects.filter(organisation=personas.workspace).delete()

    assert (
        Membership.history.filter(organisation_id=personas.workspace.pk, history_type="-").count()
        == count
    )


# Bulk writes: the gap AuditedQuerySet closes -------------------------------------------------


def test_queryset_update_creates_history_for_each_changed_row(personas):
    memberships = Membership.objects.filter(organisation=personas.workspace)
    ids = set(memberships.values_list("pk", flat=True))
    before = Membership.history.count()

    updated = memberships.update(role=Role.READER)

    assert updated == len(ids) == 3
    new = Membership.history.order_by("-history_id")[: len(ids)]
    assert {record.id for record in new} == ids
    assert {(record.history_type, record.role) for record in new} == {("~", "reader")}
    assert Membership.history.count() == before + len(ids)


def test_queryset_update_of_nothing_creates_no_history(personas):
    before = Membership.history.count()

    assert Membership.objects.filter(role="nonexistent").update(role=Role.READER) == 0

    assert Membership.history.count() == before


def test_queryset_update_records_the_request_user(personas):
    HistoricalRecords.context.request = SimpleNamespace(user=personas.admin)
    try:
        Membership.objects.filter(user=personas.editor).update(role=Role.READER)
    finally:
        del HistoricalRecords.context.request

    latest = _membership(personas.editor).history.latest()
    assert (latest.role, latest.history_user) == ("reader", personas.admin)


def test_user_and_organisation_updates_create_history(personas):
    users_before = get_user_model().history.count()
    organisations_before = Organisation.history.count()

    get_user_model().objects.filter(pk=personas.reader.pk).update(name="Updated")
    Organisation.objects.filter(pk=personas.workspace.pk).update(name="Tydal (ny)")

    assert get_user_model().history.count() == users_before + 1
    assert personas.reader.history.latest().name == "Updated"
    assert Organisation.history.count() == organisations_before + 1
    assert personas.workspace.history.latest().name == "Tydal (ny)"


def test_bulk_create_creates_history_for_each_new_row(personas):
    users = [get_user_model().objects.create_user(email=f"bulk{i}@tydal.test") for i in range(3)]
    before = Membership.history.count()

    created = Membership.objects.bulk_create(
        [Membership(user=user, organisation=personas.workspace, role=Role.READER) for user in users]
    )

    assert all(membership.pk for membership in created)
    records = Membership.history.filter(user__in=users)
    assert records.count() == 3
    assert set(records.values_list("history_type", flat=True)) == {"+"}
    assert Membership.history.count() == before + 3


def test_bulk_update_creates_history_for_each_row(personas):
    memberships = list(Membership.objects.filter(user__in=[personas.editor, personas.reader]))
    for membership in memberships:
        membership.role = Role.ADVISER
    before = Membership.history.count()

    Membership.objects.bulk_update(memberships, ["role"])

    assert Membership.history.count() == before + 2
    for membership in memberships:
        latest = membership.history.latest()
        assert (latest.history_type, latest.role) == ("~", "adviser")


# Reading the history -------------------------------------------------------------------------


def test_history_entries_show_the_changed_field_with_old_and_new_value(personas):
    membership = _membership(personas.editor)
    membership.role = Role.READER
    membership.save()

    with translation.override("en"):
        entries = history_entries(membership.history.all())

    assert [entry.action for entry in entries] == ["Changed", "Created"]
    assert entries[0].changes == (HistoryChange(field="role", old="Editor", new="Reader"),)
    assert entries[1].changes == ()
    assert entries[0].who == "System"


def test_history_entries_name_the_user_and_compare_each_object_with_its_own_past(personas):
    HistoricalRecords.context.request = SimpleNamespace(user=personas.admin)
    try:
        Membership.objects.filter(user=personas.editor).update(role=Role.ADMIN)
        Membership.objects.filter(user=personas.reader).update(role=Role.EDITOR)
    finally:
        del HistoricalRecords.context.request
    mixed = Membership.history.filter(organisation_id=personas.workspace.pk).order_by(
        "-history_date", "-history_id"
    )

    with translation.override("en"):
        entries = history_entries(mixed)

    changed = [entry for entry in entries if entry.action == "Changed"]
    assert {entry.changes for entry in changed} == {
        (HistoryChange("role", "Editor", "Administrator"),),
        (HistoryChange("role", "Reader", "Editor"),),
    }
    assert {entry.who for entry in changed} == {"Anne Admin"}


def test_history_entries_show_foreign_keys_by_name(personas):
    tydal = personas.workspace
    tydal.municipality = Municipality.objects.get(number="5026")
    tydal.save()

    with translation.override("en"):
        entry = history_entries(tydal.history.all())[0]

    assert HistoryChange("municipality", "Tydal", "Holtålen") in entry.changes


def test_history_entries_respect_the_limit(personas):
    for role in [Role.READER, Role.EDITOR, Role.READER, Role.EDITOR]:
        Membership.objects.filter(user=personas.editor).update(role=role)

    entries = history_entries(_membership(personas.editor).history.all(), limit=2)

    assert len(entries) == 2


def test_organisation_page_shows_who_changed_what(english_client, personas):
    english_client.force_login(personas.admin)
    membership = _membership(personas.editor)
    english_client.post(
        reverse("municipalities:member_edit", args=[personas.workspace.slug, membership.pk]),
        {"role": "reader"},
    )

    response = english_client.get(
        reverse("municipalities:organisation", args=[personas.workspace.slug])
    )

    page = response.content.decode()
    history = page[page.index('id="history-heading"') :]
    rows = re.findall(r"<tr>(.*?)</tr>", history, flags=re.S)
    change_rows = [row for row in rows if "Editor → Reader" in row]
    assert len(change_rows) == 1
    assert "Anne Admin" in change_rows[0]
    assert "Changed" in change_rows[0]
    assert "Erik Editor" in change_rows[0]


def test_profile_page_shows_the_account_history(english_client, personas):
    english_client.force_login(personas.reader)
    english_client.post(reverse("accounts:profile"), {"name": "Rita Ny", "language": ""})

    response = english_client.get(reverse("accounts:profile"))

    page = response.content.decode()
    history = page[page.index('id="history-heading"') :]
    assert "Rita Reader → Rita Ny" in history


def test_history_values_are_written_as_a_norwegian_reader_expects():
    import datetime
    from decimal import Decimal

    from samplan.core.audit import display_value

    with translation.override("nb"):
        assert display_value(datetime.date(2026, 12, 2)) == "2. desember 2026"
        assert display_value(Decimal("9.25")) == "9,25"
        assert display_value(True) == "ja"
        assert display_value({"share": 23.5, "similar": 19.0}) == "23,5, 19,0"
        assert display_value(None) == display_value("") == display_value([]) == "–"
    with translation.override("nn"):
        assert display_value(datetime.date(2026, 12, 2)) == "2. desember 2026"
        assert display_value(False) == "nei"


def test_statement_history_names_the_statement_and_leaves_out_bookkeeping(personas):
    from samplan.stats.models import Statement

    statement = Statement.objects.create(
        municipality=personas.municipality, key="share_67", numbers={"share": 23.5}
    )
    statement.selected = True
    statement.save()

    with translation.override("nb"):
        entries = history_entries(statement.history.all())

    assert [f"{entry.action}: {entry.subject}" for entry in entries] == [
        "Endret: Andel 67 år eller eldre",
        "Opprettet: Andel 67 år eller eldre",
    ]
    assert [change.field for change in entries[0].changes] == ["bruk i planstrategien"]
    assert "share_67" not in str(entries)


def test_objects_in_history_are_named_without_numbers_or_keys(personas):
    from samplan.plantakt.models import CalendarFeed, MunicipalityPeriod
    from samplan.strategy.models import Strategy

    with translation.override("nn"):
        strategy = Strategy(municipality=personas.municipality, period_start=2023)
        period = MunicipalityPeriod(municipality=personas.municipality, election_year=2023)
        feed = CalendarFeed(municipality=personas.municipality)
        assert [str(strategy), str(period), str(feed)] == [
            "Planstrategi 2023–2027",
            "Valperioden 2023–2027",
            "Kalenderabonnement",
        ]


def test_a_service_records_the_user_it_is_given_outside_a_request(personas):
    from samplan.plans.services import plan_save
    from samplan.plans.tests.factories import PlanFactory

    plan = plan_save(
        plan=PlanFactory.build(title="Kommunedelplan for kulturminne"), user=personas.editor
    )
    assert plan.history.get().history_user == personas.editor
    # Without a user, Samplan itself acted: no user is made up.
    plan.title = "Kommunedelplan for kulturminner"
    plan_save(plan=plan)
    assert plan.history.latest().history_user is None


def test_a_service_must_take_keyword_arguments_with_the_acting_user():
    from samplan.core.audit import service

    with pytest.raises(TypeError, match="keyword arguments only"):

        @service
        def positional(plan: object, *, user: object = None) -> None: ...

    with pytest.raises(TypeError, match="with `user`"):

        @service
        def without_user(*, plan: object) -> None: ...


# The history table's rows, made in Python (core.audit.history_rows) ----------------------------

# includes/history.html's rows as the template wrote them before they were made in Python.
_TEMPLATE_ROWS = (
    "{% load i18n %}"
    "{% for entry in history %}\n"
    "          <tr>\n"
    "            <td><time datetime=\"{{ entry.when|date:'c' }}\">"
    '{{ entry.when|date:"DATETIME_FORMAT" }}</time></td>\n'
    "            <td>{{ entry.who }}</td>\n"
    "            <td>{{ entry.action }}: {{ entry.subject }}</td>\n"
    '            <td>{% if entry.changes %}<ul class="sp-plain-list">'
    "{% for change in entry.changes %}"
    "<li>{{ change.field }}: {{ change.old }} → {{ change.new }}</li>{% endfor %}</ul>"
    '{% else %}–{% endif %}{% if entry.reason %}<p class="ds-paragraph"><small>'
    '{% translate "Reason:" %} {{ entry.reason }}</small></p>{% endif %}</td>\n'
    "          </tr>\n"
    "        {% endfor %}"
)


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_history_rows_are_the_templates_rows_byte_for_byte(language):
    when = datetime.datetime(2026, 12, 3, 23, 30, 5, tzinfo=datetime.UTC)  # 4 December in Oslo
    entries = [
        HistoryEntry(when, "Kari <Planlegger>", "Endret", 'Plan "A" & B', (), ""),
        HistoryEntry(
            when,
            "System",
            "Changed",
            "Strategi",
            (HistoryChange("status", "<utkast>", "vedtatt & fryst"), HistoryChange("a", "–", "b")),
            "fordi <det> & så",
        ),
        HistoryEntry(when.replace(month=6), "Ola", "Opprettet", "Prioritering", (), "grunn"),
    ]
    with translation.override(language):
        old = Template(_TEMPLATE_ROWS).render(Context({"history": entries}))
        new = Template("{% load samplan %}{% history_rows history %}").render(
            Context({"history": entries})
        )
        assert history_rows([]) == Template(_TEMPLATE_ROWS).render(Context({"history": []}))
    assert new == old
    assert "&lt;Planlegger&gt;" in new and "&quot;A&quot; &amp; B" in new
