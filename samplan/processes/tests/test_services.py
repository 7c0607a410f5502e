"""Process plans: the services' rules, the checks, the template library and the hooks."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.core.exceptions import ValidationError

from samplan.core.modules import calendar_items, panel_data
from samplan.core.testing import database_features_read
from samplan.municipalities.models import County, OrganisationKind
from samplan.municipalities.services import organisation_create
from samplan.processes import checks, library, selectors, services
from samplan.processes.models import (
    Activity,
    ActivityKind,
    Actor,
    ActorKind,
    Group,
    KeyQuestion,
    Phase,
    Process,
    ProcessActor,
    ProcessKind,
    ProcessTemplate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def process(personas) -> Process:
    return services.process_create(
        process=Process(
            municipality=personas.municipality,
            name="Sentrumsutvikling",
            kind=ProcessKind.COMMUNITY_PART,
            desired_result="Et sentrum folk bruker.",
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
        ),
        user=personas.editor,
    )


def phase_in(process: Process, **fields) -> Phase:
    values = {
        "title": "Undersøkelse",
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2026, 3, 31),
        **fields,
    }
    return services.phase_save(phase=Phase(process=process, **values), user=None)


def test_a_new_process_has_the_six_key_questions_and_its_creator_in_the_history(process, personas):
    assert sorted(process.questions.values_list("key", flat=True)) == sorted(
        ["hvem", "kunnskap", "hvor", "hva", "ressurser", "aktorer"]
    )
    assert process.history.get().history_user == personas.editor
    assert KeyQuestion.history.filter(process_id=process.pk).count() == 6


def test_phases_need_the_desired_result_first(personas):
    process = services.process_create(
        process=Process(municipality=personas.municipality, name="Uten mål", kind="utvikling"),
        user=None,
    )
    with pytest.raises(ValidationError, match="ønsket resultat først"):
        phase_in(process)
    assert not Phase.objects.exists()


def test_the_desired_result_cannot_be_emptied_while_there_are_phases(process):
    phase_in(process)
    process.desired_result = " "
    with pytest.raises(ValidationError) as error:
        services.process_save(process=process, user=None, expected_version=process.version)
    assert "desired_result" in error.value.message_dict


@pytest.mark.parametrize("model", ["process", "phase", "activity"])
def test_an_end_before_the_start_is_refused(process, model):
    start, end = datetime.date(2026, 5, 1), datetime.date(2026, 4, 1)
    with pytest.raises(ValidationError) as error:
        if model == "process":
            process.starts_on, process.ends_on = start, end
            services.process_save(process=process, user=None, expected_version=process.version)
        elif model == "phase":
            phase_in(process, starts_on=start, ends_on=end)
        else:
            services.activity_save(
                activity=Activity(
                    phase=phase_in(process),
                    title="Verksted",
                    kind="verksted",
                    starts_on=start,
                    ends_on=end,
                ),
                user=None,
            )
    assert "ends_on" in error.value.message_dict


def test_an_activity_outside_its_phase_is_saved_with_a_warning(process):
    phase = phase_in(process)
    activity = services.activity_save(
        activity=Activity(
            phase=phase, title="Folkemøte", kind="folkemote", starts_on=datetime.date(2026, 5, 2)
        ),
        user=None,
    )
    assert Activity.objects.filter(pk=activity.pk).exists()
    warning = checks.activity_outside_phase(activity, phase)
    assert warning and "Folkemøte" in warning and "Undersøkelse" in warning
    inside = Activity(phase=phase, title="Inne", kind="annet", starts_on=datetime.date(2026, 2, 1))
    assert checks.activity_outside_phase(inside, phase) is None


def test_the_second_of_two_concurrent_saves_is_refused_and_overwrites_nothing(process):
    first = KeyQuestion.objects.get(process=process, key="hvem")
    second = KeyQuestion.objects.get(process=process, key="hvem")
    first.text = "Planlegger A"
    services.question_save(question=first, user=None, expected_version=first.version)
    second.text = "Planlegger B"
    with pytest.raises(ValidationError) as error:
        services.question_save(question=second, user=None, expected_version=second.version)
    assert error.value.code == "stale"
    stored = KeyQuestion.objects.get(pk=first.pk)
    assert (stored.text, stored.version) == ("Planlegger A", 2)


def test_two_saves_of_the_process_itself_are_checked_too(process):
    other = Process.objects.get(pk=process.pk)
    process.name = "Nytt navn"
    services.process_save(process=process, user=None, expected_version=1)
    other.owner = "Kommunedirektøren"
    with pytest.raises(ValidationError):
        services.process_save(process=other, user=None, expected_version=1)
    assert Process.objects.values_list("name", "owner").get() == ("Nytt navn", "")


def test_very_long_texts_are_refused_with_the_limit(process):
    process.desired_result = "x" * 20001
    with pytest.raises(ValidationError) as error:
        services.process_save(process=process, user=None, expected_version=process.version)
    assert "20000" in str(error.value.message_dict["desired_result"])
    process.refresh_from_db()
    process.desired_result = "lang tekst " * 1800  # 19 800 characters are fine
    services.process_save(process=process, user=None, expected_version=process.version)


def test_an_actor_in_use_is_not_removed_and_the_processes_are_named(process, personas):
    actor = services.actor_save(
        actor=Actor(municipality=personas.municipality, name="Ungdomsrådet", kind="politisk"),
        user=None,
    )
    role = services.role_save(role=ProcessActor(process=process, actor=actor), user=None)
    with pytest.raises(ValidationError, match="Sentrumsutvikling"):
        services.actor_delete(actor=actor, user=None)
    services.item_delete(item=role, user=None)
    services.actor_delete(actor=actor, user=None)
    assert not Actor.objects.exists()


def test_the_register_refuses_a_second_actor_with_the_same_name(personas):
    services.actor_save(
        actor=Actor(municipality=personas.municipality, name="Idrettslaget", kind="organisasjon"),
        user=None,
    )
    with pytest.raises(ValidationError):
        services.actor_save(
            actor=Actor(
                municipality=personas.municipality, name="idrettslaget", kind="organisasjon"
            ),
            user=None,
        )


def test_an_actor_of_another_municipality_cannot_join_the_process(process, personas):
    foreign = services.actor_save(
        actor=Actor(municipality=personas.other_municipality, name="Utsira IL", kind="gruppe"),
        user=None,
    )
    with pytest.raises(ValidationError):
        services.role_save(role=ProcessActor(process=process, actor=foreign), user=None)


def test_pbl_5_1_warns_a_statutory_process_for_each_group_without_actor_or_activity(
    process, personas
):
    def groups() -> set[str]:
        page = selectors.process_page(process)
        return {w.key for w in page["warnings"] if w.key.startswith("pbl-5-1")}

    assert groups() == {"pbl-5-1-barn_unge", "pbl-5-1-eldre", "pbl-5-1-funksjonsnedsettelse"}
    process.sami_relevant = True
    assert "pbl-5-1-samisk" in groups()
    youth = services.actor_save(
        actor=Actor(
            municipality=personas.municipality,
            name="Ungdomsrådet",
            kind="politisk",
            group=Group.CHILDREN_YOUTH,
        ),
        user=None,
    )
    services.role_save(role=ProcessActor(process=process, actor=youth), user=None)
    services.activity_save(
        activity=Activity(
            phase=phase_in(process), title="Seniortreff", kind="verksted", group=Group.OLDER
        ),
        user=None,
    )
    assert groups() == {"pbl-5-1-funksjonsnedsettelse", "pbl-5-1-samisk"}
    message = next(
        w.message for w in selectors.process_page(process)["warnings"] if "samisk" in w.key
    )
    assert "§ 5-1" in message
    process.kind = ProcessKind.DEVELOPMENT  # not a plan under the Act: no check
    assert groups() == set()


def test_a_phase_without_activities_is_reported_as_missing(process):
    phase = phase_in(process)
    keys = {w.key for w in selectors.process_page(process)["warnings"]}
    assert f"phase-{phase.pk}" in keys


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_shipped_template_has_both_languages_and_valid_choices(language):
    templates = library.shipped(language)
    assert len(templates) >= 3
    for template in templates:
        assert template.name and template.content["desired_result"]
        assert set(template.content["questions"]) == {
            "hvem",
            "kunnskap",
            "hvor",
            "hva",
            "ressurser",
            "aktorer",
        }
        for phase in template.content["phases"]:
            assert phase["activities"]
            for activity in phase["activities"]:
                assert activity["kind"] in ActivityKind.values
                assert activity.get("group", "") in ["", *Group.values]


def test_copying_a_template_makes_the_whole_process_and_remembers_the_source(personas):
    template = library.template_for(personas.municipality, "samplan:utviklingsprosjekt", "nn")
    process = library.template_copy(
        municipality=personas.municipality,
        template=template,
        name="Sentrum",
        starts_on=datetime.date(2026, 1, 5),
        user=personas.editor,
    )
    phases = list(process.phases.order_by("order"))
    assert [p.title for p in phases] == ["Undersøking", "Analyse", "Idéutvikling", "Konsept"]
    assert phases[0].starts_on == datetime.date(2026, 1, 5)
    assert phases[1].starts_on == phases[0].ends_on + datetime.timedelta(days=1)
    assert process.ends_on == phases[-1].ends_on
    assert Activity.objects.filter(phase__process=process, starts_on__isnull=False).count() == 10
    assert process.actor_roles.count() == len(template.content["actors"])
    assert process.questions.get(key="hvem").text.startswith("Kva er politisk")
    assert (process.source_template, process.source_version) == (template.key, 1)
    assert library.template_changes(process.source_snapshot, template.content) == []


def test_a_second_copy_reuses_the_actors_already_in_the_register(personas):
    template = library.shipped("nb")[0]
    for name in ("Første", "Andre"):
        library.template_copy(
            municipality=personas.municipality,
            template=template,
            name=name,
            starts_on=None,
            user=None,
        )
    assert Actor.objects.count() == len(template.content["actors"])
    assert not Activity.objects.filter(starts_on__isnull=False).exists()


def test_the_changes_page_lists_what_the_template_changed_since_the_copy():
    copied = library.shipped("nb")[0].content
    current = copy.deepcopy(copied)
    current["phases"][0]["activities"].append({"title": "Nytt verksted", "kind": "verksted"})
    current["phases"].pop()
    current["actors"][0]["why"] = "Ny begrunnelse"
    current["questions"]["hvem"] = "Nytt spørsmål"
    changes = {(c.what, c.text) for c in library.template_changes(copied, current)}
    assert ("added", "Nytt verksted") in changes
    assert ("removed", copied["phases"][-1]["title"]) in changes
    assert ("changed", copied["actors"][0]["name"]) in changes
    assert ("changed", "Nytt spørsmål") in changes


def test_a_county_template_is_offered_to_its_municipalities_only(personas):
    template = ProcessTemplate(
        organisation=personas.county_org,
        name="Trøndelagsmalen",
        kind="utvikling",
        language="nb",
        content={"desired_result": "Mål", "phases": [{"title": "Fase", "activities": []}]},
    )
    services.template_publish(template=template, user=personas.adviser)
    names = [t.name for t in library.available(personas.municipality, "nb")]
    assert "Trøndelagsmalen" in names
    assert "Trøndelagsmalen" not in [
        t.name for t in library.available(personas.other_municipality, "nb")
    ]
    organisation_create(
        name="Rogaland-kopi",
        kind=OrganisationKind.COUNTY_MUNICIPALITY,
        county=County.objects.get(number="11"),
        municipalities=[],
    )
    template.name = "Trøndelagsmalen 2"
    services.template_publish(template=template, user=personas.adviser)
    assert ProcessTemplate.objects.get().version == 2


def test_dated_activities_are_calendar_items_for_plantakt(process):
    phase = phase_in(process)
    services.activity_save(
        activity=Activity(
            phase=phase, title="Folkemøte", kind="folkemote", starts_on=datetime.date(2026, 2, 3)
        ),
        user=None,
    )
    services.activity_save(activity=Activity(phase=phase, title="Udatert", kind="annet"), user=None)
    items = [
        item
        for module, item in calendar_items(process.municipality, 2023)
        if module.key == "processes"
    ]
    assert [(i.title, i.date, i.url) for i in items] == [
        ("Folkemøte", datetime.date(2026, 2, 3), process.get_absolute_url())
    ]
    assert "Sentrumsutvikling" in items[0].description
    assert selectors.calendar_items(process.municipality, 2015) == []


def test_the_synthetic_process_for_the_benchmark_comes_from_a_shipped_template(personas):
    import random

    from samplan.processes.scale import process_scale_create

    rows = process_scale_create(personas.other_municipality, random.Random("7"))
    process = Process.objects.get(municipality=personas.other_municipality)
    assert rows == 1 + process.phases.count() and process.phases.count() >= 3
    assert process.name.endswith("(syntetisk)") and process.source_template.startswith("samplan:")


def test_a_change_and_a_removal_name_the_acting_user_in_the_history(process, personas):
    """The `service` decorator records the acting user; the services set nothing by hand."""
    actor = services.actor_save(
        actor=Actor(municipality=personas.municipality, name="Ungdomsrådet", kind=ActorKind.GROUP),
        user=personas.editor,
    )
    actor_id = actor.pk
    services.actor_delete(actor=actor, user=personas.admin)
    phase = phase_in(process)
    phase_id = phase.pk
    services.item_delete(item=phase, user=personas.admin)

    assert [
        (record.history_type, record.history_user) for record in Actor.history.filter(id=actor_id)
    ] == [
        ("-", personas.admin),
        ("+", personas.editor),
    ]
    assert Phase.history.filter(id=phase_id, history_type="-").get().history_user == (
        personas.admin
    )


def test_a_save_of_something_removed_in_the_meantime_is_refused_and_recreates_nothing(process):
    question = KeyQuestion.objects.get(process=process, key="hvem")
    KeyQuestion.objects.filter(pk=question.pk).delete()
    question.text = "Etter sletting"

    with pytest.raises(ValidationError) as error:
        services.question_save(question=question, user=None, expected_version=question.version)

    assert error.value.code == "gone"
    assert not KeyQuestion.objects.filter(pk=question.pk).exists()


def test_the_boards_process_column_counts_running_plans_with_the_next_activity(
    process, personas, django_assert_num_queries
):
    from django.utils import translation

    from samplan.processes.models import ProcessStatus

    Process.objects.filter(pk=process.pk).update(status=ProcessStatus.RUNNING)
    phase = phase_in(process)
    for title, day in (("Verksted", 20), ("Folkemøte", 10), ("Holdt", 1)):
        services.activity_save(
            activity=Activity(
                phase=phase, title=title, kind="annet", starts_on=datetime.date(2026, 5, day)
            ),
            user=None,
        )
    services.process_create(  # a planned process is not running
        process=Process(
            municipality=personas.municipality, name="Neste", kind=ProcessKind.SUB_PLAN
        ),
        user=None,
    )
    municipalities = [personas.municipality, personas.other_municipality]

    database_features_read()  # SQLite's JSON check: not counted, whichever test ran first
    with translation.override("en"), django_assert_num_queries(1):
        cells = panel_data(
            selectors.running_process_cells(municipalities, datetime.date(2026, 5, 2))
        )
    with translation.override("en"):
        late = panel_data(
            selectors.running_process_cells(municipalities, datetime.date(2027, 1, 4))
        )

    tydal, none = cells[personas.municipality.number], cells[personas.other_municipality.number]
    assert tydal.text == "1 running process plan · next: Folkemøte 10.05.2026"
    assert tydal.details == (  # "Holdt" (1 May) is past and not marked done
        "Sentrumsutvikling: next Folkemøte 10.05.2026"
        " · 1 past activity not marked as done: Holdt 01.05.2026",
    )
    assert (tydal.urgency, tydal.sort) == (0, 8)
    assert tydal.url == f"/kommune/{personas.municipality.number}/prosesser/"
    assert (none.text, none.urgency, none.details) == ("0 running process plans", 0, ())
    tydal = late[personas.municipality.number]
    assert tydal.text == "1 running process plan · 1 past its planned end"
    assert tydal.details == (
        "Sentrumsutvikling: no dated activity ahead · planned end 31.12.2026 passed"
        " · 3 past activities not marked as done, the oldest Holdt 01.05.2026",
    )
    assert tydal.urgency == 2 and tydal.sort < none.sort
