"""The tenant-isolation matrix: every tenant-scoped URL against every outsider persona.

Outsiders (members of another municipality or county, and users with no membership) get 404 for
everything that belongs to Tydal's workspace, and their requests change nothing. Members whose
role is too low get 403. `test_every_tenant_url_is_in_the_matrix` walks the URL resolver, so a
new view with a `knr` or `slug` in its address fails the suite until it is added here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samplan.goals.models import (
    ActionPlan,
    BudgetLine,
    FocusArea,
    Goal,
    GoalComment,
    GoalStrategy,
    Indicator,
    Measure,
    MeasureStatus,
    ReportAdoption,
)
from samplan.guidance.models import (
    Application,
    Comment,
    ExperiencePost,
    FollowUp,
    Meeting,
    Network,
    NetworkMember,
    OfficeAssignment,
    OfficeCapacity,
    Thread,
)
from samplan.municipalities.models import (
    Membership,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
)
from samplan.municipalities.permissions import (
    Capability,
    access_map,
    get_municipality_for_user,
)
from samplan.municipalities.services import organisation_create
from samplan.municipalities.testing import Personas, make_member
from samplan.participation.models import Consultation, Invitation, Question, Submission
from samplan.plans.models import CleanupDecision, Plan
from samplan.plantakt import services as plantakt_services
from samplan.plantakt.models import CalendarFeed, ItemDecision, MunicipalityPeriod, OwnItem
from samplan.politics import services as politics_services
from samplan.politics.models import (
    AssessmentRespondent,
    AssessmentResponse,
    CourseProgress,
    Delegation,
    ForumMeeting,
    JoinCode,
    Option,
    Workshop,
)
from samplan.processes.models import (
    Activity,
    Actor,
    Force,
    IntermediateResult,
    KeyQuestion,
    Phase,
    Process,
    ProcessActor,
    ProcessTemplate,
)
from samplan.sso import crypto as sso_crypto
from samplan.sso.models import Identity as SsoIdentity
from samplan.sso.models import LoginEvent as SsoLoginEvent
from samplan.sso.models import Provider as SsoProvider
from samplan.stats.models import Statement
from samplan.strategy.models import ConsultationBody, Priority, PriorityVote, Strategy

TENANT_KWARGS = {"knr", "slug"}

OUTSIDERS = ["outsider_admin", "outsider_editor", "outsider_reader", "outsider_adviser", "nobody"]


# URLs that take a tenant kwarg but are public on purpose, with the reason.
PUBLIC_URLS = {
    "municipalities:detail": "public reference facts from SSB, the same for everyone",
    "plans:template": "the empty import template with one made-up example row",
    "strategy:public": "the strategy on public display or adopted: public by law (PBL § 10-1); "
    "404 while it is a draft (tested in strategy/tests/test_views.py)",
    "strategy:public_document": "the document of a strategy on public display or adopted",
    "strategy:public_proposal": "the proposed revision of an adopted strategy while it is on "
    "public display (404 otherwise; tested in strategy/tests/test_freeze.py)",
    "goals:public": "what the municipality marked public of its goals, measures and status; 404 "
    "when nothing is public (tested in goals/tests/test_goals.py)",
    "goals:public_goal": "a goal the municipality marked public (404 otherwise)",
    "plantakt:feed_ics": "calendar feed opened by its secret token only (404 without a valid one; "
    "tested in plantakt/tests/test_views.py)",
    "participation:public_index": "the municipality's published consultations, for everyone",
    "participation:privacy": "the privacy statement of the participation pages, for everyone",
    "participation:public": "a published consultation and its form, no log-in; 404 while a draft "
    "(tested in participation/tests/test_public.py)",
    "participation:youth": "the same consultation's simple variant for young people",
    "participation:document": "a document on consultation, public once the consultation is",
    "participation:own": "a contributor's submission, opened by its secret link only (404 "
    "without a valid one; tested in participation/tests/test_public.py)",
    "feeds:municipality": "the Atom feed of the municipality's public changes (plans adopted, "
    "consultations opened, deadlines moved); drafts never (tested in feeds/tests/test_feed.py)",
    "sso:organisation_login": "starts a log-in at the organisation's own identity provider, for "
    "anyone; 404 without an enabled provider (tested in sso/tests/test_login.py)",
}


def _membership_id(personas: Personas, user_attr: str, organisation_attr: str) -> int:
    return Membership.objects.get(
        user=getattr(personas, user_attr), organisation=getattr(personas, organisation_attr)
    ).pk


@dataclass(frozen=True)
class Case:
    """One request against Tydal's workspace (or the county following it)."""

    id: str
    url_name: str
    method: str
    kwargs: Callable[[Personas], dict[str, Any]]
    data: Callable[[Personas], dict[str, Any]] = field(default=lambda personas: {})

    def url(self, personas: Personas) -> str:
        return reverse(self.url_name, kwargs=self.kwargs(personas))

    def send(self, client: Any, personas: Personas) -> Any:
        send = client.get if self.method == "GET" else client.post
        return send(self.url(personas), self.data(personas))


def _workspace(personas: Personas) -> dict[str, Any]:
    return {"slug": personas.workspace.slug}


def _county(personas: Personas) -> dict[str, Any]:
    return {"slug": personas.county_org.slug}


def _editor_member(personas: Personas) -> dict[str, Any]:
    return {
        "slug": personas.workspace.slug,
        "member_id": _membership_id(personas, "editor", "workspace"),
    }


def _admin_member(personas: Personas) -> dict[str, Any]:
    return {
        "slug": personas.workspace.slug,
        "member_id": _membership_id(personas, "admin", "workspace"),
    }


def _adviser_member(personas: Personas) -> dict[str, Any]:
    return {
        "slug": personas.county_org.slug,
        "member_id": _membership_id(personas, "adviser", "county_org"),
    }


def _holtaalen(personas: Personas) -> dict[str, Any]:
    return {"municipalities": ["5026", personas.municipality.number]}


def _knr(personas: Personas) -> dict[str, Any]:
    return {"knr": personas.municipality.number}


def _tydal_plan(personas: Personas) -> dict[str, Any]:
    plan = Plan.objects.get(municipality=personas.municipality, external_id="T-1")
    return {"knr": personas.municipality.number, "pk": plan.pk}


def _export(file_format: str) -> Callable[[Personas], dict[str, Any]]:
    return lambda personas: {"knr": personas.municipality.number, "file_format": file_format}


def _strategy(personas: Personas, **extra: Any) -> dict[str, Any]:
    return {"knr": personas.municipality.number, "period": 2023, **extra}


def _strategy_body(personas: Personas) -> dict[str, Any]:
    body = ConsultationBody.objects.get(
        strategy__municipality=personas.municipality, name="Tydal-nabo"
    )
    return _strategy(personas, pk=body.pk)


def _strategy_priority(personas: Personas) -> dict[str, Any]:
    priority = Priority.objects.get(strategy__municipality=personas.municipality)
    return _strategy(personas, pk=priority.pk)


def _statement(personas: Personas) -> dict[str, Any]:
    return {"knr": personas.municipality.number, "key": "population_change"}


def _tydal_own_item(personas: Personas) -> dict[str, Any]:
    item = OwnItem.objects.get(municipality=personas.municipality, title="Tydal-punkt")
    return {"knr": personas.municipality.number, "pk": item.pk}


def _consultation(personas: Personas, **extra: Any) -> dict[str, Any]:
    consultation = Consultation.objects.get(municipality=personas.municipality)
    return {"knr": personas.municipality.number, "pk": consultation.pk, **extra}


HOSTILE_CONSULTATION = {
    "title": "Intruder",
    "kind": "innspillsrunde",
    "subject": "annet",
    "summary": "x",
    "opens_on": "2025-01-01",
    "closes_at": "2025-02-01T12:00",
    "status": "publisert",
    "anonymise_after_days": 1,
}


def _strategy_item(personas: Personas) -> dict[str, Any]:
    return {"knr": personas.municipality.number, "key": "planning_strategy.adopted"}


def _goals(pk_of: Callable[[Personas], int] | None = None, **extra: Any) -> Callable:
    def kwargs(personas: Personas) -> dict[str, Any]:
        found = {"knr": personas.municipality.number, **extra}
        if pk_of is not None:
            found["pk"] = pk_of(personas)
        return found

    return kwargs


def _goal_pk(personas: Personas) -> int:
    return Goal.objects.get(municipality=personas.municipality, title="Tydal-mål").pk


def _area_pk(personas: Personas) -> int:
    return FocusArea.objects.get(municipality=personas.municipality).pk


def _measure_pk(personas: Personas) -> int:
    return Measure.objects.get(municipality=personas.municipality).pk


def _indicator_pk(personas: Personas) -> int:
    return Indicator.objects.get(municipality=personas.municipality).pk


def _goal_strategy_pk(personas: Personas) -> int:
    return GoalStrategy.objects.get(municipality=personas.municipality).pk


def _goal_form(personas: Personas) -> dict[str, Any]:
    area = FocusArea.objects.get(municipality=personas.municipality)
    return {"title": "Intruder goal", "focus_area": area.pk, "order": 1}


