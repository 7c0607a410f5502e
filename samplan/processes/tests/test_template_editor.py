"""A county's own template, written with the same parts as a shipped one: the editor's forms,
the preview, the start from a shipped template, the history, the copy into a municipality and
what the template changed since."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samplan.processes import library
from samplan.processes.models import KeyQuestion, Process, ProcessActor, ProcessTemplate
from samplan.processes.template_forms import TemplateEditor

pytestmark = pytest.mark.django_db
KNR = "5033"

HEAD = {"name": "Stedsutvikling i Trøndelag", "kind": "sentrum", "language": "nb"}
CONTENT: dict[str, Any] = {
    "desired_result": "Et sentrum folk er stolte av",
    "desired_result_measure": "Kommunestyret vedtar planen",
    "results": [{"title": "Stedsanalysen er ferdig", "measure": "Lagt fram for formannskapet"}],
    "questions": {"hvem": "Hvem bor her, og hvem flytter?", "hva": "Hvilke tiltak prøver vi?"},
    "phases": [
        {
            "title": "Kartlegging",
            "goal": "Forstå stedet",
            "weeks": 6,
            "activities": [
                {"title": "Stedsanalyse", "kind": "arbeidsgruppe", "week": 0, "method": "Gå rundt"},
                {
                    "title": "Skoleverksted",
                    "kind": "verksted",
                    "week": 3,
                    "group": "barn_unge",
                    "county_guidance": True,
                },
            ],
        },
        {"title": "Tiltak", "goal": "Velge tiltak", "weeks": 4, "activities": []},
    ],
    "actors": [
        {
            "name": "Ungdomsrådet",
            "kind": "politisk",
            "involvement": "ma",
            "internal": True,
            "influence": 3,
            "stance": 4,
            "group": "barn_unge",
            "why": "Sentrum er deres møteplass",
        },
        {"name": "Næringsforeningen", "kind": "naeringsliv", "involvement": "kan", "influence": 4,
         "stance": 3},
    ],
}  # fmt: skip


def as_post(editor: TemplateEditor, action: str = "publish") -> dict[str, Any]:
    """What a browser sends for the editor's page as shown (unticked boxes left out)."""
    data: dict[str, Any] = {"action": action}
    forms = [editor.head]
    for formset in (editor.results, editor.phases, *editor.activities, editor.actors):
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is True:
                data[field.html_name] = "on"
            elif value is not None and value is not False:
                data[field.html_name] = value
    return data


def post_for(content: dict[str, Any], head: dict[str, Any] = HEAD, **changes: Any) -> dict:
    return {**as_post(TemplateEditor.from_template(head, content)), **changes}


def add_url(personas: Any) -> str:
    return reverse("processes:county_template_add", args=[personas.county_org.slug])


def edit_url(personas: Any, template: ProcessTemplate) -> str:
    return reverse("processes:county_template_edit", args=[personas.county_org.slug, template.pk])


def without_empties(value: Any) -> Any:
    """A template's content without the empty texts and false flags the editor leaves out."""
    if isinstance(value, dict):
        return {
            k: without_empties(v)
            for k, v in value.items()
            if v is not None and v is not False and v != ""
        }
    if isinstance(value, list):
        return [without_empties(item) for item in value]
    return value


@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("key", ["planstrategi", "samfunnsdel-liten-kommune", "utviklingsprosjekt"])
def test_every_shipped_template_goes_through_the_editor_unchanged(key, language):
    head, content = library.shipped_start(f"samplan-{key}", language)
    editor = TemplateEditor(post_for(content, head))
    assert editor.is_valid(), editor.errors()
    expected = {k: v for k, v in content.items() if k not in ("name", "description")}
    assert editor.content() == without_empties(expected)
    assert editor.head.cleaned_data["name"] == head["name"]


