"""Each plan-health rule, on plain facts (no database)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from samplan.plans import health
from samplan.plans.health import PeerPortfolio, PlanFacts, assess

TODAY = datetime.date(2026, 11, 22)


def plan(id_: int = 1, **overrides) -> PlanFacts:
    values = {
        "id": id_,
        "title": f"Temaplan {id_}",
        "plan_type": "temaplan",
        "status": "gjeldende",
        "adopted_year": 2024,
        "next_revision": datetime.date(2028, 6, 1),
        "responsible_unit": "Plan",
        "responsible_person": "",
        "pages": 10,
        "themes": (),
        "is_statutory": False,
        "in_financial_plan": False,
    }
    values.update(overrides)
    return PlanFacts(**values)


def kinds_for(plan_id, findings):
    return {finding.kind for finding in findings if finding.plan_id == plan_id}


def complete_statutory_set() -> list[PlanFacts]:
    """Current statutory plans so that no statutory_missing finding appears."""
    titles = [
        (101, "Kommunal planstrategi 2024–2027", "planstrategi"),
        (102, "Kommuneplanens samfunnsdel", "samfunnsdel"),
        (103, "Kommuneplanens arealdel", "arealdel"),
        (104, "Handlings- og økonomiplan", "handlingsdel"),
        (105, "Folkehelseoversikt 2024", "oversikt"),
        (106, "Helhetlig ROS 2024", "oversikt"),
        (107, "Overordnet beredskapsplan", "beredskapsplan"),
        (108, "Smittevernplan", "temaplan"),
        (109, "Alkoholpolitisk handlingsplan", "handlingsplan"),
    ]
    return [
        plan(id_, title=title, plan_type=plan_type, adopted_year=2026, is_statutory=True)
        for id_, title, plan_type in titles
    ]


def test_revision_overdue_is_a_serious_finding_suggesting_revision():
    findings = assess([plan(next_revision=datetime.date(2025, 1, 1))], today=TODAY)
    overdue = [f for f in findings if f.kind == health.REVISION_OVERDUE]
    assert len(overdue) == 1
    assert overdue[0].severity == health.HIGH
    assert overdue[0].suggestion == "revidere"


@pytest.mark.parametrize(
    ("due", "overdue"),
    [(datetime.date(2026, 1, 1), False), (datetime.date(2025, 1, 1), True)],
    ids=["due-this-year", "due-last-year"],
)
def test_a_revision_known_only_by_its_year_is_due_during_that_year(due, overdue):
    findings = assess([plan(next_revision=due, next_revision_year_only=True)], today=TODAY)

    assert (health.REVISION_OVERDUE in kinds_for(1, findings)) is overdue
    [finding] = [f for f in findings if f.kind.startswith("revision")]
    assert f"i {due.year}" in finding.reason, finding.reason  # not "01.01.2025"


@pytest.mark.parametrize(
    ("adopted", "severity"),
    [(2024, None), (2023, None), (2022, health.MEDIUM), (2018, health.HIGH)],
)
def test_the_alcohol_policy_plan_is_due_in_every_council_term(adopted, severity):
    """Alkoholloven § 1-7d: each council deals with it; the term began in 2023 (TODAY: 2026)."""
    plans = [
        p if p.title != "Alkoholpolitisk handlingsplan" else plan(p.id, **{
            **{k: getattr(p, k) for k in ("title", "plan_type", "is_statutory")},
            "adopted_year": adopted,
        })
        for p in complete_statutory_set()
    ]  # fmt: skip

    with translation.override("nb"):
        found = [f for f in assess(plans, today=TODAY) if f.kind == health.STATUTORY_OUTDATED]

    assert [f.severity for f in found] == ([severity] if severity else [])
    if severity:
        assert found[0].reason.endswith(
            f"fra {adopted}, før dette kommunestyrets periode begynte i 2023."
        )
        assert "hvert kommunestyre" in found[0].reason and "4 år" not in found[0].reason


def test_revision_due_within_the_election_period_is_flagged_but_not_overdue():
    findings = assess([plan(next_revision=datetime.date(2027, 5, 1))], today=TODAY)
    assert kinds_for(1, findings) >= {health.REVISION_DUE_IN_PERIOD}
    assert health.REVISION_OVERDUE not in kinds_for(1, findings)


def test_revision_after_the_election_period_is_not_flagged():
    findings = assess([plan(next_revision=datetime.date(2028, 1, 1))], today=TODAY)
    assert not kinds_for(1, findings) & {health.REVISION_DUE_IN_PERIOD, health.REVISION_OVERDUE}


def test_repealed_plans_are_not_assessed():
    findings = assess(
        [plan(status="opphevet", next_revision=datetime.date(2010, 1, 1), responsible_unit="")],
        today=TODAY,
    )
    assert kinds_for(1, findings) == set()


def test_missing_statutory_overview_is_reported_without_a_plan():
    plans = [p for p in complete_statutory_set() if "ROS" not in p.title]
    findings = assess(plans, today=TODAY)
    missing = [f for f in findings if f.kind == health.STATUTORY_MISSING]
    assert [f.plan_title for f in missing] == ["Helhetlig risiko- og sårbarhetsanalyse (ROS)"]
    assert missing[0].plan_id is None
    assert missing[0].suggestion == "ny_plan"
    assert "Sivilbeskyttelsesloven § 14" in missing[0].reason


def test_complete_statutory_set_has_no_missing_finding():
    findings = assess(complete_statutory_set(), today=TODAY)
    assert not [f for f in findings if f.kind == health.STATUTORY_MISSING]


def test_outdated_public_health_overview_is_reported():
    plans = [p for p in complete_statutory_set() if "Folkehelse" not in p.title]
    plans.append(
        plan(
            200,
            title="Folkehelseoversikt 2019",
            plan_type="oversikt",
            adopted_year=2019,
            is_statutory=True,
        )
    )
    findings = assess(plans, today=TODAY)
    outdated = [f for f in findings if f.kind == health.STATUTORY_OUTDATED]
    assert [f.plan_id for f in outdated] == [200]
    assert "2019" in outdated[0].reason


def test_plan_without_owner_is_reported():
    findings = assess([plan(responsible_unit="", responsible_person=" ")], today=TODAY)
    assert health.NO_OWNER in kinds_for(1, findings)
    findings = assess([plan(responsible_unit="", responsible_person="Kari")], today=TODAY)
    assert health.NO_OWNER not in kinds_for(1, findings)


def test_overlapping_themes_suggest_merging_into_the_larger_plan():
    plans = [
        plan(1, themes=("Næring", "reiseliv"), pages=30),
        plan(2, themes=("næring", "reiseliv"), pages=10),
        plan(3, themes=("skole",)),
    ]
    findings = assess(plans, today=TODAY)
    overlap = {f.plan_id: f for f in findings if f.kind == health.THEME_OVERLAP}
    assert set(overlap) == {1, 2}
    assert overlap[2].related_plan_ids == (1,)
    assert overlap[2].suggestion == "slå_sammen"
    assert overlap[1].suggestion == ""  # the larger plan is the one to keep
    assert "«næring», «reiseliv»" in overlap[2].reason


def test_overlap_with_the_master_plan_is_not_a_finding():
    plans = [
        plan(1, title="Kommuneplanens samfunnsdel", plan_type="samfunnsdel", themes=("bolig",)),
        plan(2, themes=("bolig",)),
    ]
    findings = assess(plans, today=TODAY)
    assert not [f for f in findings if f.kind == health.THEME_OVERLAP]


def test_plan_older_than_two_election_periods_suggests_repeal_unless_statutory():
    old = assess([plan(adopted_year=2015)], today=TODAY)
    assert [f.suggestion for f in old if f.kind == health.OLDER_THAN_TWO_PERIODS] == ["oppheve"]
    statutory = assess([plan(adopted_year=2015, is_statutory=True)], today=TODAY)
    assert [f.suggestion for f in statutory if f.kind == health.OLDER_THAN_TWO_PERIODS] == [
        "revidere"
    ]
    recent = assess([plan(adopted_year=2019)], today=TODAY)
    assert not [f for f in recent if f.kind == health.OLDER_THAN_TWO_PERIODS]


def test_portfolio_size_compares_with_similar_municipalities():
    plans = [plan(i, pages=20) for i in range(1, 11)]
    peers = [PeerPortfolio("1", 4, 80), PeerPortfolio("2", 5, 100), PeerPortfolio("3", 6, 90)]
    finding = next(
        f for f in assess(plans, today=TODAY, peers=peers) if f.kind == health.PORTFOLIO_SIZE
    )
    assert finding.severity == health.MEDIUM
    assert "10" in finding.reason and "200" in finding.reason and "median" in finding.reason
    small = next(
        f for f in assess(plans[:4], today=TODAY, peers=peers) if f.kind == health.PORTFOLIO_SIZE
    )
    assert small.severity == health.INFO


def test_findings_are_sorted_most_severe_first():
    findings = assess(
        [plan(next_revision=datetime.date(2020, 1, 1), responsible_unit="")], today=TODAY
    )
    severities = [health.SEVERITY_ORDER[f.severity] for f in findings]
    assert severities == sorted(severities)


def test_election_period_end_follows_the_constitution_in_october():
    assert health.election_period_end(datetime.date(2026, 11, 22)) == datetime.date(2027, 10, 31)
    assert health.election_period_end(datetime.date(2027, 9, 1)) == datetime.date(2027, 10, 31)
    assert health.election_period_end(datetime.date(2027, 11, 1)) == datetime.date(2031, 10, 31)


def test_finding_json_shape_is_stable():
    finding = assess([plan(next_revision=datetime.date(2020, 1, 1))], today=TODAY)[0]
    assert set(finding.as_json()) == {
        "kind",
        "severity",
        "reason",
        "plan_id",
        "plan_title",
        "suggestion",
        "related_plan_ids",
        "keep_reason",
    }


@settings(deadline=None)  # parallel runs on a busy machine are slow
@given(
    st.lists(
        st.builds(
            plan,
            id_=st.integers(1, 10_000),
            status=st.sampled_from(
                ["i_arbeid", "gjeldende", "under_revisjon", "utgaatt", "opphevet"]
            ),
            adopted_year=st.none() | st.integers(1950, 2026),
            next_revision=st.none()
            | st.dates(datetime.date(1990, 1, 1), datetime.date(2060, 1, 1)),
            themes=st.lists(st.text(max_size=12), max_size=4).map(tuple),
            pages=st.none() | st.integers(0, 5000),
        ),
        max_size=30,
    )
)
def test_assess_never_fails_and_only_reports_current_plans(plans):
    findings = assess(plans, today=TODAY)
    current_ids = {p.id for p in plans if p.is_current}
    for finding in findings:
        assert finding.severity in health.SEVERITY_ORDER
        if finding.plan_id is not None:
            assert finding.plan_id in current_ids


# Plans that must be kept, and versions (issue 13) --------------------------------------------

KEPT = [
    ("Kommunedelplan for idrett og fysisk aktivitet 2010–2013", "kommunedelplan", "spillemidler"),
    ("Plan for idrettsanlegg og friluftsliv", "temaplan", "spillemidler"),
    ("Trafikksikkerhetsplan 2008–2011", "temaplan", "trafikksikkerhetstiltak"),
    ("Trafikktryggingsplan", "temaplan", "trafikksikkerhetstiltak"),
    ("Kommunedelplan for Vikbygd sentrum", "kommunedelplan_areal", "arealbruken"),
    ("Kommunedelplan for sjøområdene", "kommunedelplan", "arealbruken"),
]


@pytest.mark.parametrize(("title", "plan_type", "why"), KEPT)
def test_a_kept_plan_is_never_suggested_repealed_or_merged_and_says_why(title, plan_type, why):
    old = plan(1, title=title, plan_type=plan_type, adopted_year=2008, themes=("felles",))
    bigger = plan(2, title="Stor temaplan", pages=500, themes=("felles",))

    with translation.override("nb"):
        findings = [f for f in assess([old, bigger], today=TODAY) if f.plan_id == 1]

    assert {f.kind for f in findings} >= {health.OLDER_THAN_TWO_PERIODS, health.THEME_OVERLAP}
    assert not {f.suggestion for f in findings} & {"oppheve", "slå_sammen"}
    assert all(why in f.keep_reason for f in findings)
    old_finding = next(f for f in findings if f.kind == health.OLDER_THAN_TWO_PERIODS)
    assert old_finding.suggestion == "revidere"
    assert why in old_finding.reason


@pytest.mark.parametrize(
    "title", ["Plan for fysisk aktivitet i skolen", "Kulturplan", "Kommunedelplan for kultur"]
)
def test_other_old_plans_may_still_be_suggested_repealed(title):
    old = plan(1, title=title, plan_type="temaplan", adopted_year=2008)

    findings = assess([old], today=TODAY)

    assert [f.suggestion for f in findings if f.plan_id == 1] == ["oppheve"]
    assert all(f.keep_reason == "" for f in findings)


def test_only_the_newest_version_of_a_rolling_plan_is_judged():
    versions = [
        plan(
            year,
            title=f"Handlingsprogram {year}–{year + 3}",
            plan_type="handlingsdel",
            adopted_year=year - 1,
            next_revision=datetime.date(year, 12, 15),
        )
        for year in range(2019, 2027)
    ]

    findings = assess([*versions, *complete_statutory_set()], today=TODAY)

    newest = [f for f in findings if f.plan_id == 2026]
    assert [f.kind for f in newest] == [health.REVISION_DUE_IN_PERIOD]
    for year in range(2019, 2026):
        assert [(f.kind, f.suggestion) for f in findings if f.plan_id == year] == [
            (health.SUPERSEDED_VERSION, "")
        ]
    assert health.STATUTORY_MISSING not in {f.kind for f in findings}


def test_a_plan_another_plan_replaces_is_not_judged_or_suggested_for_revision():
    replaced = plan(1, next_revision=datetime.date(2020, 1, 1), replaced=True)

    findings = assess([replaced], today=TODAY)

    assert [f for f in findings if f.plan_id == 1] == []


def test_the_dashboards_assessment_is_remembered_for_the_same_facts_day_peers_and_language():
    """plans.selectors.assessed: the same facts, day, peers and language give the assessment
    made before; a changed plan, another day or another language is assessed afresh."""
    from samplan.plans.selectors import assessed

    facts = (plan(1, next_revision=datetime.date(2025, 1, 1)), plan(2))
    peers = (PeerPortfolio("5034", 40, 900),)
    with translation.override("nb"):
        first = assessed(facts, TODAY, peers, "nb")
        assert list(first) == assess(facts, today=TODAY, peers=peers)
        assert assessed((*facts,), TODAY, (*peers,), "nb") is first
        revised = (plan(1, next_revision=datetime.date(2029, 1, 1)), plan(2))
        assert list(assessed(revised, TODAY, peers, "nb")) == assess(
            revised, today=TODAY, peers=peers
        )
        assert assessed(revised, TODAY, peers, "nb") != first
        later = TODAY + datetime.timedelta(days=3000)
        assert list(assessed(facts, later, peers, "nb")) == assess(facts, today=later, peers=peers)
    with translation.override("nn"):
        nynorsk = assessed(facts, TODAY, peers, "nn")
        assert list(nynorsk) == assess(facts, today=TODAY, peers=peers)
    assert [finding.reason for finding in nynorsk] != [finding.reason for finding in first]