def _measure_form(personas: Personas) -> dict[str, Any]:
    return {
        "title": "Intruder measure",
        "goals": [_goal_pk(personas)],
        "start_year": 2026,
        "kind": "drift",
        **{f"cost_{n}": 1 for n in range(1, 5)},
    }


def _hostile_budget(personas: Personas) -> dict[str, Any]:
    content = "Ansvar;Funksjon;Art;Prosjekt;2026;2027;2028;2029\n1;120;1;;9;9;9;9\n"
    return {"file": SimpleUploadedFile("budsjett.csv", content.encode(), "text/csv")}


HOSTILE_OWN_ITEM = {"title": "Intruder item", "date": "2025-01-01", "periode": 2023}

HOSTILE_PLAN = {"title": "Intruder plan", "plan_type": "temaplan", "status": "opphevet"}


def _hostile_import(personas: Personas) -> dict[str, Any]:
    content = "tittel;plantype;status\nTydal-plan;TP;opphevet\nIntruder plan;TP;gjeldende\n"
    return {"file": SimpleUploadedFile("register.csv", content.encode(), "text/csv")}


HOSTILE_MEMBER = {"email": "intruder@evil.test", "name": "Intruder", "role": "admin"}

CASES = [
    Case("dashboard", "municipalities:dashboard", "GET", lambda p: {"knr": p.municipality.number}),
    Case("contact-get", "municipalities:contact", "GET", lambda p: {"knr": p.municipality.number}),
    Case(
        "contact-post",
        "municipalities:contact",
        "POST",
        lambda p: {"knr": p.municipality.number},
        lambda p: {"postal_address": "Hostile", "email": "hostile@example.com"},
    ),
    Case("organisation-workspace", "municipalities:organisation", "GET", _workspace),
    Case("organisation-county", "municipalities:organisation", "GET", _county),
    Case(
        "member_add-workspace",
        "municipalities:member_add",
        "POST",
        _workspace,
        lambda p: HOSTILE_MEMBER,
    ),
    Case(
        "member_add-county", "municipalities:member_add", "POST", _county, lambda p: HOSTILE_MEMBER
    ),
    Case("member_edit-get", "municipalities:member_edit", "GET", _editor_member),
    Case(
        "member_edit-promote",
        "municipalities:member_edit",
        "POST",
        _editor_member,
        lambda p: {"role": "admin"},
    ),
    Case(
        "member_edit-demote-admin",
        "municipalities:member_edit",
        "POST",
        _admin_member,
        lambda p: {"role": "reader"},
    ),
    Case(
        "member_edit-remove",
        "municipalities:member_edit",
        "POST",
        _editor_member,
        lambda p: {"remove": "1", "role": "editor"},
    ),
    Case(
        "member_edit-county-remove",
        "municipalities:member_edit",
        "POST",
        _adviser_member,
        lambda p: {"remove": "1", "role": "adviser"},
    ),
    Case("network_edit-get", "municipalities:network_edit", "GET", _county),
    Case("network_edit-post", "municipalities:network_edit", "POST", _county, _holtaalen),
    Case(
        "network_edit-clear",
        "municipalities:network_edit",
        "POST",
        _county,
        lambda p: {"municipalities": []},
    ),
    # The plan register and the clean-up (plans app).
    Case("plans-list", "plans:list", "GET", _knr),
    Case("plans-create-get", "plans:create", "GET", _knr),
    Case("plans-create-post", "plans:create", "POST", _knr, lambda p: HOSTILE_PLAN),
    Case("plans-import-get", "plans:import", "GET", _knr),
    Case("plans-import-post", "plans:import", "POST", _knr, _hostile_import),
    Case(
        "plans-import-save",
        "plans:import",
        "POST",
        _knr,
        lambda p: {"steg": "lagre", "token": "x", "type-2": "arealdel"},
    ),
    Case("plans-health", "plans:health", "GET", _knr),
    Case("plans-export-csv", "plans:export", "GET", _export("csv")),
    Case("plans-export-xlsx", "plans:export", "GET", _export("xlsx")),
    Case("plans-export-ods", "plans:export", "GET", _export("ods")),
    Case("plans-detail", "plans:detail", "GET", _tydal_plan),
    Case("plans-edit-get", "plans:edit", "GET", _tydal_plan),
    Case("plans-edit-post", "plans:edit", "POST", _tydal_plan, lambda p: HOSTILE_PLAN),
    Case("plans-delete-get", "plans:delete", "GET", _tydal_plan),
    Case("plans-delete-post", "plans:delete", "POST", _tydal_plan),
    Case("plans-cleanup", "plans:cleanup", "GET", _knr),
    Case("plans-cleanup-export", "plans:cleanup_export", "GET", _export("xlsx")),
    Case("plans-cleanup_accept-get", "plans:cleanup_accept", "GET", _knr),
    Case(
        "plans-cleanup_accept",
        "plans:cleanup_accept",
        "POST",
        _knr,
        lambda p: {"periode": 2023, "bekreft": "1"},
    ),
    Case("plans-new_plan_decision-get", "plans:new_plan_decision", "GET", _knr),
    Case(
        "plans-new_plan_decision-post",
        "plans:new_plan_decision",
        "POST",
        _knr,
        lambda p: {"new_plan_title": "Intruder plan", "new_plan_type": "temaplan", "periode": 2023},
    ),
    Case("plans-decision_edit-get", "plans:decision_edit", "GET", _tydal_plan),
    Case(
        "plans-decision_edit-post",
        "plans:decision_edit",
        "POST",
        _tydal_plan,
        lambda p: {"decision": "oppheve", "periode": 2023},
    ),
    # Statistics and the challenge picture (stats app).
    Case("stats-figures", "stats:figures", "GET", _knr),
    Case("stats-challenges", "stats:challenges", "GET", _knr),
    Case("stats-statement_edit-get", "stats:statement_edit", "GET", _statement),
    Case(
        "stats-statement_edit-post",
        "stats:statement_edit",
        "POST",
        _statement,
        lambda p: {"text": "Intruder wording", "selected": "on"},
    ),
]

# Single sign-on: the organisation's provider settings, for its administrators only.
CASES += [
    Case("sso_settings-get", "sso:settings", "GET", _workspace),
    Case(
        "sso_settings-post",
        "sso:settings",
        "POST",
        _workspace,
        lambda p: {
            "issuer": "https://idp.angriper.test",
            "client_id": "angriper",
            "client_secret": "angriper",
            "domains": "tydal.test",
            "default_role": "admin",
            "enabled": "on",
        },
    ),
]