def test_a_county_publishes_a_full_template_and_a_copy_gets_every_part(client, personas):
    client.force_login(personas.adviser)
    assert client.post(add_url(personas), post_for(CONTENT)).status_code == 302
    template = ProcessTemplate.objects.get(organisation=personas.county_org)
    assert template.content == CONTENT and template.version == 1

    client.force_login(personas.editor)
    copy_url = reverse("processes:template", args=[KNR, f"fylke-{template.pk}"])
    page = client.get(copy_url).content.decode()
    assert "Hvem bor her, og hvem flytter?" in page and "Forstå stedet" in page
    client.post(copy_url, {"name": "Vårt sentrum", "starts_on": "2027-01-04"})
    copy = Process.objects.get(name="Vårt sentrum")
    phases = list(copy.phases.order_by("order"))
    assert [(p.title, p.goal) for p in phases] == [
        ("Kartlegging", "Forstå stedet"),
        ("Tiltak", "Velge tiltak"),
    ]
    assert str(phases[1].starts_on) == "2027-02-15" and str(copy.ends_on) == "2027-03-14"
    activity = phases[0].activities.get(title="Skoleverksted")
    assert activity.kind == "verksted" and activity.group == "barn_unge"
    assert activity.county_guidance
    assert str(activity.starts_on) == "2027-01-25"
    assert (
        KeyQuestion.objects.get(process=copy, key="hvem").text == "Hvem bor her, og hvem flytter?"
    )
    role = ProcessActor.objects.get(process=copy, actor__name="Ungdomsrådet")
    assert (role.involvement, role.stance, role.actor.internal) == ("ma", 4, True)
    assert copy.results.get().measure == "Lagt fram for formannskapet"
    changes_url = reverse("processes:changes", args=[KNR, copy.pk])
    assert "ikke endret siden kopien" in client.get(changes_url).content.decode()

    client.force_login(personas.adviser)
    phases_now = [
        {**CONTENT["phases"][0], "goal": "Forstå stedet og folka"},
        {**CONTENT["phases"][1], "activities": [{"title": "Folkemøte", "kind": "folkemote"}]},
    ]
    response = client.post(
        edit_url(personas, template), post_for({**CONTENT, "phases": phases_now})
    )
    assert response.status_code == 302
    client.force_login(personas.editor)
    page = client.get(changes_url).content.decode()
    table = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "versjon 2" in page and "Folkemøte" in table and "Kartlegging" in table


def test_the_county_sees_how_many_process_plans_were_copied_from_each_template(client, personas):
    client.force_login(personas.adviser)
    client.post(add_url(personas), post_for(CONTENT))
    client.post(add_url(personas), post_for(CONTENT, {**HEAD, "name": "Ubrukt mal"}))
    used = ProcessTemplate.objects.get(name=HEAD["name"])
    client.force_login(personas.editor)
    for name in ("Sentrum nord", "Sentrum sør"):
        copy_url = reverse("processes:template", args=[KNR, f"fylke-{used.pk}"])
        client.post(copy_url, {"name": name, "starts_on": "2027-01-04"})
    shipped = reverse("processes:template", args=[KNR, "samplan-utviklingsprosjekt"])
    client.post(shipped, {"name": "Fra Samplans mal", "starts_on": "2027-01-04"})
    assert Process.objects.count() == 3

    client.force_login(personas.adviser)
    page = client.get(reverse("processes:county_templates", args=[personas.county_org.slug]))

    uses = {template.name: template.uses for template in page.context["templates"]}
    assert uses == {HEAD["name"]: 2, "Ubrukt mal": 0}
    assert "<td>2</td>" in page.content.decode() and "<td>0</td>" in page.content.decode()


