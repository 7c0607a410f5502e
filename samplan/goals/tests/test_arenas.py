"""How the goals plug into the political arenas (issue 20) and the public municipality page
(issue 17): a workshop about a goal or the handlingsdel saves its result and it shows there, the
elected members' course has the goals and their money in the municipality's own figures, and
the public municipality page links to the public goals only when there are some."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from samplan.core.modules import course_parts, workshop_subjects
from samplan.goals.arenas import MAX_PROPOSALS, public_links
from samplan.goals.models import ActionPlan, BudgetLine, FocusArea, Goal, Measure, MeasureStatus
from samplan.goals.tests.test_goals import frozen_today  # noqa: F401 (autouse: 2 Dec 2026)
from samplan.politics.tests.workshops import hold_workshop

pytestmark = [pytest.mark.django_db, pytest.mark.example_data("ssb", "goals")]
KNR = "5033"


def _subject(personas, key: str):
    return next(s for s in workshop_subjects(personas.municipality) if s.key == key)


def test_the_goals_and_measures_are_workshop_subjects(personas):
    plan = ActionPlan.objects.get(municipality_id=KNR, first_year=2026)
    goals = Goal.objects.filter(municipality_id=KNR)
    ranked = _subject(personas, "goals:2026")
    assert set(ranked.proposals) == set(goals.values_list("title", flat=True))
    assert ranked.url == plan.get_absolute_url()
    first = _subject(personas, "measures:2026")
    # The first measures by title; the planner can change the list before the workshop.
    titles = list(plan.measures.order_by("title").values_list("title", flat=True))
    assert len(titles) > MAX_PROPOSALS and list(first.proposals) == titles[:MAX_PROPOSALS]
    goal = Measure.objects.filter(action_plan=plan).first().goals.first()
    about_goal = _subject(personas, f"goal:{goal.pk}")
    served = set(plan.measures.filter(goals=goal).values_list("title", flat=True))
    assert served and served <= set(about_goal.proposals)
    assert about_goal.url == goal.get_absolute_url()


def test_a_workshop_about_a_goal_saves_its_result_to_the_goal_page(client, personas):
    plan = ActionPlan.objects.get(municipality_id=KNR, first_year=2026)
    goal = Measure.objects.filter(action_plan=plan).first().goals.first()
    other = Goal.objects.filter(municipality_id=KNR).exclude(pk=goal.pk).first()
    workshop = hold_workshop(personas, f"goal:{goal.pk}", "Verksted om målet")
    top = workshop.result["ranking"][0][0]
    client.force_login(personas.reader)
    page = client.get(reverse("goals:goal", args=[KNR, goal.pk])).content.decode()
    assert "Resultater av politiske verksteder om målet" in page
    assert "Verksted om målet" in page and workshop.held_on.strftime("%d.%m.%Y") in page
    assert "1 deltok." in page and top in page
    elsewhere = client.get(reverse("goals:goal", args=[KNR, other.pk])).content.decode()
    assert "Verksted om målet" not in elsewhere


def test_a_workshop_about_the_goals_shows_on_the_handlingsdel_page(client, personas):
    hold_workshop(personas, "goals:2026", "Hvilke mål er viktigst?")
    hold_workshop(personas, "measures:2026", "Hvilke tiltak først?")
    client.force_login(personas.reader)
    page = client.get(reverse("goals:plan", args=[KNR, 2026])).content.decode()
    assert "Hvilke mål er viktigst?" in page and "Hvilke tiltak først?" in page
    assert page.count("1 deltok.") == 2


def test_the_course_has_the_goals_and_their_money_in_own_figures(client, personas):
    plan = ActionPlan.objects.get(municipality_id=KNR, first_year=2026)
    measures = list(plan.measures.all())
    lines = list(BudgetLine.objects.filter(action_plan=plan))
    with translation.override("en"):
        part = next(p for p in course_parts(personas.municipality) if p.key == "mal")
        plan_name = str(plan)
    goal_count = Goal.objects.filter(municipality_id=KNR).count()
    kr = "{:,}".format
    assert part.title == "The goals and their money"
    assert f"The goal tree has {goal_count} goals." in part.facts
    assert f"{plan_name} has {len(measures)} measures." in part.facts
    year_sum = kr(sum(m.cost_1 for m in measures)).replace(",", "\u00a0")
    total = kr(sum(sum(m.costs) for m in measures)).replace(",", "\u00a0")
    assert f"The measures cost {year_sum} kr in 2026 and {total} kr over four years." in part.facts
    net = kr(sum(line.amount_1 or 0 for line in lines)).replace(",", "\u00a0").replace("-", "−")
    assert f"The budget for 2026 has {len(lines)} lines, net {net} kr." in part.facts
    # Each measure with a report counts once, at its latest status.
    reported = MeasureStatus.objects.filter(measure__action_plan=plan)
    follow_up = next(fact for fact in part.facts if fact.startswith("Latest follow-up: "))
    assert sum(int(n) for n in re.findall(r"\d+", follow_up)) == len(
        set(reported.values_list("measure_id", flat=True))
    )
    assert "administration carries out" in part.role
    client.force_login(personas.reader)
    page = client.get(reverse("politics:course", args=[KNR])).content.decode()
    assert "Målene og pengene" in page and f"Måltreet har {goal_count} mål." in page


def test_the_course_says_when_there_is_no_handlingsdel(personas):
    ActionPlan.objects.filter(municipality_id=KNR).delete()
    with translation.override("en"):
        part = next(p for p in course_parts(personas.municipality) if p.key == "mal")
    assert "No action part and financial plan is recorded yet." in part.facts
    assert part.url == reverse("goals:index", args=[KNR])


def test_the_public_page_links_to_the_public_goals_only_when_there_are_some(client, personas):
    detail = reverse("municipalities:detail", args=[KNR])
    public = reverse("goals:public", args=[KNR])
    assert f'href="{public}"' in client.get(detail).content.decode()
    assert client.get(public).status_code == 200
    # A public sub-goal under a goal that is not public shows nowhere: no link.
    _set(Goal.objects.filter(municipality_id=KNR, parent__isnull=True), public=False)
    assert public_links(personas.municipality) == []
    assert f'href="{public}"' not in client.get(detail).content.decode()
    assert client.get(public).status_code == 404
    # Public goals in a focus area that is not public do not count either.
    _set(Goal.objects.filter(municipality_id=KNR), public=True)
    _set(FocusArea.objects.filter(municipality_id=KNR), public=False)
    assert public_links(personas.municipality) == []
    assert f'href="{public}"' not in client.get(detail).content.decode()
    _set(FocusArea.objects.filter(municipality_id=KNR), public=True)
    assert [link.url for link in public_links(personas.municipality)] == [public]
    assert f'href="{public}"' in client.get(detail).content.decode()


def _set(queryset, **values) -> None:
    """Change each row with save(), as the app does (the page cache sees the change)."""
    for item in queryset:
        for field, value in values.items():
            setattr(item, field, value)
        item.save()