CASES += [
    # The planning strategy (strategy app).
    Case("strategy-index", "strategy:index", "GET", _knr),
    Case("strategy-start", "strategy:start", "POST", _knr, lambda p: {"periode": 2027}),
    Case("strategy-detail", "strategy:detail", "GET", _strategy),
    Case("strategy-status-get", "strategy:status", "GET", _strategy),
    Case(
        "strategy-status-post",
        "strategy:status",
        "POST",
        _strategy,
        lambda p: {"status": "utkast", "master_plan_decision": "videreføre"},
    ),
    Case("strategy-section-get", "strategy:section", "GET", lambda p: _strategy(p, key="trends")),
    Case(
        "strategy-section-post",
        "strategy:section",
        "POST",
        lambda p: _strategy(p, key="trends"),
        lambda p: {"text": "Intruder text"},
    ),
    Case("strategy-body_add-get", "strategy:body_add", "GET", _strategy),
    Case(
        "strategy-body_add-post",
        "strategy:body_add",
        "POST",
        _strategy,
        lambda p: {"kind": "annet", "name": "Intruder body"},
    ),
    Case("strategy-body_edit-get", "strategy:body_edit", "GET", _strategy_body),
    Case(
        "strategy-body_edit-post",
        "strategy:body_edit",
        "POST",
        _strategy_body,
        lambda p: {"kind": "annet", "name": "Intruder body"},
    ),
    Case("strategy-body_delete", "strategy:body_delete", "POST", _strategy_body),
    Case("strategy-priority_add-get", "strategy:priority_add", "GET", _strategy),
    Case(
        "strategy-priority_add-post",
        "strategy:priority_add",
        "POST",
        _strategy,
        lambda p: {"title": "Intruder priority"},
    ),
    Case("strategy-priority_delete", "strategy:priority_delete", "POST", _strategy_priority),
    Case("strategy-mark", "strategy:mark", "POST", _strategy_priority),
    Case("strategy-members", "strategy:members", "GET", _strategy),
    Case("strategy-read", "strategy:read", "GET", _strategy),
    Case("strategy-status_back-get", "strategy:status_back", "GET", _strategy),
    Case(
        "strategy-status_back-post",
        "strategy:status_back",
        "POST",
        _strategy,
        lambda p: {"reason": "Registrert ved en feil"},
    ),
    Case("strategy-revision_start-get", "strategy:revision_start", "GET", _strategy),
    Case(
        "strategy-revision_start-post",
        "strategy:revision_start",
        "POST",
        _strategy,
        lambda p: {"reason": "Ny kommuneplan"},
    ),
    # Participation (participation app).
    Case("participation-index", "participation:index", "GET", _knr),
    Case("participation-new-get", "participation:new", "GET", _knr),
    Case(
        "participation-new-post", "participation:new", "POST", _knr, lambda p: HOSTILE_CONSULTATION
    ),
    Case("participation-person-get", "participation:person", "GET", _knr),
    Case(
        "participation-person-post",
        "participation:person",
        "POST",
        _knr,
        lambda p: {"email": "kari@tydal.test"},
    ),
    Case("participation-detail", "participation:detail", "GET", _consultation),
    Case("participation-edit-get", "participation:edit", "GET", _consultation),
    Case(
        "participation-edit-post",
        "participation:edit",
        "POST",
        _consultation,
        lambda p: HOSTILE_CONSULTATION,
    ),
    Case("participation-question-get", "participation:question_add", "GET", _consultation),
    Case(
        "participation-question-post",
        "participation:question_add",
        "POST",
        _consultation,
        lambda p: {"kind": "tekst", "text": "Intruder?"},
    ),
    Case("participation-document-get", "participation:document_add", "GET", _consultation),
    Case(
        "participation-document-post",
        "participation:document_add",
        "POST",
        _consultation,
        lambda p: {"title": "x", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")},
    ),
    Case("participation-invite-get", "participation:invite", "GET", _consultation),
    Case(
        "participation-invite-post",
        "participation:invite",
        "POST",
        _consultation,
        lambda p: {"others": "Intruder, intruder@example.test"},
    ),
    Case("participation-add-get", "participation:submission_add", "GET", _consultation),
    Case(
        "participation-add-post",
        "participation:submission_add",
        "POST",
        _consultation,
        lambda p: {"source": "brev", "source_note": "x", "text": "Intruder"},
    ),
    Case(
        "participation-process-get",
        "participation:process",
        "GET",
        lambda p: _consultation(p, number=1),
    ),
    Case(
        "participation-process-post",
        "participation:process",
        "POST",
        lambda p: _consultation(p, number=1),
        lambda p: {"moderation": "holdt", "moderation_reason": "x", "version": 1},
    ),
    Case(
        "participation-attachment",
        "participation:attachment",
        "GET",
        lambda p: _consultation(p, number=1, attachment=1),
    ),
    Case("participation-close-get", "participation:close", "GET", _consultation),
    Case(
        "participation-close-post",
        "participation:close",
        "POST",
        _consultation,
        lambda p: {"confirm": "on"},
    ),
    Case("participation-publish", "participation:publish_assessment", "POST", _consultation),
    Case(
        "participation-export",
        "participation:export",
        "GET",
        lambda p: _consultation(p, file_format="xlsx"),
    ),
    Case(
        "strategy-version_document",
        "strategy:version_document",
        "GET",
        lambda p: _strategy(p, number=1, file_format="odt"),
    ),
    Case(
        "strategy-export-odt", "strategy:export", "GET", lambda p: _strategy(p, file_format="odt")
    ),
    # The plan calendar (plantakt app).
    Case("plantakt-wheel", "plantakt:wheel", "GET", _knr),
    Case("plantakt-timeline", "plantakt:timeline", "GET", _knr),
    Case("plantakt-list", "plantakt:list", "GET", _knr),
    Case("plantakt-ics", "plantakt:ics", "GET", _knr),
    Case("plantakt-period-get", "plantakt:period", "GET", _knr),
    Case(
        "plantakt-period-post",
        "plantakt:period",
        "POST",
        _knr,
        lambda p: {"constituted_on": "2023-10-02", "revise_master_plan": "on", "periode": 2023},
    ),
    Case("plantakt-item_new-get", "plantakt:item_new", "GET", _knr),
    Case("plantakt-item_new-post", "plantakt:item_new", "POST", _knr, lambda p: HOSTILE_OWN_ITEM),
    Case("plantakt-item_edit-get", "plantakt:item_edit", "GET", _tydal_own_item),
    Case(
        "plantakt-item_edit-post",
        "plantakt:item_edit",
        "POST",
        _tydal_own_item,
        lambda p: {**HOSTILE_OWN_ITEM, "done_on": "2025-01-02"},
    ),
    Case("plantakt-complete-get", "plantakt:complete", "GET", _strategy_item),
    Case(
        "plantakt-complete-post",
        "plantakt:complete",
        "POST",
        _strategy_item,
        lambda p: {"decided_on": "2024-06-13", "periode": 2023},
    ),
    Case(
        "plantakt-complete-reopen",
        "plantakt:complete",
        "POST",
        _strategy_item,
        lambda p: {"reopen": "1", "periode": 2023},
    ),
    Case("plantakt-feed-get", "plantakt:feed", "GET", _knr),
    Case("plantakt-feed-post", "plantakt:feed", "POST", _knr, lambda p: {"action": "regenerate"}),
    Case("plantakt-feed-revoke", "plantakt:feed", "POST", _knr, lambda p: {"action": "revoke"}),
    # The archive packages (archive app): editors of the municipality only.
    Case("archive-strategy", "archive:strategy", "GET", _strategy),
    Case("archive-goal_report", "archive:goal_report", "GET", _goals(year=2026)),
    # Goals, measures and the money (goals app).
    Case("goals-index", "goals:index", "GET", _knr),
    Case("goals-area_add-get", "goals:area_add", "GET", _knr),
    Case("goals-area_add-post", "goals:area_add", "POST", _knr, lambda p: {"title": "Intruder"}),
    Case("goals-area_edit-get", "goals:area_edit", "GET", _goals(_area_pk)),
    Case(
        "goals-area_edit-post",
        "goals:area_edit",
        "POST",
        _goals(_area_pk),
        lambda p: {"title": "Intruder", "order": 1},
    ),
    Case("goals-area_delete", "goals:area_delete", "POST", _goals(_area_pk)),
    Case("goals-goal_add-get", "goals:goal_add", "GET", _knr),
    Case("goals-goal_add-post", "goals:goal_add", "POST", _knr, _goal_form),
    Case("goals-goal", "goals:goal", "GET", _goals(_goal_pk)),
    Case("goals-goal_edit-get", "goals:goal_edit", "GET", _goals(_goal_pk)),
    Case("goals-goal_edit-post", "goals:goal_edit", "POST", _goals(_goal_pk), _goal_form),
    Case("goals-goal_delete", "goals:goal_delete", "POST", _goals(_goal_pk)),
    Case(
        "goals-strategy_add",
        "goals:strategy_add",
        "POST",
        _goals(_goal_pk),
        lambda p: {"text": "Intruder"},
    ),
    Case("goals-strategy_delete", "goals:strategy_delete", "POST", _goals(_goal_strategy_pk)),
    Case(
        "goals-comment_add",
        "goals:comment_add",
        "POST",
        _goals(_goal_pk),
        lambda p: {"text": "Intruder"},
    ),
    Case(
        "goals-indicator_add-get",
        "goals:indicator_add",
        "GET",
        lambda p: {"knr": p.municipality.number, "goal_pk": _goal_pk(p)},
    ),
    Case(
        "goals-indicator_add-post",
        "goals:indicator_add",
        "POST",
        lambda p: {"knr": p.municipality.number, "goal_pk": _goal_pk(p)},
        lambda p: {"name": "Intruder", "source": "egen", "direction": "opp"},
    ),
    Case("goals-indicator_edit-get", "goals:indicator_edit", "GET", _goals(_indicator_pk)),
    Case(
        "goals-indicator_edit-post",
        "goals:indicator_edit",
        "POST",
        _goals(_indicator_pk),
        lambda p: {"name": "Intruder", "source": "egen", "direction": "ned"},
    ),
    Case("goals-indicator_values-get", "goals:indicator_values", "GET", _goals(_indicator_pk)),
    Case(
        "goals-indicator_values-post",
        "goals:indicator_values",
        "POST",
        _goals(_indicator_pk),
        lambda p: {"y2025": "99"},
    ),
    Case("goals-indicator_delete", "goals:indicator_delete", "POST", _goals(_indicator_pk)),
    Case("goals-plans", "goals:plans", "GET", _knr),
    Case("goals-plan_create", "goals:plan_create", "POST", _knr, lambda p: {"first_year": 2027}),
    Case("goals-plan", "goals:plan", "GET", _goals(year=2026)),
    Case("goals-plan_diff", "goals:plan_diff", "GET", _goals(year=2026)),
    Case("goals-measure_add-get", "goals:measure_add", "GET", _goals(year=2026)),
    Case("goals-measure_add-post", "goals:measure_add", "POST", _goals(year=2026), _measure_form),
    Case("goals-money", "goals:money", "GET", _goals(year=2026)),
    Case("goals-budget_import-get", "goals:budget_import", "GET", _goals(year=2026)),
    Case(
        "goals-budget_import-post",
        "goals:budget_import",
        "POST",
        _goals(year=2026),
        _hostile_budget,
    ),
    Case("goals-measure", "goals:measure", "GET", _goals(_measure_pk)),
    Case("goals-measure_edit-get", "goals:measure_edit", "GET", _goals(_measure_pk)),
    Case(
        "goals-measure_edit-post", "goals:measure_edit", "POST", _goals(_measure_pk), _measure_form
    ),
    Case(
        "goals-measure_links",
        "goals:measure_links",
        "POST",
        _goals(_measure_pk),
        lambda p: {"lines": []},
    ),
    Case(
        "goals-measure_status",
        "goals:measure_status",
        "POST",
        _goals(_measure_pk),
        lambda p: {"aar": 2026, "periode": "t1", "status": "stoppet"},
    ),
    Case("goals-measure_delete", "goals:measure_delete", "POST", _goals(_measure_pk)),
    Case("goals-follow_up", "goals:follow_up", "GET", _goals(year=2026)),
    Case(
        "goals-report_adoption",
        "goals:report_adoption",
        "POST",
        _goals(year=2026),
        lambda p: {"adopted_on": "2026-06-18", "case_number": "Fiendtlig"},
    ),
    Case("goals-report", "goals:report", "GET", _goals(year=2026, file_format="odt")),
    Case("goals-sdg", "goals:sdg", "GET", _knr),
]


def _workshop(personas: Personas) -> dict[str, Any]:
    workshop = Workshop.objects.get(municipality=personas.municipality)
    return {"knr": personas.municipality.number, "pk": workshop.pk}


def _forum_meeting(personas: Personas) -> dict[str, Any]:
    meeting = ForumMeeting.objects.get(municipality=personas.municipality)
    return {"knr": personas.municipality.number, "pk": meeting.pk}


HOSTILE_WORKSHOP = {
    "title": "Fiendtlig",
    "body": "Kommunestyret",
    "points": 5,
    "challenges": "En\nTo",
    "proposals": "Tre",
}

CASES += [
    # The political arenas (politics app).
    Case("politics-index", "politics:index", "GET", _knr),
    Case("politics-workshop_create-get", "politics:workshop_create", "GET", _knr),
    Case(
        "politics-workshop_create-post",
        "politics:workshop_create",
        "POST",
        _knr,
        lambda p: HOSTILE_WORKSHOP,
    ),
    Case("politics-workshop", "politics:workshop", "GET", _workshop),
    Case(
        "politics-workshop_step",
        "politics:workshop_step",
        "POST",
        _workshop,
        lambda p: {"step": "avsluttet"},
    ),
    Case("politics-codes-get", "politics:workshop_codes", "GET", _workshop),
    Case(
        "politics-codes-post", "politics:workshop_codes", "POST", _workshop, lambda p: {"count": 3}
    ),
    Case("politics-projector", "politics:projector", "GET", _workshop),
    Case("politics-roles", "politics:roles", "GET", _knr),
    Case("politics-assessment", "politics:assessment", "GET", _knr),
    Case("politics-course", "politics:course", "GET", _knr),
    Case("politics-forum", "politics:forum", "GET", _knr),
    Case("politics-forum_new-get", "politics:forum_new", "GET", _knr),
    Case(
        "politics-forum_new-post",
        "politics:forum_new",
        "POST",
        _knr,
        lambda p: {"date": "2025-01-01", "agenda": "Fiendtlig", "version": 0},
    ),
    Case("politics-forum_meeting-get", "politics:forum_meeting", "GET", _forum_meeting),
    Case(
        "politics-forum_meeting-post",
        "politics:forum_meeting",
        "POST",
        _forum_meeting,
        lambda p: {"date": "2025-01-01", "notes": "Fiendtlig", "version": 0},
    ),
    Case(
        "politics-course_mark",
        "politics:course_mark",
        "POST",
        lambda p: {"knr": p.municipality.number, "part": "planstrategi"},
        lambda p: {"lest": "1"},
    ),
    Case(
        "politics-course_document",
        "politics:course_document",
        "GET",
        lambda p: {"knr": p.municipality.number, "file_format": "odt"},
    ),
    Case("politics-assessment_answer-get", "politics:assessment_answer", "GET", _knr),
    Case(
        "politics-assessment_answer-post",
        "politics:assessment_answer",
        "POST",
        _knr,
        lambda p: {"group": "politikk", "styring_1": "1", "note_roller": "Fiendtlig"},
    ),
    Case(
        "politics-assessment_document",
        "politics:assessment_document",
        "GET",
        lambda p: {"knr": p.municipality.number, "year": 2025, "file_format": "odt"},
    ),
    Case(
        "politics-delegation-get",
        "politics:delegation",
        "GET",
        lambda p: {"knr": p.municipality.number, "decision": "dispensasjon"},
    ),
    Case(
        "politics-delegation-post",
        "politics:delegation",
        "POST",
        lambda p: {"knr": p.municipality.number, "decision": "dispensasjon"},
        lambda p: {"body": "kommunestyret", "version": 1, "note": "Fiendtlig"},
    ),
]


# Process plans (processes app): every page and form of a Tydal process, its parts and its
# actor register, against every outsider.
def _process(personas: Personas, **extra: Any) -> dict[str, Any]:
    process = Process.objects.get(municipality=personas.municipality, name="Tydal-prosess")
    return {"knr": personas.municipality.number, "pk": process.pk, **extra}


def _process_part(model: type, key: str) -> Callable[[Personas], dict[str, Any]]:
    def kwargs(personas: Personas) -> dict[str, Any]:
        if model is Activity:
            item = Activity.objects.get(phase__process__municipality=personas.municipality)
        else:
            item = model.objects.get(process__municipality=personas.municipality)
        return _process(personas, **{key: item.pk})

    return kwargs


def _tydal_actor(personas: Personas) -> dict[str, Any]:
    actor = Actor.objects.get(municipality=personas.municipality, name="Tydal-aktør")
    return {"knr": personas.municipality.number, "apk": actor.pk}


def _template(personas: Personas) -> dict[str, Any]:
    template = ProcessTemplate.objects.get(organisation=personas.county_org)
    return {"slug": personas.county_org.slug, "tpk": template.pk}


HOSTILE_TEMPLATE = {
    "action": "publish",
    "name": "Intruder",
    "kind": "utvikling",
    "language": "nb",
    "desired_result": "Intruder",
    **{f"{p}-{k}": 0 for p in ("result", "actor") for k in ("TOTAL_FORMS", "INITIAL_FORMS")},
    "phase-TOTAL_FORMS": 1,
    "phase-INITIAL_FORMS": 1,
    "phase-0-title": "Intruder phase",
    "phase-0-activity-TOTAL_FORMS": 0,
    "phase-0-activity-INITIAL_FORMS": 0,
}
HOSTILE_PROCESS = {"name": "Intruder", "kind": "utvikling", "status": "planlagt"}
HOSTILE_PHASE = {"order": 1, "title": "Intruder phase", "expected_version": 1}
_PROCESS_FORMS: list[tuple[str, Callable[[Personas], dict[str, Any]], dict[str, Any]]] = [
    ("processes:new", _knr, HOSTILE_PROCESS),
    ("processes:actor_add", _knr, {"name": "Intruder", "kind": "person"}),
    ("processes:actor_edit", _tydal_actor, {"name": "Intruder", "kind": "person"}),
    (
        "processes:template",
        lambda p: {"knr": "5033", "slug": "samplan-planstrategi"},
        {"name": "X"},
    ),
    ("processes:edit", _process, {**HOSTILE_PROCESS, "expected_version": 1}),
    ("processes:result", _process, {"desired_result": "Intruder", "expected_version": 1}),
    (
        "processes:question",
        lambda p: _process(p, key="hvem"),
        {"text": "Intruder", "status": "utkast", "expected_version": 1},
    ),
    ("processes:interim_add", _process, {"title": "Intruder"}),
    ("processes:interim_edit", _process_part(IntermediateResult, "rid"), {"title": "Intruder"}),
    ("processes:phase_add", _process, HOSTILE_PHASE),
    ("processes:phase_edit", _process_part(Phase, "fid"), HOSTILE_PHASE),
    (
        "processes:activity_add",
        _process_part(Phase, "fid"),
        {"title": "Intruder", "kind": "annet"},
    ),
    (
        "processes:activity_edit",
        _process_part(Activity, "aid"),
        {"title": "Intruder", "kind": "annet", "expected_version": 1},
    ),
    ("processes:role_add", _process, {"involvement": "ma", "influence": 5, "stance": 1}),
    (
        "processes:role_edit",
        _process_part(ProcessActor, "rid"),
        {"involvement": "ma", "influence": 5, "stance": 1, "expected_version": 1},
    ),
    ("processes:force_add", _process, {"direction": "mot", "description": "Intruder"}),
    (
        "processes:force_edit",
        _process_part(Force, "fid"),
        {"direction": "mot", "description": "Intruder"},
    ),
]
_PROCESS_PAGES: list[tuple[str, Callable[[Personas], dict[str, Any]]]] = [
    ("processes:index", _knr),
    ("processes:register", _knr),
    ("processes:templates", _knr),
    ("processes:detail", _process),
    ("processes:actors", _process),
    ("processes:timeline", _process),
    ("processes:history", _process),
    ("processes:overview", _process),
    ("processes:changes", _process),
    ("processes:export", lambda p: _process(p, file_format="odt")),
    ("processes:worksheet", _process),
]
CASES += [
    *(Case(f"{name}-get", name, "GET", kwargs) for name, kwargs, _data in _PROCESS_FORMS),
    *(
        Case(f"{name}-post", name, "POST", kwargs, lambda p, data=data: data)
        for name, kwargs, data in _PROCESS_FORMS
    ),
    *(Case(name, name, "GET", kwargs) for name, kwargs in _PROCESS_PAGES),
    Case("processes:actor_delete", "processes:actor_delete", "POST", _tydal_actor),
    Case("processes:county_templates", "processes:county_templates", "GET", _county),
    Case("processes:county_template_add-get", "processes:county_template_add", "GET", _county),
    Case(
        "processes:county_template_add-post",
        "processes:county_template_add",
        "POST",
        _county,
        lambda p: HOSTILE_TEMPLATE,
    ),
    Case("processes:county_template_edit-get", "processes:county_template_edit", "GET", _template),
    Case(
        "processes:county_template_edit-post",
        "processes:county_template_edit",
        "POST",
        _template,
        lambda p: HOSTILE_TEMPLATE,
    ),
    Case(
        "processes:delete-phase",
        "processes:delete",
        "POST",
        lambda p: {**_process_part(Phase, "item_pk")(p), "part": "fase"},
    ),
]


def _thread(personas: Personas) -> dict[str, Any]:
    thread = Thread.objects.get(municipality=personas.municipality)
    return {"knr": personas.municipality.number, "pk": thread.pk}


def _meeting(personas: Personas) -> dict[str, Any]:
    meeting = Meeting.objects.get(municipality=personas.municipality)
    return {"knr": personas.municipality.number, "pk": meeting.pk}


def _follow_up(personas: Personas) -> dict[str, Any]:
    follow_up = FollowUp.objects.get(meeting__municipality=personas.municipality)
    return {**_meeting(personas), "follow_up": follow_up.pk}


def _network_knr(personas: Personas) -> dict[str, Any]:
    network = Network.objects.get(name="Tydal-nettverk")
    return {"pk": network.pk, "knr": personas.municipality.number}


def _office(personas: Personas) -> dict[str, Any]:
    return {"slug": Organisation.objects.get(name="Tydal-kontor").slug}


def _office_plan(personas: Personas) -> dict[str, Any]:
    return {**_office(personas), "what": "kapasitet"}


HOSTILE_APPLY = {"samfunnsdel": "x", "timetable": "x", "statistics": "x", "staff": "x"}
HOSTILE_THREAD = {"target": "strategy|2023:trends", "title": "Fiendtlig", "text": "Fiendtlig"}
HOSTILE_MEETING = {"title": "Fiendtlig møte", "date": "2024-05-01", "notes": "x"}

# Guidance (guidance app): the county's status board, threads, early dialogue, the invitation.
CASES += [
    Case("guidance-board", "guidance:board", "GET", _county),
    Case("guidance-board_export", "guidance:board_export", "GET", _county),
    Case("guidance-municipality", "guidance:municipality", "GET", _knr),
    Case("guidance-thread_new-get", "guidance:thread_new", "GET", _knr),
    Case("guidance-thread_new-post", "guidance:thread_new", "POST", _knr, lambda p: HOSTILE_THREAD),
    Case("guidance-thread-get", "guidance:thread", "GET", _thread),
    Case("guidance-thread-post", "guidance:thread", "POST", _thread, lambda p: {"text": "x"}),
    Case(
        "guidance-thread_status",
        "guidance:thread_status",
        "POST",
        _thread,
        lambda p: {"action": "resolve"},
    ),
    Case("guidance-meeting_new-get", "guidance:meeting_new", "GET", _knr),
    Case(
        "guidance-meeting_new-post", "guidance:meeting_new", "POST", _knr, lambda p: HOSTILE_MEETING
    ),
    Case("guidance-meeting", "guidance:meeting", "GET", _meeting),
    Case("guidance-meeting_edit-get", "guidance:meeting_edit", "GET", _meeting),
    Case(
        "guidance-meeting_edit-post",
        "guidance:meeting_edit",
        "POST",
        _meeting,
        lambda p: HOSTILE_MEETING,
    ),
    Case(
        "guidance-follow_up_add",
        "guidance:follow_up_add",
        "POST",
        _meeting,
        lambda p: {"text": "Fiendtlig"},
    ),
    Case(
        "guidance-follow_up_done",
        "guidance:follow_up_done",
        "POST",
        _follow_up,
        lambda p: {"done": "1"},
    ),
    Case("guidance-apply-get", "guidance:apply", "GET", _network_knr),
    Case("guidance-apply-post", "guidance:apply", "POST", _network_knr, lambda p: HOSTILE_APPLY),
    Case("guidance-leave-get", "guidance:leave", "GET", _network_knr),
    Case("guidance-leave-post", "guidance:leave", "POST", _network_knr),
    Case("guidance-post_new-get", "guidance:post_new", "GET", _knr),
    Case(
        "guidance-post_new-post",
        "guidance:post_new",
        "POST",
        _knr,
        lambda p: {"title": "Fiendtlig", "text": "x", "share": "all"},
    ),
    Case("guidance-office", "guidance:office", "GET", _office),
    Case("guidance-office_plan-get", "guidance:office_plan", "GET", _office_plan),
    Case(
        "guidance-office_plan-post",
        "guidance:office_plan",
        "POST",
        _office_plan,
        lambda p: {"month": "2024-03", "person_days": "99"},
    ),
    Case("guidance-invite-get", "guidance:invite", "GET", _knr),
    Case(
        "guidance-invite-post",
        "guidance:invite",
        "POST",
        _knr,
        lambda p: {"organisation": p.county_org.pk, "action": "withdraw"},
    ),
]


# Views without a tenant kwarg that still show per-user data: outsiders see only their own.
SELF_SCOPED_URLS = {"accounts:profile"}


def _api_measure(personas: Personas) -> dict[str, Any]:
    measure = Measure.objects.filter(municipality=personas.municipality).first()
    return {"knr": personas.municipality.number, "pk": measure.pk}


def _api_decision(personas: Personas) -> dict[str, Any]:
    decision = CleanupDecision.objects.get(municipality=personas.municipality, period_start=2023)
    return {"knr": personas.municipality.number, "pk": decision.pk}


def _api_strategy(personas: Personas) -> dict[str, Any]:
    strategy = Strategy.objects.get(municipality=personas.municipality, period_start=2023)
    return {"knr": personas.municipality.number, "pk": strategy.pk}


# The open API (samplan/api) with an API key instead of a session: (URL name, method, kwargs,
# JSON body). Writes carry If-Match "*" so that only the tenant check can stop them.
HOSTILE_API_PLAN = {"title": "Fiendtlig plan", "plan_type": "temaplan", "status": "opphevet"}
API_CASES: list[tuple[str, str, Callable[[Personas], dict[str, Any]], dict | None]] = [
    ("api:plans_list", "GET", _knr, None),
    ("api:plans_create", "POST", _knr, HOSTILE_API_PLAN),
    ("api:plans_read", "GET", _tydal_plan, None),
    ("api:plans_change", "PATCH", _tydal_plan, {"status": "opphevet"}),
    ("api:plans_delete", "DELETE", _tydal_plan, None),
    ("api:cleanup_decisions_list", "GET", _knr, None),
    ("api:deadlines_list", "GET", _knr, None),
    ("api:statistics_list", "GET", _knr, None),
    ("api:strategies_list", "GET", _knr, None),
    ("api:processes_list", "GET", _knr, None),
    ("api:goals_list", "GET", _knr, None),
    ("api:measures_list", "GET", _knr, None),
    ("api:consultations_list", "GET", _knr, None),
    ("api:goals_read", "GET", _goals(_goal_pk), None),
    ("api:goals_change", "PATCH", _goals(_goal_pk), {"title": "Fiendtlig mål"}),
    ("api:measures_read", "GET", _api_measure, None),
    ("api:measures_change", "PATCH", _api_measure, {"title": "Fiendtlig tiltak"}),
    ("api:processes_read", "GET", _process, None),
    ("api:processes_change", "PATCH", _process, {"name": "Fiendtlig prosess"}),
    (
        "api:deadlines_create",
        "POST",
        _knr,
        {"title": "Fiendtlig frist", "date": "2025-01-01", "election_year": 2023},
    ),
    ("api:deadlines_read", "GET", _tydal_own_item, None),
    ("api:deadlines_change", "PATCH", _tydal_own_item, {"done_on": "2025-03-01"}),
    ("api:deadlines_delete", "DELETE", _tydal_own_item, None),
    (
        "api:cleanup_decisions_create",
        "POST",
        _knr,
        {"period_start": 2023, "new_plan_title": "Fiendtlig plan"},
    ),
    ("api:cleanup_decisions_read", "GET", _api_decision, None),
    ("api:cleanup_decisions_change", "PATCH", _api_decision, {"decision": "oppheve"}),
    ("api:strategies_read", "GET", _api_strategy, None),
    ("api:strategies_change", "PATCH", _api_strategy, {"trends": "Fiendtlig tekst"}),
]


MATRIX_URL_NAMES = (
    {case.url_name for case in CASES}
    | SELF_SCOPED_URLS
    | {name for name, _method, _kwargs, _body in API_CASES}
)


def _politics_snapshot() -> tuple:
    return (
        sorted(Workshop.objects.values_list("pk", "municipality_id", "title", "step")),
        sorted(Option.objects.values_list("pk", "workshop_id", "title")),
        sorted(JoinCode.objects.values_list("pk", "workshop_id", "used_at")),
        sorted(Delegation.objects.values_list("pk", "municipality_id", "body", "note")),
        AssessmentResponse.objects.count(),
        AssessmentRespondent.objects.count(),
        CourseProgress.objects.count(),
        sorted(ForumMeeting.objects.values_list("pk", "date", "agenda", "notes")),
        Workshop.history.count(),
        Delegation.history.count(),
    )


def _processes_snapshot() -> tuple:
    return (
        sorted(Process.objects.values_list("pk", "name", "desired_result", "version")),
        sorted(KeyQuestion.objects.values_list("pk", "text", "version")),
        sorted(IntermediateResult.objects.values_list("pk", "title")),
        sorted(Phase.objects.values_list("pk", "title", "version")),
        sorted(Activity.objects.values_list("pk", "title", "version")),
        sorted(Actor.objects.values_list("pk", "name", "version")),
        sorted(ProcessActor.objects.values_list("pk", "actor_id", "influence", "version")),
        sorted(Force.objects.values_list("pk", "description")),
        sorted(ProcessTemplate.objects.values_list("pk", "name", "version")),
        Process.history.count() + Phase.history.count() + Activity.history.count(),
    )


def _goals_snapshot() -> tuple:
    return (
        sorted(FocusArea.objects.values_list("pk", "title", "version")),
        sorted(Goal.objects.values_list("pk", "title", "parent_id", "version")),
        sorted(GoalStrategy.objects.values_list("pk", "text")),
        sorted(GoalComment.objects.values_list("pk", "text")),
        sorted(Indicator.objects.values_list("pk", "name", "direction")),
        sorted(ActionPlan.objects.values_list("pk", "municipality_id", "first_year")),
        sorted(Measure.objects.values_list("pk", "title", "cost_1", "version")),
        sorted(Measure.budget_lines.through.objects.values_list("measure_id", "budgetline_id")),
        sorted(BudgetLine.objects.values_list("pk", "funksjon", "amount_1")),
        sorted(ReportAdoption.objects.values_list("pk", "year", "adopted_on", "case_number")),
        sorted(MeasureStatus.objects.values_list("pk", "status")),
        Indicator.values.rel.related_model.objects.count(),
        Goal.history.count() + Measure.history.count() + BudgetLine.history.count(),
    )


def _participation_snapshot() -> tuple:
    return (
        sorted(
            Consultation.objects.values_list(
                "pk", "municipality_id", "title", "status", "closes_at", "version"
            )
        ),
        sorted(Question.objects.values_list("pk", "consultation_id", "text")),
        sorted(
            Submission.objects.values_list("pk", "consultation_id", "moderation", "text", "version")
        ),
        sorted(Invitation.objects.values_list("consultation_id", "email")),
    )


def _sso_snapshot() -> tuple:
    return (
        sorted(
            SsoProvider.objects.values_list(
                "pk",
                "organisation_id",
                "issuer",
                "client_id",
                "client_secret_encrypted",
                "domains",
                "default_role",
                "enabled",
            )
        ),
        sorted(SsoIdentity.objects.values_list("pk", "provider_id", "subject", "user_id")),
        sorted(SsoLoginEvent.objects.values_list("pk", "provider_id", "outcome")),
    )


def _guidance_snapshot() -> tuple:
    return (
        sorted(Thread.objects.values_list("pk", "municipality_id", "title", "status")),
        sorted(Comment.objects.values_list("pk", "thread_id", "text")),
        sorted(Meeting.objects.values_list("pk", "municipality_id", "title", "notes")),
        sorted(FollowUp.objects.values_list("pk", "meeting_id", "text", "done_on")),
        sorted(Application.objects.values_list("pk", "network_id", "municipality_id")),
        sorted(NetworkMember.objects.values_list("pk", "municipality_id", "left_on")),
        sorted(ExperiencePost.objects.values_list("pk", "municipality_id", "network_id")),
        sorted(OfficeCapacity.objects.values_list("office_id", "month", "person_days")),
        sorted(OfficeAssignment.objects.values_list("pk", "municipality_id", "task")),
    )


# Each module's part of the snapshot (one function per module keeps snapshot() short).
MODULE_SNAPSHOTS: dict[str, Callable[[], tuple]] = {
    "politics": _politics_snapshot,
    "processes": _processes_snapshot,
    "goals": _goals_snapshot,
    "participation": _participation_snapshot,
    "guidance": _guidance_snapshot,
    "sso": _sso_snapshot,
}


def snapshot() -> dict[str, Any]:
    """Everything a hostile request could change, in comparable form."""
    User = get_user_model()
    through = Organisation.municipalities.through
    return {
        "users": sorted(User.objects.values_list("email", "name", "language", "is_active")),
        "memberships": sorted(
            Membership.objects.values_list("user__email", "organisation__slug", "role")
        ),
        "organisations": sorted(
            Organisation.objects.values_list("slug", "name", "kind", "postal_address", "email")
        ),
        "networks": sorted(through.objects.values_list("organisation__slug", "municipality_id")),
        "plans": sorted(
            Plan.objects.values_list(
                "pk", "municipality_id", "external_id", "title", "status", "pages", "parent_id"
            )
        ),
        "decisions": sorted(
            CleanupDecision.objects.values_list(
                "pk", "municipality_id", "plan_id", "period_start", "decision", "new_plan_title"
            )
        ),
        "strategies": sorted(
            Strategy.objects.values_list(
                "pk", "municipality_id", "period_start", "status", "trends", "master_plan_decision"
            )
        ),
        "bodies": sorted(ConsultationBody.objects.values_list("pk", "strategy_id", "name")),
        "priorities": sorted(Priority.objects.values_list("pk", "strategy_id", "title")),
        "marks": sorted(PriorityVote.objects.values_list("priority_id", "user_id")),
        "statements": sorted(
            Statement.objects.values_list("pk", "municipality_id", "key", "text", "selected")
        ),
        "plantakt": (
            sorted(
                MunicipalityPeriod.objects.values_list(
                    "municipality_id", "election_year", "constituted_on", "revise_master_plan"
                )
            ),
            sorted(ItemDecision.objects.values_list("municipality_id", "item_key", "decided_on")),
            sorted(OwnItem.objects.values_list("municipality_id", "title", "date", "done_on")),
            sorted(CalendarFeed.objects.values_list("municipality_id", "token_hash")),
        ),
        "history": (
            Thread.history.count(),
            Comment.history.count(),
            Meeting.history.count(),
            FollowUp.history.count(),
            Consultation.history.count(),
            Submission.history.count(),
            MunicipalityPeriod.history.count(),
            ItemDecision.history.count(),
            OwnItem.history.count(),
            CalendarFeed.history.count(),
            Membership.history.count(),
            Organisation.history.count(),
            User.history.count(),
            Plan.history.count(),
            CleanupDecision.history.count(),
            Strategy.history.count(),
            ConsultationBody.history.count(),
            Priority.history.count(),
            PriorityVote.history.count(),
            Statement.history.count(),
        ),
        **{name: part() for name, part in MODULE_SNAPSHOTS.items()},
    }


@pytest.fixture
def personas(personas: Personas) -> Personas:
    """The cast, with a plan and a clean-up decision in Tydal for the plan URLs to point at."""
    plan = Plan.objects.create(
        municipality=personas.municipality,
        external_id="T-1",
        title="Tydal-plan",
        plan_type="temaplan",
        adopted_year=2010,
        pages=12,
    )
    CleanupDecision.objects.create(
        municipality=personas.municipality, period_start=2023, plan=plan, decision="revidere"
    )
    Plan.objects.create(
        municipality=personas.other_municipality, title="Utsira-plan", plan_type="temaplan"
    )
    strategy = Strategy.objects.create(
        municipality=personas.municipality, period_start=2023, shared_with_members=True
    )
    ConsultationBody.objects.create(strategy=strategy, name="Tydal-nabo", kind="nabokommune")
    Priority.objects.create(strategy=strategy, title="Tydal-prioritet")
    Statement.objects.create(
        municipality=personas.municipality, key="population_change", text="Tydal-tekst"
    )
    # Plantakt: an own item, a decision date and a calendar feed in Tydal.
    OwnItem.objects.create(
        municipality=personas.municipality,
        election_year=2023,
        title="Tydal-punkt",
        date=datetime.date(2025, 3, 1),
    )
    ItemDecision.objects.create(
        municipality=personas.municipality,
        election_year=2023,
        item_key="planning_strategy.adopted",
        decided_on=datetime.date(2024, 6, 1),
    )
    _participation_of_tydal(personas, strategy)
    plantakt_services.feed_regenerate(municipality=personas.municipality)
    _guidance_of_tydal(personas)
    _politics_of_tydal(personas)
    _tydal_process(personas)
    _goals_of_tydal(personas)
    SsoProvider.objects.create(
        organisation=personas.workspace,
        issuer="https://login.tydal.test",
        client_id="tydal",
        client_secret_encrypted=sso_crypto.encrypt("tydal-hemmelighet"),
        domains="tydal.test",
    )
    return personas


def _goals_of_tydal(personas: Personas) -> None:
    """A focus area, a goal with a strategy and an indicator, and a plan with a measure carried
    by a budget line, for the goals URLs to point at."""
    tydal = personas.municipality
    area = FocusArea.objects.create(municipality=tydal, title="Tydal-område")
    goal = Goal.objects.create(municipality=tydal, focus_area=area, title="Tydal-mål")
    GoalStrategy.objects.create(municipality=tydal, goal=goal, text="Tydal-strategi")
    Indicator.objects.create(municipality=tydal, goal=goal, name="Tydal-indikator")
    plan = ActionPlan.objects.create(municipality=tydal, first_year=2026)
    line = BudgetLine.objects.create(
        municipality=tydal, action_plan=plan, funksjon="120", amount_1=1000
    )
    measure = Measure.objects.create(
        municipality=tydal, action_plan=plan, title="Tydal-tiltak", start_year=2026, kind="drift"
    )
    measure.goals.add(goal)
    measure.budget_lines.add(line)


def _participation_of_tydal(personas: Personas, strategy: Strategy) -> None:
    """An open consultation on the strategy with one submission."""
    consultation = Consultation.objects.create(
        municipality=personas.municipality,
        title="Tydal-høring",
        kind="innspillsrunde",
        subject="annet",
        summary="Tydal",
        opens_on=datetime.date(2025, 1, 1),
        closes_at=datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC),
        status="publisert",
        strategy=strategy,
    )
    Submission.objects.create(
        consultation=consultation,
        number=1,
        token_hash="t" * 64,
        form_nonce="n",
        source="nett",
        text="Tydal-innspill",
        name="Kari",
        email="kari@tydal.test",
    )