def test_the_history_shows_who_published_which_version_and_what_it_changed(client, personas):
    client.force_login(personas.adviser)
    client.post(add_url(personas), post_for(CONTENT))
    template = ProcessTemplate.objects.get()
    actors = [*CONTENT["actors"], {"name": "Eldrerådet", "kind": "politisk", "involvement": "bor"}]
    client.post(edit_url(personas, template), post_for({**CONTENT, "actors": actors}))
    page = client.get(edit_url(personas, template)).content.decode()
    history = page[page.index('id="versions-heading"') :]
    assert "Arne Adviser" in history and "Eldrerådet" in history and "Første versjon" in history
    assert [r.history_user for r in template.history.all()] == [personas.adviser] * 2


def test_a_preview_shows_the_template_as_the_municipalities_will_and_publishes_nothing(
    client, personas
):
    client.force_login(personas.adviser)
    response = client.post(add_url(personas), post_for(CONTENT, action="preview"))
    page = response.content.decode()
    assert response.status_code == 200 and not ProcessTemplate.objects.exists()
    preview = page[page.index('id="preview"') : page.index("sp-template-editor")]
    for text in (
        "Et sentrum folk er stolte av",
        "Hvilke tiltak prøver vi?",
        "Skoleverksted",
        "Arbeidsgruppe",
        "Barn og unge",
        "Ungdomsrådet",
        "må være med",
    ):
        assert text in preview, text  # fmt: skip
    assert 'value="Kartlegging"' in page  # the form keeps what was written


def test_add_a_row_shows_the_form_again_with_one_more_empty_row_and_what_was_written(
    client, personas
):
    client.force_login(personas.adviser)
    data = post_for(CONTENT, action="add-activity-1")
    page = client.post(add_url(personas), data).content.decode()
    assert 'name="phase-1-activity-0-title"' in page and 'value="Stedsanalyse"' in page
    assert 'name="phase-1-activity-1-title"' not in page
    assert page.count("autofocus") == 1
    assert 'name="phase-1-activity-0-title"' in page[page.index("autofocus") - 200 :]
    page = client.post(add_url(personas), post_for(CONTENT, action="add-phase")).content.decode()
    assert 'name="phase-2-title"' in page and 'name="phase-2-activity-0-title"' in page
    page = client.post(add_url(personas), post_for(CONTENT, action="add-actor")).content.decode()
    assert 'name="actor-2-name"' in page and not ProcessTemplate.objects.exists()


def test_a_blank_row_is_left_out_and_a_removed_one_goes(client, personas):
    client.force_login(personas.adviser)
    content = {**CONTENT, "actors": [*CONTENT["actors"], {}]}
    data = post_for(content, **{"phase-1-DELETE": "on", "phase-1-activity-0-title": ""})
    assert client.post(add_url(personas), data).status_code == 302
    saved = ProcessTemplate.objects.get().content
    assert [p["title"] for p in saved["phases"]] == ["Kartlegging"]
    assert [a["name"] for a in saved["actors"]] == ["Ungdomsrådet", "Næringsforeningen"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phase-0-title": "", "phase-1-title": ""}, "Skriv minst én fase."),
        ({"phase-1-title": "Kartlegging"}, "To faser har samme tittel."),
        ({"phase-0-title": "", "phase-0-goal": ""}, "Gi fasen en tittel: den har aktiviteter."),
        (
            {"phase-0-activity-1-week": "6"},
            "Fasen varer 6 uker: aktiviteten må starte i uke 0 til 5.",
        ),  # noqa: E501
        ({"actor-1-name": "ungdomsrådet"}, "To aktører har samme navn."),
        ({"result-0-title": ""}, "Skriv en tittel, eller tøm raden for å utelate den."),
        ({"desired_result": ""}, "Feltet er påkrevet."),
        ({"phase-0-weeks": "-1"}, "Verdien må være større enn eller lik 0."),
        ({"phase-TOTAL_FORMS": "200"}, "send inn maks 30 skjemaer"),
    ],
)
def test_the_editor_refuses_bad_input_in_norwegian_and_saves_nothing(
    client, personas, changes, message
):
    client.force_login(personas.adviser)
    response = client.post(add_url(personas), post_for(CONTENT, **changes))
    assert response.status_code == 400 and not ProcessTemplate.objects.exists()
    assert message in response.content.decode()