def _guidance_of_tydal(personas: Personas) -> None:
    # Guidance: a thread on the strategy with a comment, a meeting with a follow-up.
    thread = Thread.objects.create(
        municipality=personas.municipality,
        organisation=personas.county_org,
        module="strategy",
        target_key="2023:trends",
        target_label="Tydal-tema",
        title="Tydal-tråd",
        created_by=personas.adviser,
    )
    Comment.objects.create(
        thread=thread, author=personas.adviser, author_organisation=personas.county_org, text="T"
    )
    meeting = Meeting.objects.create(
        municipality=personas.municipality, title="Tydal-møte", date=datetime.date(2024, 2, 1)
    )
    FollowUp.objects.create(meeting=meeting, text="Tydal-oppfølging")
    network = Network.objects.create(
        name="Tydal-nettverk",
        theme="Tema",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2099, 1, 1),
        application_deadline=datetime.date(2099, 1, 1),
    )
    network.owners.add(personas.county_org)
    NetworkMember.objects.create(
        network=network, municipality=personas.municipality, joined_on=datetime.date(2024, 1, 1)
    )
    organisation_create(
        name="Tydal-kontor",
        kind=OrganisationKind.INTERCOMMUNAL,
        municipalities=[personas.municipality],
    )


def _politics_of_tydal(personas: Personas) -> None:
    # The political arenas: a running workshop with a code, and a recorded delegation.
    workshop = politics_services.workshop_create(
        municipality=personas.municipality,
        title="Tydal-verksted",
        body="Kommunestyret",
        points=5,
        challenges=["En", "To"],
        proposals=["Tre"],
    )
    politics_services.codes_create(workshop=workshop, count=1)
    politics_services.delegation_save(
        municipality=personas.municipality, decision="dispensasjon", body="utvalg", version=0
    )
    ForumMeeting.objects.create(municipality=personas.municipality, date=datetime.date(2025, 1, 9))


def _tydal_process(personas: Personas) -> None:
    """A Tydal process with one of each part, copied from a shipped template (for the page of
    the template's changes), without the template's many rows."""
    process = Process.objects.create(
        municipality=personas.municipality,
        name="Tydal-prosess",
        kind="samfunnsdel",
        desired_result="Tydal-resultat",
        source_template="samplan:planstrategi",
        source_version=1,
        source_snapshot={"phases": []},
    )
    KeyQuestion.objects.create(process=process, key="hvem", text="Tydal-svar")
    IntermediateResult.objects.create(process=process, title="Tydal-delresultat")
    phase = Phase.objects.create(process=process, title="Tydal-fase")
    Activity.objects.create(phase=phase, title="Tydal-aktivitet", kind="verksted")
    actor = Actor.objects.create(
        municipality=personas.municipality, name="Tydal-aktør", kind="person"
    )
    ProcessActor.objects.create(process=process, actor=actor)
    Force.objects.create(process=process, direction="for", description="Tydal-kraft")
    ProcessTemplate.objects.create(
        organisation=personas.county_org, name="Trøndelag-mal", kind="utvikling", language="nb"
    )


def _kwarg_names(pattern: Any) -> set[str]:
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return set(converters)
    return set(pattern.regex.groupindex)


def walk_urls(
    patterns: list[Any] | None = None, namespace: str = "", inherited: frozenset[str] = frozenset()
) -> list[tuple[str, set[str], str]]:
    """(namespaced name or lookup string, kwarg names, view) for every URL pattern."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found: list[tuple[str, set[str], str]] = []
    for entry in patterns:
        kwargs = inherited | _kwarg_names(entry.pattern)
        if isinstance(entry, URLResolver):
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += walk_urls(entry.url_patterns, prefix, frozenset(kwargs))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.lookup_str}>"
            found.append((name, set(kwargs), entry.lookup_str))
    return found


# The matrix itself ---------------------------------------------------------------------------


def test_every_tenant_url_is_in_the_matrix():
    tenant_urls = {name for name, kwargs, _view in walk_urls() if kwargs & TENANT_KWARGS}
    assert tenant_urls, "the URL walk found no tenant URLs at all"
    missing = tenant_urls - MATRIX_URL_NAMES - set(PUBLIC_URLS)
    assert not missing, f"tenant URLs missing from the isolation matrix: {sorted(missing)}"


def test_the_matrix_lists_only_urls_that_exist():
    names = {name for name, _kwargs, _view in walk_urls()}
    stale = (MATRIX_URL_NAMES | set(PUBLIC_URLS)) - names
    assert not stale, f"the matrix names URLs that no longer exist: {sorted(stale)}"


def test_the_matrix_uses_every_outsider_persona(personas):
    assert set(OUTSIDERS) == set(personas.outsiders())


def test_the_matrix_covers_every_http_method_a_tenant_view_accepts(client, personas):
    """A logged-in non-member gets 405 for a refused method; any other method needs a case."""
    client.force_login(personas.nobody)
    covered = {(case.url_name, case.method) for case in CASES}
    uncovered = []
    for url_name in sorted({case.url_name for case in CASES}):
        case = next(case for case in CASES if case.url_name == url_name)
        url = case.url(personas)
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            response = client.generic(method, url)
            if response.status_code != 405 and (url_name, method) not in covered:
                uncovered.append((url_name, method, response.status_code))
    assert not uncovered


# The cases by app: one test per app sets up the data once and sends every case of the app as
# every outsider and as an anonymous visitor (some 2,000 requests in all).
CASES_BY_APP: dict[str, list[Case]] = {}
for _case in CASES:
    CASES_BY_APP.setdefault(_case.url_name.split(":")[0], []).append(_case)


@pytest.mark.parametrize("app", sorted(CASES_BY_APP))
def test_outsiders_get_404_anonymous_is_sent_to_login_and_nothing_changes(client, personas, app):
    """Every outsider gets 404 from every case of the app, an anonymous visitor is sent to the
    login page, and the database is the same afterwards (compared once for all of them, so a
    change by any request fails the test; run `-k <app>` and bisect the cases to find it)."""
    before = snapshot()

    for case in CASES_BY_APP[app]:
        for outsider in OUTSIDERS:
            client.force_login(getattr(personas, outsider))
            response = case.send(client, personas)
            assert (case.id, outsider, response.status_code) == (case.id, outsider, 404)
        client.logout()
        response = case.send(client, personas)
        assert (case.id, response.status_code) == (case.id, 302)
        assert response.url.startswith(reverse("accounts:login") + "?next=")
    assert snapshot() == before


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_profile_shows_an_outsider_only_their_own_account(client, personas, outsider):
    user = getattr(personas, outsider)
    client.force_login(user)

    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    page = response.content.decode()
    assert user.email in page
    assert "tydal" not in page.lower()
    assert "trøndelag" not in page.lower()


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_profile_post_changes_only_the_own_account(client, personas, outsider):
    user = getattr(personas, outsider)
    client.force_login(user)
    others_before = sorted(
        get_user_model().objects.exclude(pk=user.pk).values_list("email", "name", "language")
    )
    memberships_before = snapshot()["memberships"]

    response = client.post(
        reverse("accounts:profile"),
        {
            "name": "Changed Name",
            "language": "nb",
            "email": personas.admin.email,
            "id": personas.admin.pk,
            "user": personas.admin.pk,
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.email) == ("Changed Name", getattr(personas, outsider).email)
    assert (
        sorted(
            get_user_model().objects.exclude(pk=user.pk).values_list("email", "name", "language")
        )
        == others_before
    )
    assert snapshot()["memberships"] == memberships_before


def test_anonymous_user_is_redirected_from_profile(client, db):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_admin_of_another_workspace_cannot_reach_a_tydal_member_through_own_slug(
    client, personas, method
):
    client.force_login(personas.outsider_admin)
    url = reverse(
        "municipalities:member_edit",
        kwargs={
            "slug": personas.other_workspace.slug,
            "member_id": _membership_id(personas, "editor", "workspace"),
        },
    )
    before = snapshot()

    response = client.generic(
        method, url, "remove=1&role=admin", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 404
    assert snapshot() == before


def test_county_admin_cannot_add_a_municipality_of_another_county_to_the_network(client, personas):
    rogaland_admin = make_member(
        Organisation.objects.get(kind=OrganisationKind.COUNTY_MUNICIPALITY, county_id="11"),
        "admin@rogaland.test",
        Role.ADMIN,
    )
    client.force_login(rogaland_admin)
    before = snapshot()

    response = client.post(
        reverse("municipalities:network_edit", args=["rogaland-fylkeskommune"]),
        {"municipalities": [personas.municipality.number, personas.other_municipality.number]},
    )

    assert response.status_code == 400
    assert snapshot() == before


# In-tenant roles -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "editor", "reader", "adviser"])
def test_every_member_role_can_view_the_dashboard(client, personas, role):
    client.force_login(getattr(personas, role))

    response = client.get(reverse("municipalities:dashboard", args=[personas.municipality.number]))

    assert response.status_code == 200
    assert response.context["access"].municipality == personas.municipality


@pytest.mark.parametrize(
    ("role", "organisation"),
    [("editor", "workspace"), ("reader", "workspace"), ("adviser", "county_org")],
)
def test_member_below_admin_gets_403_when_adding_a_member(client, personas, role, organisation):
    client.force_login(getattr(personas, role))
    before = snapshot()

    response = client.post(
        reverse("municipalities:member_add", args=[getattr(personas, organisation).slug]),
        {"email": "new@tydal.test", "role": "reader"},
    )

    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("role", ["editor", "reader"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_member_below_admin_gets_403_when_editing_a_member(client, personas, role, method):
    client.force_login(getattr(personas, role))
    before = snapshot()

    response = client.generic(
        method,
        reverse("municipalities:member_edit", kwargs=_editor_member(personas)),
        "role=admin",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 403
    assert snapshot() == before


def test_county_adviser_gets_403_when_editing_the_network(client, personas):
    client.force_login(personas.adviser)
    before = snapshot()

    response = client.post(
        reverse("municipalities:network_edit", args=[personas.county_org.slug]),
        _holtaalen(personas),
    )

    assert response.status_code == 403
    assert snapshot() == before


def test_admin_can_add_a_member(client, personas):
    client.force_login(personas.admin)

    response = client.post(
        reverse("municipalities:member_add", args=[personas.workspace.slug]),
        {"email": "new@tydal.test", "role": "reader"},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(
        organisation=personas.workspace, user__email="new@tydal.test", role=Role.READER
    ).exists()


@pytest.mark.parametrize("number", ["5026", "1151", "0301"])
def test_county_adviser_gets_404_for_a_municipality_outside_the_network(client, personas, number):
    client.force_login(personas.adviser)

    response = client.get(reverse("municipalities:dashboard", args=[number]))

    assert response.status_code == 404
    assert number not in access_map(personas.adviser)


def test_county_admin_can_at_most_comment_in_the_network(client, personas):
    county_admin = make_member(personas.county_org, "admin@trondelag.test", Role.ADMIN)

    access = access_map(county_admin)[personas.municipality.number]

    assert access.capability == Capability.COMMENT
    request = RequestFactory().get("/")
    request.user = county_admin
    with pytest.raises(PermissionDenied):
        get_municipality_for_user(request, personas.municipality.number, Capability.EDIT)
    client.force_login(county_admin)
    response = client.get(reverse("municipalities:dashboard", args=[personas.municipality.number]))
    assert response.status_code == 200
    assert response.context["access"].capability == Capability.COMMENT


def test_municipality_membership_outranks_a_county_membership(personas):
    Membership.objects.create(
        user=personas.adviser, organisation=personas.workspace, role=Role.EDITOR
    )

    access = access_map(personas.adviser)[personas.municipality.number]

    assert access.capability == Capability.EDIT
    assert access.via == personas.workspace


def test_intercommunal_office_editor_can_edit_in_served_municipalities_only(personas):
    holtaalen = Municipality.objects.get(number="5026")
    office = organisation_create(
        name="Gauldal og Tydal planlegging",
        kind=OrganisationKind.INTERCOMMUNAL,
        municipalities=[personas.municipality, holtaalen],
    )
    editor = make_member(office, "editor@office.test", Role.EDITOR)

    accesses = access_map(editor)

    assert set(accesses) == {"5033", "5026"}
    assert all(access.capability == Capability.EDIT for access in accesses.values())
    assert all(access.via == office for access in accesses.values())


def test_intercommunal_office_member_gets_404_outside_served_municipalities(client, personas):
    office = organisation_create(
        name="Kontor", kind=OrganisationKind.INTERCOMMUNAL, municipalities=[personas.municipality]
    )
    editor = make_member(office, "editor@office.test", Role.EDITOR)
    client.force_login(editor)

    assert client.get(reverse("municipalities:dashboard", args=["5033"])).status_code == 200
    assert client.get(reverse("municipalities:dashboard", args=["1151"])).status_code == 404


def test_reader_can_view_but_not_comment(personas):
    access = access_map(personas.reader)[personas.municipality.number]

    assert access.allows(Capability.VIEW)
    assert not access.allows(Capability.COMMENT)


def test_outsiders_have_no_access_to_the_municipality(personas):
    for user in personas.outsiders().values():
        assert personas.municipality.number not in access_map(user)


# The statsforvalter and national organisations ---------------------------------------------


def _guiding_member(kind: str, role: str = Role.ADMIN) -> Any:
    organisation = organisation_create(name=f"Test {kind}", kind=kind)
    return organisation, make_member(organisation, f"{role}@{kind}.test", role)


def test_a_statsforvalter_not_invited_is_an_outsider_on_every_page(client, personas):
    _organisation, member = _guiding_member(OrganisationKind.COUNTY_GOVERNOR)
    client.force_login(member)

    refused = {
        case.id: case.send(client, personas).status_code
        for case in CASES
        if case.method == "GET" and "knr" in case.kwargs(personas)
    }

    assert set(refused.values()) == {404}, refused


@pytest.mark.parametrize("kind", [OrganisationKind.COUNTY_GOVERNOR, OrganisationKind.NATIONAL])
def test_an_invited_statsforvalter_or_national_admin_reads_and_comments_but_never_edits(
    client, personas, kind
):
    organisation, admin = _guiding_member(kind)
    organisation.municipalities.add(personas.municipality)
    client.force_login(admin)
    edits = [case for case in CASES if case.method == "POST" and case.url_name.startswith("plans:")]
    before = snapshot()

    statuses = {case.id: case.send(client, personas).status_code for case in edits}

    assert access_map(admin)[personas.municipality.number].capability == Capability.COMMENT
    assert set(statuses.values()) == {403}, statuses
    assert snapshot() == before
    assert client.get(reverse("guidance:thread", kwargs=_thread(personas))).status_code == 200


def test_api_outsiders_get_404_anonymous_401_and_nothing_changes(client, personas):
    """Every API endpoint of Tydal, sent with each outsider's own API key, is 404 (as the pages);
    without a key 401; and the database is the same afterwards. A member's key reaches them."""
    from samplan.api.services import token_create

    keys = {
        outsider: token_create(name="tenant", user=getattr(personas, outsider))[1]
        for outsider in OUTSIDERS
    }
    before = snapshot()
    for name, method, kwargs, body in API_CASES:
        url = reverse(name, kwargs=kwargs(personas))
        send = getattr(client, method.lower())
        extra = {"content_type": "application/json", "HTTP_IF_MATCH": "*"}
        data = body if body is not None else None
        for outsider, key in keys.items():
            response = send(url, data, HTTP_AUTHORIZATION=f"Bearer {key}", **extra)
            assert (name, outsider, response.status_code) == (name, outsider, 404)
        response = send(url, data, **extra)
        assert (name, response.status_code) == (name, 401)
    assert snapshot() == before
    member_key = token_create(name="tenant", user=personas.reader)[1]
    for name, method, kwargs, _body in API_CASES:
        if method == "GET":
            response = client.get(
                reverse(name, kwargs=kwargs(personas)), HTTP_AUTHORIZATION=f"Bearer {member_key}"
            )
            assert (name, response.status_code) == (name, 200)