def test_a_post_without_the_lists_is_refused(client, personas):
    client.force_login(personas.adviser)
    data = {"name": "X", "kind": "utvikling", "language": "nb", "desired_result": "Y"}
    assert client.post(add_url(personas), data).status_code == 400
    assert not ProcessTemplate.objects.exists()


def test_a_new_template_starts_from_a_shipped_one_or_from_scratch(client, personas):
    client.force_login(personas.adviser)
    listing = client.get(
        reverse("processes:county_templates", args=[personas.county_org.slug])
    ).content.decode()
    assert 'value="samplan-utviklingsprosjekt"' in listing
    page = client.get(add_url(personas), {"fra": "samplan-utviklingsprosjekt", "sprak": "nn"})
    head, content = library.shipped_start("samplan-utviklingsprosjekt", "nn")
    assert f'value="{content["phases"][0]["title"]}"' in page.content.decode()
    assert f'value="{head["name"]}"' in page.content.decode()
    blank = client.get(add_url(personas)).content.decode()
    assert 'name="phase-0-title"' in blank and 'name="phase-1-title"' not in blank
    assert (
        client.get(add_url(personas), {"fra": "samplan-ukjent", "sprak": "nb"}).status_code == 404
    )
    sami = client.get(add_url(personas), {"fra": "samplan-planstrategi", "sprak": "se"})
    assert sami.status_code == 404


def test_an_adviser_of_another_county_gets_404_and_changes_nothing(client, personas):
    client.force_login(personas.adviser)
    client.post(add_url(personas), post_for(CONTENT))
    template = ProcessTemplate.objects.get()
    client.force_login(personas.outsider_adviser)
    assert client.get(edit_url(personas, template)).status_code == 404
    data = post_for({**CONTENT, "desired_result": "Inntrenger"})
    assert client.post(edit_url(personas, template), data).status_code == 404
    assert client.post(add_url(personas), data).status_code == 404
    template.refresh_from_db()
    assert template.version == 1 and template.content == CONTENT
    assert ProcessTemplate.objects.count() == 1


def test_a_template_written_as_plain_text_opens_in_the_editor_and_copies_see_no_false_change(
    personas,
):
    old = {
        "desired_result": "Mål",
        "phases": [
            {"title": "Fase", "goal": "", "activities": [{"title": "Møte", "kind": "annet"}]}
        ],
        "actors": [{"name": "Ungdomsrådet", "kind": "organisasjon", "involvement": "bor"}],
    }
    editor = TemplateEditor(post_for(old))
    assert editor.is_valid(), editor.errors()
    assert library.template_changes(old, editor.content()) == []


HOSTILE = ["\x00", "x" * 25000, "<script>alert(1)</script>", "2024-02-30", "-1", "9" * 20]
HOSTILE_FIELDS = [
    "name", "kind", "question_hva", "result-0-title", "phase-0-title", "phase-0-weeks",
    "phase-0-activity-0-week", "phase-0-activity-0-kind", "actor-0-influence", "actor-0-name",
    "phase-TOTAL_FORMS", "phase-0-activity-TOTAL_FORMS", "actor-INITIAL_FORMS", "action",
]  # fmt: skip


def test_hostile_input_is_refused_whole_or_saved_whole(client, personas):
    client.force_login(personas.adviser)
    for field in HOSTILE_FIELDS:
        for value in HOSTILE:
            before = ProcessTemplate.history.count()
            response = client.post(add_url(personas), post_for(CONTENT, **{field: value}))
            assert response.status_code in (200, 302, 400), (field, value[:20])
            if response.status_code != 302:
                assert ProcessTemplate.history.count() == before, (field, value[:20])
            else:
                saved = ProcessTemplate.objects.latest("pk")
                assert saved.content["phases"] and "\x00" not in str(saved.content)
