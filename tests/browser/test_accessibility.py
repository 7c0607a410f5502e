"""Every page of Samplan has no axe-core WCAG 2.1 A/AA violations, half of them checked in
Bokmål and half in Nynorsk.

A page's markup is the same in both languages (the language changes its text, and `<html lang>`),
so each page is checked once, in one of the two, taken in turn down `PAGES`: both catalogues are
shown in the browser, and a run takes half the time of checking every page twice.
`samplan/core/tests/test_translations.py` checks that every text has both translations.

`PAGES` lists the pages by URL name. A new URL pattern without an entry here (or in `EXEMPT`)
fails `test_every_url_is_checked`, so a page cannot be added without its accessibility test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.snapshot import layer_positions

from . import plandata, plantaktdata, statsdata
from .conftest import SCREENSHOTS, Site, assert_accessible, html_lang

pytestmark = pytest.mark.browser

LANGUAGES = ["nb", "nn"]

# URL names that are not pages a person reads, with the reason.
EXEMPT = {
    "politics:workshop_step": "POST-only; redirects to the workshop page (politics-workshop)",
    "politics:dots": "POST-only; redirects to the phone's page (politics-join-points)",
    "politics:ranking": "POST-only; redirects to the phone's page (politics-join-points)",
    "politics:comment": "POST-only; redirects to the phone's page (politics-join-points)",
    "politics:course_mark": "POST-only; redirects to the course (politics-course)",
    "politics:course_document": "a file download (PDF/A or ODT), checked in politics' tests",
    "politics:assessment_document": "a file download (PDF/A or ODT), checked in politics' tests",
    "healthz": "JSON health check for the load balancer, not a page",
    "set_language": "POST-only; redirects back (the language buttons are tested in test_flows)",
    "plans:export": "a file download (CSV/XLSX/ODS), not a page; downloaded in test_plans",
    "plans:template": "a file download (the import template), not a page; downloaded in test_plans",
    "plans:cleanup_export": "a file download (CSV/XLSX/ODS/ODT/PDF), not a page",
    "strategy:start": "POST-only; redirects to the new strategy (pressed in test_strategy)",
    "strategy:body_delete": "POST-only; redirects to the strategy",
    "strategy:priority_delete": "POST-only; redirects to the strategy",
    "participation:publish_assessment": "POST-only; redirects to the consultation",
    "participation:export": "a file download (ODT/PDF/XLSX), not a page",
    "participation:document": "a file download (a document on consultation), not a page",
    "participation:attachment": "a file download (a submission's attachment), not a page",
    "strategy:mark": "POST-only; redirects to the members' page (pressed in test_strategy)",
    "strategy:export": "a file download (ODT/PDF), not a page",
    "strategy:public_document": "a file download (ODT/PDF), not a page",
    "strategy:public_proposal": "a file download (ODT/PDF), not a page",
    "strategy:version_document": "a file download (ODT/PDF) of an adopted version, not a page",
    "goals:area_delete": "POST-only; redirects to the goal tree",
    "goals:goal_delete": "POST-only; redirects to the goal tree or back to the goal",
    "goals:strategy_add": "POST-only; redirects to the goal",
    "goals:strategy_delete": "POST-only; redirects to the goal",
    "goals:comment_add": "POST-only; redirects to the goal",
    "goals:indicator_delete": "POST-only; redirects to the goal",
    "goals:plan_create": "POST-only; redirects to the new version's changes",
    "goals:measure_links": "POST-only; redirects to the measure (pressed in test_goals)",
    "goals:measure_status": "POST-only; redirects to the measure",
    "goals:measure_delete": "POST-only; redirects to the plan",
    "goals:report_adoption": "POST-only; its form is on the follow-up page (goals-follow_up, 2025)",
    "goals:report": "a file download (ODT/PDF), not a page; downloaded in test_goals",
    "plantakt:ics": "a calendar file download, not a page; downloaded in test_plantakt",
    "plantakt:feed_ics": "the calendar feed for calendar programs, not a page; in test_plantakt",
    "guidance:board_export": "a file download (XLSX), not a page; downloaded in guidance tests",
    "guidance:thread_status": "POST-only; redirects to the thread (pressed in test_guidance)",
    "guidance:follow_up_add": "POST-only; redirects to the meeting (its form is on the meeting)",
    "guidance:follow_up_done": "POST-only; redirects to the meeting",
    "guidance:application_decide": "POST-only; redirects to the network (buttons on it)",
    "guidance:gathering_add": "POST-only; redirects to the gathering (its forms are on it)",
    "guidance:presentation": "a file download, not a page; downloaded in guidance tests",
    "guidance:post_attachment": "a file download, not a page",
    "processes:delete": "POST-only; redirects to the process",
    "processes:actor_delete": "POST-only; redirects to the actor register",
    "processes:export": "a file download (ODT/PDF), not a page; downloaded in test_processes",
    "processes:worksheet": "a file download (PDF), not a page",
    "sso:email_login": "POST-only; the login page's form (its errors: login-sso-errors)",
    "sso:organisation_login": "redirects to the organisation's identity provider (logged in "
    "through it end to end in test_sso)",
    "apikeys:token_delete": "POST-only; redirects to the profile (its button is on the profile)",
    "archive:strategy": "a file download (the Noark 5 package, ZIP), checked in archive's tests",
    "archive:goal_report": "a file download (the Noark 5 package, ZIP), checked in archive's tests",
    "feeds:municipality": "an Atom feed (XML) for feed readers, checked in feeds' tests",
    "api:api-root": "the API's root (JSON), not a page",
    "api:openapi-json": "the OpenAPI document (JSON), not a page; checked by schemathesis",
}
# The API's operations answer JSON, not pages (samplan/api/tests, schemathesis); its browsable
# documentation (`apikeys:docs`, a Samplan page made from the document) has a case below.
API_OPERATIONS = (
    "plans_list",
    "plans_create",
    "plans_read",
    "plans_change",
    "plans_delete",
    "municipalities_list",
    "cleanup_decisions_list",
    "deadlines_list",
    "statistics_list",
    "strategies_list",
    "processes_list",
    "goals_list",
    "goals_read",
    "goals_change",
    "measures_list",
    "measures_read",
    "measures_change",
    "processes_read",
    "processes_change",
    "consultations_list",
    "deadlines_create",
    "deadlines_read",
    "deadlines_change",
    "deadlines_delete",
    "cleanup_decisions_create",
    "cleanup_decisions_read",
    "cleanup_decisions_change",
    "strategies_read",
    "strategies_change",
)
EXEMPT.update({f"api:{name}": "an API operation (JSON), not a page" for name in API_OPERATIONS})


@dataclass(frozen=True)
class PageCase:
    id: str
    url_name: str | None  # None: no URL of its own (the 404 page)
    visit: Callable[[Site], None]
    screenshot: bool = True
    # Example data the visit starts from (tests/snapshot.py): made once for the cases that
    # share it instead of in each case.
    data: tuple[str, ...] = ()


def _login_page(site: Site) -> None:
    site.goto("/logg-inn/")


def _login_with_errors(site: Site) -> None:
    response = site.submit_login(site.personas.editor.email, "wrong-password-here")
    assert response.status == 200
    assert site.page.locator("#error-summary").is_visible()
    assert site.page.locator("#id_password[aria-invalid], #error-summary li").count() > 0


def _login_sso_no_domain(site: Site) -> None:
    site.goto("/logg-inn/")
    with site.page.expect_navigation():
        site.page.fill("#id_email", "someone@nowhere.test")
        site.page.locator("form[action$='/innlogging/sso/'] button[type=submit]").click()
    assert site.page.locator("#error-summary").is_visible()
    assert site.page.locator("#id_email[aria-invalid]").count() == 1


def _sso_provider(site: Site) -> None:
    """Tydal's provider (never asked: the settings page reads only the database) and a refused
    log-in in its log."""
    from samplan.sso.models import LoginEvent, Outcome
    from samplan.sso.services import provider_save

    provider = provider_save(
        organisation=site.personas.workspace,
        issuer="https://login.microsoftonline.com/0000-tydal/v2.0",
        client_id="samplan-tydal",
        client_secret="hemmelig",
        domains=["tydal.test"],
        default_role="reader",
        groups_claim="groups",
        group_roles={"grp-plan": "editor"},
        enabled=True,
        user=site.personas.admin,
    )
    LoginEvent.objects.create(
        provider=provider,
        outcome=Outcome.OTHER_ORGANISATION,
        email="admin@utsira.test",
        detail="other_organisation",
    )


def _sso_settings(site: Site) -> None:
    _sso_provider(site)
    site.login_as(site.personas.admin)
    site.goto(f"/organisasjon/{site.personas.workspace.slug}/innlogging/")
    assert site.page.locator("#events-heading").is_visible()
    assert site.page.locator("#id_issuer").input_value().endswith("/0000-tydal/v2.0")


def _sso_settings_errors(site: Site) -> None:
    site.login_as(site.personas.admin)
    site.goto(f"/organisasjon/{site.personas.workspace.slug}/innlogging/")
    page = site.page
    page.fill("#id_issuer", "https://login.tydal.test")
    page.fill("#id_client_id", "samplan")
    page.fill("#id_domains", "ikke et domene")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("#error-summary").is_visible()


def _sso_error(site: Site) -> None:
    site.goto("/innlogging/sso/tilbake/?state=brukt&code=x", status=400)
    assert site.page.locator("[role=alert]").is_visible()


def _locked_out(site: Site) -> None:
    email = site.personas.editor.email
    for _attempt in range(6):
        response = site.submit_login(email, "wrong-password-here")
        if response.status == 429:
            break
    assert response.status == 429, "django-axes did not lock the account out after 6 attempts"
    assert site.page.locator("h1").inner_text().strip()


def _front_page_anonymous(site: Site) -> None:
    site.goto("/")
    assert site.page.locator("main a[href='/logg-inn/']").count() == 1


def _front_page_several_municipalities(site: Site) -> None:
    from samplan.municipalities.models import Membership, Role
    from samplan.municipalities.testing import make_member

    personas = site.personas
    user = make_member(personas.workspace, "multi@tydal.test", Role.EDITOR, "Mia Mange")
    Membership.objects.create(user=user, organisation=personas.other_workspace, role=Role.READER)
    site.login(user.email)
    site.goto("/")
    assert site.page.locator("main .ds-card").count() == 2
    # The municipality switcher in the header, opened.
    site.page.locator(".sp-switcher summary").click()
    assert site.page.locator(".sp-switcher__panel").is_visible()


def _list_mine_many_municipalities(site: Site) -> None:
    """A national adviser following all 357: the header's switcher lists ten and links to all
    of them, the list filtered to theirs with links to the workspaces."""
    from samplan.municipalities.models import Municipality, OrganisationKind, Role
    from samplan.municipalities.services import organisation_create
    from samplan.municipalities.testing import make_member

    organisation = organisation_create(name="Nasjonalt nettverk", kind=OrganisationKind.NATIONAL)
    organisation.municipalities.set(Municipality.objects.all())
    site.login(make_member(organisation, "nasjonal@example.test", Role.ADVISER).email)
    site.goto("/kommune/5033/oversikt/")
    site.page.locator(".sp-switcher summary").click()
    panel = site.page.locator(".sp-switcher__panel")
    assert panel.locator("a[href$='/oversikt/']").count() == 10
    panel.locator("a[href$='?mine=1']").click()
    site.page.wait_for_url("**/kommune/?mine=1")
    assert site.page.locator("#id_mine").is_checked()
    assert site.page.locator("#results tbody a[href$='/oversikt/']").count() == 50


def _front_page_no_municipality(site: Site) -> None:
    site.login(site.personas.nobody.email)
    site.goto("/")
    assert site.page.locator("main .ds-alert").is_visible()


def _front_page_single_municipality(site: Site) -> None:
    site.login(site.personas.editor.email)
    site.goto("/")
    assert site.path() == "/kommune/5033/oversikt/"


def _logout(site: Site) -> None:
    site.login(site.personas.editor.email)
    with site.page.expect_navigation():
        site.page.locator("header form[action='/logg-ut/'] button").click()
    assert site.path() == "/"
    assert site.page.locator("header a[href='/logg-inn/']").count() == 1


def _list(site: Site) -> None:
    site.goto("/kommune/")
    assert site.page.locator("#results tbody tr").count() == 50
    assert site.page.locator(".ds-pagination").is_visible()


def _list_search(site: Site) -> None:
    site.goto("/kommune/?q=tyd")
    assert site.page.locator("#results tbody tr").count() >= 1
    assert "Tydal" in site.page.locator("#results tbody").inner_text()


def _list_search_empty(site: Site) -> None:
    site.goto("/kommune/?q=ingen-slik-kommune")
    assert site.page.locator("#results table").count() == 0


def _detail(site: Site) -> None:
    site.goto("/kommune/5033/")


def _detail_sami(site: Site) -> None:
    site.goto("/kommune/5041/")  # Snåase: its Sami name is South Sami
    assert site.page.locator("[lang=sma]").count() >= 1


def _dashboard(site: Site) -> None:
    site.login(site.personas.editor.email)
    site.goto("/kommune/5033/oversikt/")


def _dashboard_example(site: Site) -> None:
    from samplan.municipalities.example import EXAMPLE_PASSWORD, example_data_create

    example_data_create()
    site.login("radgiver@trondelag.example", EXAMPLE_PASSWORD)
    site.goto("/kommune/5033/oversikt/")
    assert site.page.locator(".sp-example").is_visible()


def _organisation_admin(site: Site) -> None:
    site.login(site.personas.admin.email)
    site.goto(site.personas.workspace.get_absolute_url())
    assert site.page.locator("#id_email").is_visible()


def _organisation_reader(site: Site) -> None:
    site.login(site.personas.reader.email)
    site.goto(site.personas.workspace.get_absolute_url())
    assert site.page.locator("#id_email").count() == 0


def _organisation_county(site: Site) -> None:
    site.login(site.personas.adviser.email)
    site.goto(site.personas.county_org.get_absolute_url())
    assert site.page.locator("#network-heading").is_visible()


def _member_add_invalid(site: Site) -> None:
    site.login(site.personas.admin.email)
    site.goto(site.personas.workspace.get_absolute_url())
    site.page.fill("#id_email", "not-an-e-mail-address")
    with site.page.expect_navigation() as navigation:
        site.page.locator("form[action$='/medlemmer/ny/'] button[type=submit]").click()
    assert navigation.value.status == 400
    assert site.path().endswith("/medlemmer/ny/")
    assert site.page.locator("#error-summary").is_visible()
    assert site.page.locator("#id_email[aria-invalid=true]").count() == 1


def _reader_membership_url(site: Site) -> str:
    from samplan.municipalities.models import Membership

    personas = site.personas
    membership = Membership.objects.get(user=personas.reader, organisation=personas.workspace)
    return f"/organisasjon/{personas.workspace.slug}/medlemmer/{membership.pk}/"


def _member_edit(site: Site) -> None:
    site.login(site.personas.admin.email)
    site.goto(_reader_membership_url(site))
    assert site.page.locator("#id_role").is_visible()


def _member_edit_forbidden(site: Site) -> None:
    site.login(site.personas.reader.email)
    site.goto(_reader_membership_url(site), status=403)


def _network_edit(site: Site) -> None:
    from samplan.municipalities.models import Role
    from samplan.municipalities.testing import make_member

    county = site.personas.county_org
    make_member(county, "fylkesadmin@trondelag.test", Role.ADMIN, "Frida Fylke")
    site.login("fylkesadmin@trondelag.test")
    site.goto(f"/organisasjon/{county.slug}/kommuner/")
    assert site.page.locator("input[type=checkbox][name=municipalities]").count() > 30


def _profile(site: Site) -> None:
    site.login(site.personas.admin.email)
    site.goto("/konto/")
    assert site.page.locator("#id_name").is_visible()


def _api_key_made(site: Site) -> None:
    """A new API key shown once, then the profile with it in the list of keys."""
    site.login(site.personas.admin.email)
    site.goto("/konto/api-nokler/ny/")
    site.page.fill("#id_name", "Nettsiden")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert site.page.locator("#api-key").input_value().startswith("spl_")


def _profile_with_api_key(site: Site) -> None:
    from samplan.api.services import token_create

    token_create(name="Arkivet", user=site.personas.admin)
    site.login(site.personas.admin.email)
    site.goto("/konto/")
    assert site.page.locator("#api-keys-heading").is_visible()


def _api_docs(site: Site) -> None:
    """The API's documentation, made from its OpenAPI document."""
    site.goto("/api/v1/docs")
    assert site.page.locator("main h2 code").count() >= 10


def _password_reset(site: Site) -> None:
    site.goto("/glemt-passord/")


def _password_reset_invalid(site: Site) -> None:
    site.goto("/glemt-passord/")
    site.page.fill("#id_email", "not-an-e-mail-address")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert site.page.locator("#error-summary").is_visible()


def _too_many_requests(site: Site) -> None:
    """The per-IP limit of the reset form (10 an hour by default): the 11th request gets 429."""
    for _attempt in range(12):
        site.goto("/glemt-passord/")
        site.page.fill("#id_email", "nobody@example.test")
        with site.page.expect_navigation() as navigation:
            site.page.locator("main form button[type=submit]").click()
        if navigation.value.status == 429:
            break
    assert navigation.value.status == 429, "the reset form was not limited after 12 requests"
    assert site.page.locator("h1").inner_text().strip()


def _password_reset_done(site: Site) -> None:
    site.goto("/glemt-passord/")
    site.page.fill("#id_email", site.personas.editor.email)
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert site.path() == "/glemt-passord/sendt/"


def _password_reset_confirm(site: Site) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = site.personas.editor
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    site.goto(f"/nytt-passord/{uid}/{token}/")
    assert site.page.locator("#id_new_password1").is_visible()


def _password_reset_confirm_invalid(site: Site) -> None:
    site.goto("/nytt-passord/MQ/ugyldig-lenke/")
    assert site.page.locator("main .ds-alert").is_visible()


def _password_reset_complete(site: Site) -> None:
    site.goto("/nytt-passord/ferdig/")


def _help(site: Site) -> None:
    site.goto("/hjelp/")


def _accessibility_statement(site: Site) -> None:
    site.goto("/tilgjengelighet/")


def _not_found(site: Site) -> None:
    site.goto("/finnes-ikke/", status=404)


# Plan register ------------------------------------------------------------------------------


def _plans_editor(site: Site) -> dict:
    """The example register in Tydal, and the editor logged in."""
    plans = plandata.example_register(site.personas.municipality)
    site.login_as(site.personas.editor)
    return plans


def _plan_list(site: Site) -> None:
    plans = _plans_editor(site)
    site.goto(plandata.PLANS)
    assert site.page.locator("#results tbody tr").count() == len(plans)
    assert site.page.locator("main a[href$='/planer/ny/']").count() == 1


def _plan_list_overdue(site: Site) -> None:
    plans = _plans_editor(site)
    site.goto(f"{plandata.PLANS}?overdue=on")
    assert 0 < site.page.locator("#results tbody tr").count() < len(plans)
    assert site.page.locator("#id_overdue").is_checked()


def _plan_list_statutory(site: Site) -> None:
    plans = _plans_editor(site)
    site.goto(f"{plandata.PLANS}?statutory=on&sort=-adopted_year")
    rows = site.page.locator("#results tbody tr")
    assert 0 < rows.count() < len(plans)
    assert rows.count() == rows.locator(".ds-tag").count(), "a plan not required by law is shown"


def _plan_list_type(site: Site) -> None:
    plans = _plans_editor(site)
    site.goto(f"{plandata.PLANS}?plan_type=temaplan")
    assert 0 < site.page.locator("#results tbody tr").count() < len(plans)


def _plan_list_empty(site: Site) -> None:
    _plans_editor(site)
    site.goto(f"{plandata.PLANS}?q=ingen-slik-plan")
    assert site.page.locator("#results table").count() == 0
    assert site.page.locator("#results [role=status]").is_visible()


def _plan_detail(site: Site) -> None:
    plan = plandata.plan_with_relations(site.personas.municipality)
    site.login_as(site.personas.editor)
    site.goto(plan.get_absolute_url())
    main = site.page.locator("main")
    assert main.locator(f"a[href='{plan.parent.get_absolute_url()}']").count() == 1
    assert main.locator(f"a[href='{plan.replaces.get_absolute_url()}']").count() == 1
    assert main.locator("#decisions-heading").is_visible()
    assert site.page.locator("section[aria-labelledby=history-heading] tbody tr").count() >= 2


def _plan_create(site: Site) -> None:
    _plans_editor(site)
    site.goto(f"{plandata.PLANS}ny/")
    assert site.page.locator("input[name=sdgs]").count() == 17


def _plan_edit_errors(site: Site) -> None:
    plans = _plans_editor(site)
    site.goto(f"{plans['P-13'].get_absolute_url()}endre/")
    site.page.fill("#id_title", "")
    site.page.fill("#id_adopted_year", "2999")
    _submit_with_errors(site, "id_title")


def _submit_with_errors(site: Site, invalid_field: str) -> None:
    """Submit the page's form; the answer is 400 with the error summary and the field marked."""
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form button[type=submit]").click()
    assert navigation.value.status == 400
    assert site.page.locator("#error-summary").is_visible()
    assert site.page.locator(f"#{invalid_field}[aria-invalid=true]").count() == 1


def _plan_delete(site: Site) -> None:
    plans = _plans_editor(site)
    site.goto(f"{plans['P-33'].get_absolute_url()}slett/")
    assert site.page.locator("main button[type=submit]").is_visible()


def _plan_import(site: Site) -> None:
    _plans_editor(site)
    site.goto(f"{plandata.PLANS}import/")
    assert site.page.locator("#id_file").is_visible()


def _plan_import_errors(site: Site) -> None:
    _plans_editor(site)
    site.goto(f"{plandata.PLANS}import/")
    site.page.set_input_files("#id_file", plandata.csv_file(plandata.BAD_ROWS))
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form button[type=submit]").click()
    assert navigation.value.status == 400
    assert site.page.locator("main table tbody tr").count() >= 1


def _plan_health(site: Site) -> None:
    _plans_editor(site)
    site.goto(f"{plandata.PLANS}planhelse/")
    assert site.page.locator("main table tbody tr").count() > 5


def _cleanup(site: Site) -> None:
    _plans_editor(site)
    site.goto(f"{plandata.CLEANUP}?periode={plandata.EXAMPLE_PERIOD}")
    table = site.page.locator("main table tbody")
    assert table.locator("em").count() > 0, "no suggested decisions shown"
    assert table.locator("tr", has_text="Plan for biblioteket").count() == 0  # expired
    assert site.page.locator("a[href*='/rydding/godta-forslag/']").is_visible()


def _cleanup_accept(site: Site) -> None:
    _plans_editor(site)
    site.goto(f"{plandata.CLEANUP}godta-forslag/?periode={plandata.EXAMPLE_PERIOD}")
    assert site.page.locator("main form button[name=bekreft]").is_visible()


def _decision_edit_errors(site: Site) -> None:
    plans = _plans_editor(site)
    site.goto(f"{plandata.CLEANUP}{plans['P-26'].pk}/?periode={plandata.EXAMPLE_PERIOD}")
    site.page.select_option("#id_decision", "slå_sammen")
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form button[type=submit]").click()
    assert navigation.value.status == 400
    assert site.page.locator("#id_merge_into[aria-invalid=true]").count() == 1


def _new_plan_decision(site: Site) -> None:
    _plans_editor(site)
    site.goto(f"{plandata.CLEANUP}ny-plan/?periode={plandata.EXAMPLE_PERIOD}")
    assert site.page.locator("#id_new_plan_title").is_visible()


def _dashboard_plan_health(site: Site) -> None:
    _plans_editor(site)
    site.goto(f"/kommune/{plandata.KNR}/oversikt/")
    panel = site.page.locator("section[aria-labelledby=panel-plan-health]")
    assert panel.is_visible()
    assert panel.locator("li").count() >= 1


# Participation ---------------------------------------------------------------------------------

PARTICIPATION = f"/kommune/{plandata.KNR}/medvirkning/"


def _example_consultation(site: Site, user: object | None = None) -> object:
    from samplan.participation.models import Consultation
    from tests.snapshot import example_data

    example_data("participation", site.personas.municipality)
    if user is not False:
        site.login_as(user or site.personas.editor)
    return Consultation.objects.get(municipality=site.personas.municipality)


def _open_consultation(site: Site) -> object:
    """An open consultation with a question of each kind (the example one is closed)."""
    import datetime

    from django.utils import timezone

    from samplan.participation import services
    from samplan.participation.models import Consultation, Question

    consultation = Consultation.objects.filter(title="Åpen høring").first()
    if consultation is not None:
        return consultation
    consultation = services.consultation_save(
        consultation=Consultation(
            municipality=site.personas.municipality,
            title="Åpen høring",
            kind="innspillsrunde",
            subject="annet",
            summary="Hva mener du om sentrum?",
            opens_on=timezone.localdate() - datetime.timedelta(days=1),
            closes_at=timezone.now() + datetime.timedelta(days=20),
            status="publisert",
            youth_variant=True,
        )
    )
    for kind, text, options in (
        ("valg", "Hva er viktigst?", "Bolig\nHelse"),
        ("rangering", "Ranger", "Skole\nVei"),
        ("sted", "Hvilket sted?", ""),
    ):
        services.question_add(
            question=Question(consultation=consultation, kind=kind, text=text, options=options)
        )
    return consultation


def _as_citizen(site: Site) -> None:
    language = next(
        (c["value"] for c in site.page.context.cookies() if c["name"] == "samplan_sprak"), "nb"
    )
    site.page.context.clear_cookies()
    site.set_language(language)


def _participation_index(site: Site) -> None:
    _example_consultation(site)
    site.goto(PARTICIPATION)
    assert site.page.locator("main table").count() == 1


def _participation_detail(site: Site) -> None:
    consultation = _example_consultation(site)
    site.goto(f"{PARTICIPATION}{consultation.pk}/")
    assert site.page.locator("main meter").count() >= 4


def _participation_new(site: Site) -> None:
    site.login_as(site.personas.editor)
    site.goto(f"{PARTICIPATION}ny/")
    site.page.fill("#id_title", "Planprogram")
    site.page.select_option("#id_kind", "horing")
    site.page.select_option("#id_subject", "planprogram")
    site.page.fill("#id_summary", "Kort")
    site.page.fill("#id_opens_on", "2025-03-03")
    site.page.fill("#id_closes_at", "2025-03-20T12:00")
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form button[type=submit]").click()
    assert navigation.value.status == 400  # shorter than six weeks (PBL § 11-13)
    assert site.page.locator("#id_closes_at[aria-invalid=true]").count() == 1


def _participation_page(suffix: str) -> Callable[[Site], None]:
    def visit(site: Site) -> None:
        consultation = _example_consultation(site)
        site.goto(f"{PARTICIPATION}{consultation.pk}/{suffix}")
        assert site.page.locator("main form").count() >= 1

    return visit


def _participation_person(site: Site) -> None:
    site.login_as(site.personas.editor)
    site.goto(f"{PARTICIPATION}innsyn/")
    assert site.page.locator("#id_email").is_visible()


def _participation_public_index(site: Site) -> None:
    _example_consultation(site, False)
    site.goto(f"/delta/{plandata.KNR}/")
    assert site.page.locator("main li a").count() >= 1


def _participation_privacy(site: Site) -> None:
    site.goto(f"/delta/{plandata.KNR}/personvern/")
    assert site.page.locator("main h2").count() >= 4


def _participation_public(site: Site) -> None:
    consultation = _open_consultation(site)
    _as_citizen(site)
    site.goto(f"/delta/{plandata.KNR}/{consultation.pk}/")
    assert site.page.locator("main form input[type=radio]").count() == 2


def _participation_public_answered(site: Site) -> None:
    consultation = _example_consultation(site, False)
    site.goto(f"/delta/{plandata.KNR}/{consultation.pk}/")
    assert site.page.locator("main .sp-statement").count() == 23  # one page (50 a page)


def _participation_youth(site: Site) -> None:
    consultation = _open_consultation(site)
    site.goto(f"/delta/{plandata.KNR}/{consultation.pk}/ung/")
    assert site.page.locator("main form input[type=radio]").count() == 2


def _participation_own(site: Site) -> None:
    from samplan.participation import services
    from samplan.participation.services import Contribution

    consultation = _open_consultation(site)
    received = services.submission_create(
        consultation=consultation,
        contribution=Contribution(text="Mer lys i sentrum", name="Kari", consent=True),
        nonce=f"a11y-{consultation.submissions.count()}",
    )
    site.goto(services.own_url(submission=received.submission, token=received.token))
    assert site.page.locator("#id_text").is_visible()


# Planning strategy ----------------------------------------------------------------------------

STRATEGY = f"/kommune/{plandata.KNR}/planstrategi/2023/"


def _example_strategy(site: Site, user: object | None = None) -> object:
    from tests.snapshot import example_data

    example_data("strategy", site.personas.municipality)
    site.login_as(user or site.personas.editor)
    from samplan.strategy.models import Strategy

    return Strategy.objects.get(municipality=site.personas.municipality, period_start=2023)


def _revised_example_strategy(site: Site) -> object:
    """The example strategy is adopted and so frozen: a revision makes it a draft to edit."""
    from samplan.strategy.services import strategy_start_revision

    strategy = _example_strategy(site)
    return strategy_start_revision(strategy=strategy, reason="Ny kommuneplan")


def _strategy_revision_start(site: Site) -> None:
    _example_strategy(site)
    site.goto(f"{STRATEGY}endring/")
    assert site.page.locator("#id_reason").is_visible()


def _strategy_status_back(site: Site) -> None:
    _example_strategy(site)
    site.goto(f"{STRATEGY}status/tilbake/")
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form button[type=submit]").click()
    assert navigation.value.status == 400  # the reason is required
    assert site.page.locator("#id_reason[aria-invalid=true]").count() == 1


def _strategy_index(site: Site) -> None:
    site.login_as(site.personas.editor)
    site.goto(f"/kommune/{plandata.KNR}/planstrategi/")
    assert site.page.locator("main form button[type=submit]").is_visible()


def _strategy_detail(site: Site) -> None:
    _example_strategy(site)
    site.goto(STRATEGY)
    assert site.page.locator("main table").count() >= 3


def _strategy_status_errors(site: Site) -> None:
    _revised_example_strategy(site)
    site.goto(f"{STRATEGY}status/")
    site.page.select_option("#id_status", "vedtatt")
    site.page.select_option("#id_master_plan_decision", "")
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form button[type=submit]").click()
    assert navigation.value.status == 400
    assert site.page.locator("#id_master_plan_decision[aria-invalid=true]").count() == 1


def _strategy_section(site: Site) -> None:
    _revised_example_strategy(site)
    site.goto(f"{STRATEGY}del/trends/")
    assert site.page.locator("#id_text").is_visible()


def _strategy_body_add(site: Site) -> None:
    _revised_example_strategy(site)
    site.goto(f"{STRATEGY}horingsinstanser/ny/")
    assert site.page.locator("#id_neighbour").is_visible()


def _strategy_body_edit(site: Site) -> None:
    strategy = _revised_example_strategy(site)
    body = strategy.bodies.first()
    site.goto(f"{STRATEGY}horingsinstanser/{body.pk}/")


def _strategy_priority_add(site: Site) -> None:
    _revised_example_strategy(site)
    site.goto(f"{STRATEGY}prioriteringer/ny/")


def _strategy_members(site: Site) -> None:
    from samplan.strategy.models import Strategy

    strategy = _example_strategy(site, site.personas.reader)
    # Marking closes on adoption (the example is adopted): on public display, with the workshop.
    Strategy.objects.filter(pk=strategy.pk).update(
        status="offentlig_ettersyn", adopted_on=None, workshop_on="2024-03-14"
    )
    site.goto(f"{STRATEGY}politikere/")
    assert site.page.locator("main button[aria-pressed]").count() == 6


def _strategy_read(site: Site) -> None:
    _example_strategy(site, site.personas.reader)
    site.goto(f"{STRATEGY}les/")
    assert site.page.locator("#chapter-trends").is_visible()


def _contact(site: Site) -> None:
    site.login_as(site.personas.editor)
    site.goto(f"/kommune/{plandata.KNR}/kontakt/")
    assert site.page.locator("#id_email").is_visible()


def _strategy_public(site: Site) -> None:
    _example_strategy(site)
    language = next(
        cookie["value"]
        for cookie in site.page.context.cookies()
        if cookie["name"] == "samplan_sprak"
    )
    site.page.context.clear_cookies()  # a citizen, not logged in
    site.set_language(language)
    site.goto(f"/offentlig/{plandata.KNR}/planstrategi/2023/")
    assert site.page.locator("a[href$='planstrategi.pdf']").is_visible()


# Statistics and the challenge picture --------------------------------------------------------


def _stats_figures(site: Site) -> None:
    statsdata.snapshot()
    site.login_as(site.personas.reader)
    site.goto(statsdata.FIGURES)
    assert site.page.locator("main svg[role=img]").count() >= 3
    assert site.page.locator("main .sp-not-fetched").count() == 2


def _stats_figures_refreshed(site: Site) -> None:
    statsdata.refreshed(site.personas.municipality)
    site.login_as(site.personas.reader)
    site.goto(statsdata.FIGURES)
    assert site.page.locator("main svg[role=img]").count() == 5
    assert site.page.locator("main .sp-not-fetched").count() == 0
    site.page.locator("main details summary").first.click()
    assert site.page.locator("main details[open] table").first.is_visible()


def _stats_figures_empty(site: Site) -> None:
    site.login_as(site.personas.reader)
    site.goto(statsdata.FIGURES)
    assert site.page.locator("main .ds-alert").is_visible()


def _stats_challenges(site: Site) -> None:
    statsdata.refreshed(site.personas.municipality)
    site.login_as(site.personas.editor)
    site.goto(statsdata.CHALLENGES)
    assert site.page.locator("main .sp-statement").count() >= 6
    assert site.page.locator("main a[href*='/utfordringsbilde/population_change/']").count() == 1


def _statement_edit(site: Site) -> None:
    statsdata.snapshot()
    site.login_as(site.personas.editor)
    site.goto(f"{statsdata.CHALLENGES}population_change/")
    assert site.page.locator("#id_text").is_visible()


def _statement_edit_errors(site: Site) -> None:
    statsdata.snapshot()
    site.login_as(site.personas.editor)
    site.goto(f"{statsdata.CHALLENGES}population_change/")
    # The browser stops at maxlength; remove it to reach the server's own check.
    site.page.locator("#id_text").evaluate("element => element.removeAttribute('maxlength')")
    site.page.fill("#id_text", "x" * 1001)
    _submit_with_errors(site, "id_text")


def _dashboard_key_figures(site: Site) -> None:
    statsdata.snapshot()
    site.login_as(site.personas.reader)
    site.goto(f"/kommune/{statsdata.KNR}/oversikt/")
    panel = site.page.locator("section[aria-labelledby=panel-population-trend]")
    assert panel.is_visible()
    assert "773" in panel.inner_text()


# Plantakt ------------------------------------------------------------------------------------


def _plantakt_wheel(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"{plantaktdata.BASE}?periode=2023&aar=2024")
    marks = site.page.locator("svg.sp-plantakt-wheel .sp-plantakt-mark").count()
    assert marks == site.page.locator("li.sp-plantakt-item").count() > 5


def _plantakt_timeline(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"{plantaktdata.BASE}tidslinje/?periode=2023")
    assert site.page.locator("svg.sp-plantakt-timeline .sp-plantakt-mark").count() > 20


def _plantakt_list(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"{plantaktdata.BASE}liste/?periode=2023")
    assert site.page.locator("#items li").count() > 20
    assert site.page.locator("#items .ds-tag[data-color=warning]").count() >= 1  # unconfirmed


def _plantakt_list_filtered(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"{plantaktdata.BASE}liste/?periode=2023&kind=egen")
    assert site.page.locator("#items li").count() == 3


def _plantakt_list_reader(site: Site) -> None:
    plantaktdata.example_period(site.personas.municipality)
    site.login_as(site.personas.reader)
    site.goto(f"{plantaktdata.BASE}liste/?periode=2019")
    assert site.page.locator("main a[href*='/plantakt/frist/']").count() == 0


def _plantakt_period(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"{plantaktdata.BASE}periode/?periode=2023")
    assert site.page.locator("#id_constituted_on").input_value() == "2023-10-19"
    assert site.page.locator("section[aria-labelledby=history-heading] tbody tr").count() >= 1


def _plantakt_period_errors(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"{plantaktdata.BASE}periode/?periode=2023")
    site.page.fill("#id_constituted_on", "2023-09-01")
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form.sp-form button[type=submit]").click()
    assert navigation.value.status == 400
    assert site.page.locator("#error-summary").is_visible()


def _plantakt_item_new(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"{plantaktdata.BASE}ny/?periode=2023")
    assert site.page.locator("#id_title").is_visible()


def _plantakt_item_edit_errors(site: Site) -> None:
    plantaktdata.editor(site)
    item = plantaktdata.own_item()
    site.goto(f"{plantaktdata.BASE}egne/{item.pk}/?periode=2023")
    site.page.fill("#id_date", "2035-01-01")
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form.sp-form button[type=submit]").click()
    assert navigation.value.status == 400
    assert site.page.locator("#id_date[aria-invalid=true]").count() == 1


def _plantakt_complete(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"{plantaktdata.BASE}frist/budget.2026/?periode=2023")
    assert site.page.locator("#id_decided_on").is_visible()
    assert site.page.locator("main ul li").count() >= 1  # the dependent recommendation deadline


def _plantakt_feed(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"{plantaktdata.BASE}abonnement/")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").first.click()
    assert "/abonnement/" in site.page.locator("#feed-url").inner_text()


def _dashboard_plantakt(site: Site) -> None:
    plantaktdata.editor(site)
    site.goto(f"/kommune/{plantaktdata.KNR}/oversikt/")
    panel = site.page.locator("section[aria-labelledby=panel-plantakt]")
    assert panel.locator("li").count() >= 1


# Process plans ----------------------------------------------------------------------------------


def _example_process(site: Site, user: object | None = None) -> object:
    from tests.snapshot import example_data

    example_data("processes", site.personas.municipality)
    site.login_as(user or site.personas.editor)
    from samplan.processes.models import Process

    return Process.objects.get(municipality=site.personas.municipality, is_example=True)


def _process_page(path: str, check: str = "main h1", user: str = "editor") -> Callable:
    """A page of the example process: `path` after the process's address ({pk}, {phase},
    {activity}, {role}, {force}, {result}, {actor} filled in; a leading / is from the root)."""

    def visit(site: Site) -> None:
        process = _example_process(site, getattr(site.personas, user))
        phase = process.phases.order_by("order").first()
        ids = {
            "pk": process.pk,
            "phase": phase.pk,
            "activity": phase.activities.first().pk,
            "role": process.actor_roles.first().pk,
            "force": process.forces.first().pk,
            "result": process.results.first().pk,
            "actor": process.actor_roles.first().actor_id,
            "county": site.personas.county_org.slug,
        }
        base = f"/kommune/{plandata.KNR}/prosesser/"
        address = path.format(**ids)
        site.goto(address if address.startswith("/") else f"{base}{process.pk}/{address}")
        assert site.page.locator(check).first.is_visible()

    return visit


def _process_edit_errors(site: Site) -> None:
    process = _example_process(site)
    site.goto(f"/kommune/{plandata.KNR}/prosesser/{process.pk}/om/")
    site.page.fill("#id_starts_on", "2027-05-01")
    site.page.fill("#id_ends_on", "2027-04-01")
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form button[type=submit]").click()
    assert navigation.value.status == 400
    assert site.page.locator("#id_ends_on[aria-invalid=true]").count() == 1


def _county_template_edit(site: Site) -> None:
    from samplan.processes.models import ProcessTemplate

    template = ProcessTemplate.objects.create(
        organisation=site.personas.county_org,
        name="Trøndelagsmalen",
        kind="sentrum",
        language="nb",
        content={"desired_result": "Mål", "phases": [{"title": "Fase", "activities": []}]},
    )
    site.login_as(site.personas.adviser)
    site.goto(f"/organisasjon/{site.personas.county_org.slug}/prosessmaler/{template.pk}/")
    assert site.page.locator("#id_phase-0-title").is_visible()


def _county_template_preview(site: Site) -> None:
    """A template started from a shipped one, with a row added and then previewed."""
    site.login_as(site.personas.adviser)
    slug = site.personas.county_org.slug
    site.goto(f"/organisasjon/{slug}/prosessmaler/ny/?fra=samplan-utviklingsprosjekt&sprak=nn")
    with site.page.expect_navigation():
        site.page.locator("button[value=add-actor]").click()
    assert site.page.locator("#id_actor-7-name").is_visible()
    with site.page.expect_navigation():
        site.page.locator("button[value=preview]").first.click()
    assert site.page.locator("#preview-heading").is_visible()


def _county_page(path: str) -> Callable:
    def visit(site: Site) -> None:
        site.login_as(site.personas.adviser)
        site.goto(f"/organisasjon/{site.personas.county_org.slug}/prosessmaler/{path}")

    return visit


# Goals and measures ---------------------------------------------------------------------------

GOALS = f"/kommune/{plandata.KNR}/mal/"


def _goals_editor(site: Site) -> object:
    """Tydal's example goals (the "goals" layer), with the editor logged in."""
    from samplan.goals.models import ActionPlan

    site.login_as(site.personas.editor)
    return ActionPlan.objects.get(municipality=site.personas.municipality, first_year=2026)


def _goals_visit(path: str, check: str = "main h1") -> Callable[[Site], None]:
    def visit(site: Site) -> None:
        _goals_editor(site)
        site.goto(GOALS + path)
        assert site.page.locator(check).count() >= 1

    return visit


def _goal_of(site: Site, title: str = "Eldre kan bo hjemme lenger") -> object:
    from samplan.goals.models import Goal

    return Goal.objects.get(municipality=site.personas.municipality, title=title)


def _goals_object(path: Callable[[Site], str], check: str = "main h1") -> Callable[[Site], None]:
    def visit(site: Site) -> None:
        _goals_editor(site)
        site.goto(GOALS + path(site))
        assert site.page.locator(check).count() >= 1

    return visit


def _goal_with_workshop(site: Site) -> None:
    """A goal whose political workshop is closed: its result shows on the goal page."""
    from samplan.politics.tests.workshops import hold_workshop

    goal = _goal_of(site)
    hold_workshop(site.personas, f"goal:{goal.pk}", "Verksted om målet")
    _goals_editor(site)
    site.goto(f"{GOALS}{goal.pk}/")
    assert site.page.locator("#subject-records-heading").count() == 1


def _detail_with_goals(site: Site) -> None:
    """The public municipality page of a municipality with published goals links to them."""
    site.goto("/kommune/5033/")
    assert site.page.locator(f'a[href="{GOALS.replace("/kommune/", "/offentlig/")}"]').count() == 1


def _measure_of(site: Site) -> object:
    plan = _goals_editor(site)
    return plan.measures.get(title="Hverdagsrehabilitering")


def _indicator_of(site: Site) -> object:
    return _goal_of(site).indicators.order_by("pk").last()


def _goals_budget_preview(site: Site) -> None:
    """The import preview with a bad row: the per-row messages and the column mapping."""
    _goals_editor(site)
    site.goto(GOALS + "handlingsdel/2026/budsjett/")
    content = "Ansvar;Funksjon;Art;2026;2027\n1000;120;10100;1 000;2 000\n1000;999;1;ti;1\n"
    site.page.set_input_files(
        "#id_file",
        files=[{"name": "budsjett.csv", "mimeType": "text/csv", "buffer": content.encode()}],
    )
    with site.page.expect_navigation() as navigation:
        site.page.locator("main form button[type=submit]").click()
    assert navigation.value.status == 400
    assert site.page.locator("main table tbody tr").count() == 2


def _goals_public(site: Site) -> None:
    site.goto(f"/offentlig/{plandata.KNR}/mal/")
    assert site.page.locator("main li a").count() >= 10


def _goals_public_goal(site: Site) -> None:
    goal = _goal_of(site)
    site.goto(f"/offentlig/{plandata.KNR}/mal/{goal.pk}/")
    assert site.page.locator("main table tbody tr").count() >= 3


# Example data a case starts from (see PageCase.data).
WITH_PLANS = ("plans",)
WITH_STRATEGY = ("strategy",)
WITH_SSB = ("ssb",)
WITH_SSB_REFRESHED = ("ssb-refreshed",)
WITH_PLANTAKT = ("plantakt",)
WITH_GUIDANCE = ("strategy", "guidance")


def _guidance(site: Site, user: object | None = None) -> None:
    from tests.snapshot import example_data

    example_data("strategy", site.personas.municipality)
    example_data("guidance", site.personas.municipality)
    site.login_as(user or site.personas.editor)


def _example_network() -> object:
    from samplan.guidance.models import Network

    return Network.objects.get(is_example=True)


def _guidance_board(site: Site) -> None:
    _guidance(site, site.personas.adviser)
    site.goto(f"/veiledning/{site.personas.county_org.slug}/?vis=urgent")
    assert site.page.locator("table.sp-board").count() + site.page.locator("main p").count()


def _guidance_board_paged(site: Site) -> None:
    """A national-sized board a page at a time: its pager, the second page by name."""
    from samplan.municipalities.models import Municipality

    _guidance(site, site.personas.adviser)
    site.personas.county_org.municipalities.add(*Municipality.objects.order_by("number")[:120])
    site.goto(f"/veiledning/{site.personas.county_org.slug}/?sorter=name&side=2")
    assert site.page.locator("table.sp-board tbody tr").count() == 50
    assert site.page.locator("nav.ds-pagination a[aria-current=page]").inner_text().endswith("2")


def _guidance_municipality(site: Site) -> None:
    _guidance(site)
    site.goto("/kommune/5033/veiledning/")
    assert site.page.locator("#threads-heading").is_visible()


def _guidance_thread(site: Site) -> None:
    from samplan.guidance.models import Thread

    _guidance(site)
    site.goto(Thread.objects.filter(status="open").first().get_absolute_url())


def _guidance_thread_new_errors(site: Site) -> None:
    _guidance(site, site.personas.adviser)
    site.goto("/kommune/5033/veiledning/ny/")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert site.page.locator("#error-summary, [aria-invalid]").count() > 0


def _guidance_meeting(site: Site) -> None:
    from samplan.guidance.models import Meeting

    _guidance(site)
    site.goto(Meeting.objects.first().get_absolute_url())


def _guidance_meeting_edit(site: Site) -> None:
    from samplan.guidance.models import Meeting

    _guidance(site)
    site.goto(f"{Meeting.objects.first().get_absolute_url()}endre/")


def _guidance_meeting_new(site: Site) -> None:
    _guidance(site, site.personas.adviser)
    site.goto("/kommune/5033/veiledning/dialog/ny/")


def _guidance_invite(site: Site) -> None:
    _guidance(site, site.personas.admin)
    site.goto("/kommune/5033/veiledning/statsforvalter/")


def _guidance_networks(site: Site) -> None:
    _guidance(site, site.personas.adviser)
    site.goto("/nettverk/")


def _guidance_network_new(site: Site) -> None:
    _guidance(site, site.personas.adviser)
    site.goto("/nettverk/ny/")


def _guidance_network(site: Site) -> None:
    _guidance(site, site.personas.adviser)
    site.goto(_example_network().get_absolute_url())


def _guidance_network_edit(site: Site) -> None:
    _guidance(site, site.personas.adviser)
    site.goto(f"{_example_network().get_absolute_url()}endre/")


def _guidance_apply(site: Site) -> None:
    import datetime

    network = _example_network()
    network.application_deadline = datetime.date(2099, 1, 1)
    network.save()
    _guidance(site, site.personas.outsider_editor)
    site.goto(f"/nettverk/{network.pk}/soknad/{site.personas.other_municipality.number}/")


def _guidance_leave(site: Site) -> None:
    _guidance(site)
    site.goto(f"/nettverk/{_example_network().pk}/forlat/5033/")


def _guidance_gathering(site: Site) -> None:
    _guidance(site)
    site.goto(_example_network().gatherings.first().get_absolute_url())


def _guidance_gathering_edit(site: Site) -> None:
    _guidance(site, site.personas.adviser)
    site.goto(f"{_example_network().gatherings.first().get_absolute_url()}endre/")


def _guidance_gathering_new(site: Site) -> None:
    _guidance(site, site.personas.adviser)
    site.goto(f"/nettverk/{_example_network().pk}/samlinger/ny/")


def _guidance_posts(site: Site) -> None:
    _guidance(site)
    site.goto("/nettverk/erfaringer/")


def _guidance_post(site: Site) -> None:
    from samplan.guidance import services

    _guidance(site)
    post = services.post_create(
        municipality=site.personas.municipality,
        user=site.personas.editor,
        network=_example_network(),
        data={"title": "Folkemøte", "text": "Det virket.", "tags": "medvirkning, dialog"},
    )
    site.goto(post.get_absolute_url())


def _guidance_post_new(site: Site) -> None:
    _guidance(site)
    site.goto("/kommune/5033/veiledning/erfaringer/ny/")


def _office_planner() -> object:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email="plankontor@gauldal.example")


def _guidance_office(site: Site) -> None:
    from samplan.municipalities.models import Organisation

    _guidance(site, _office_planner())
    office = Organisation.objects.get(kind="interkommunalt", is_example=True)
    site.goto(f"/veiledning/{office.slug}/kontor/?aar=2024")
    assert site.page.locator("#capacity-heading").is_visible()


def _guidance_office_plan(site: Site) -> None:
    from samplan.municipalities.models import Organisation

    _guidance(site, _office_planner())
    office = Organisation.objects.get(kind="interkommunalt", is_example=True)
    site.goto(f"/veiledning/{office.slug}/kontor/oppdrag/")


WITH_PARTICIPATION = ("strategy", "participation")
WITH_GOALS = ("plans", "strategy", "goals")
WITH_PROCESSES = ("processes",)


def _process_case(
    case_id: str, url_name: str, path: str, check: str = "main h1", screenshot: bool = False
) -> PageCase:
    return PageCase(case_id, url_name, _process_page(path, check), screenshot, data=WITH_PROCESSES)


# The political arenas (politics app), at a phone's width: members use them on their phones.
POLITICS = "/kommune/5033/politikk/"
WITH_POLITICS = ("strategy", "politics")


def _phone(site: Site) -> None:
    site.page.set_viewport_size({"width": 375, "height": 812})


def _open_workshop(site: Site) -> object:
    from samplan.politics import services

    return services.workshop_create(
        municipality=site.personas.municipality,
        title="Verksted",
        body="Kommunestyret",
        points=5,
        challenges=["Færre unge", "Boliger"],
        proposals=["Tomter", "Fagfolk"],
    )


def _politics_index(site: Site) -> None:
    _phone(site)
    site.login(site.personas.editor.email)
    site.goto(POLITICS)
    assert site.page.locator("main table tbody tr").count() >= 1


def _politics_workshop_create_errors(site: Site) -> None:
    _phone(site)
    site.login(site.personas.editor.email)
    site.goto(f"{POLITICS}verksted/ny/?om=strategy:2023")
    site.page.fill("#id_challenges", "")
    with site.page.expect_navigation():
        site.page.locator("main form.sp-form button[type=submit]").last.click()
    assert site.page.locator("#error-summary").is_visible()


def _politics_workshop(site: Site) -> None:
    workshop = _open_workshop(site)
    _phone(site)
    site.login(site.personas.editor.email)
    site.goto(f"{POLITICS}verksted/{workshop.pk}/")
    assert site.page.locator("ol.sp-steps li").count() == 5


def _politics_codes(site: Site) -> None:
    from samplan.politics import services

    workshop = _open_workshop(site)
    services.codes_create(workshop=workshop, count=4)
    site.login(site.personas.editor.email)
    site.goto(f"{POLITICS}verksted/{workshop.pk}/koder/")
    assert site.page.locator(".sp-code").count() == 4


def _politics_projector(site: Site) -> None:
    workshop = _open_workshop(site)
    site.login(site.personas.editor.email)
    site.goto(f"{POLITICS}verksted/{workshop.pk}/skjerm/")
    assert site.page.locator("svg.sp-qr").is_visible()


def _politics_roles(site: Site) -> None:
    _phone(site)
    site.login(site.personas.reader.email)
    site.goto(f"{POLITICS}roller/")
    assert site.page.locator("main tbody tr").count() == 10


def _politics_delegation(site: Site) -> None:
    _phone(site)
    site.login(site.personas.editor.email)
    site.goto(f"{POLITICS}roller/reguleringsplan/")
    assert site.page.locator("#id_body").is_visible()


def _politics_assessment(site: Site) -> None:
    _phone(site)
    site.login(site.personas.reader.email)
    site.goto(f"{POLITICS}selvvurdering/?ar=2025")
    assert site.page.locator("svg.sp-profile rect").count() == 12


def _politics_assessment_answer(site: Site) -> None:
    _phone(site)
    site.login(site.personas.reader.email)
    site.goto(f"{POLITICS}selvvurdering/svar/")
    assert site.page.locator("fieldset.sp-theme").count() == 6


def _politics_course(site: Site) -> None:
    _phone(site)
    site.login(site.personas.reader.email)
    site.goto(f"{POLITICS}opplaering/")
    assert site.page.locator("ol.sp-course > li").count() == 6


def _politics_forum(site: Site) -> None:
    from samplan.politics.models import ForumMeeting

    ForumMeeting.objects.create(municipality=site.personas.municipality, date="2025-01-09")
    _phone(site)
    site.login(site.personas.editor.email)
    site.goto(f"{POLITICS}planforum/")
    assert site.page.locator("main ul.sp-plain-list li").count() == 1


def _politics_forum_new(site: Site) -> None:
    _phone(site)
    site.login(site.personas.editor.email)
    site.goto(f"{POLITICS}planforum/nytt/")
    assert site.page.locator("#id_agenda").is_visible()


def _politics_forum_meeting_errors(site: Site) -> None:
    from samplan.politics.models import ForumMeeting

    meeting = ForumMeeting.objects.create(
        municipality=site.personas.municipality, date="2025-01-09"
    )
    _phone(site)
    site.login(site.personas.editor.email)
    site.goto(f"{POLITICS}planforum/{meeting.pk}/")
    site.page.fill("#id_date", "")
    with site.page.expect_navigation():
        site.page.locator("main form.sp-form button[type=submit]").click()
    assert site.page.locator("#error-summary").is_visible()


def _politics_join(site: Site) -> None:
    workshop = _open_workshop(site)
    _phone(site)
    site.goto(f"/v/{workshop.key}/")
    assert site.page.locator("#id_code").is_visible()


def _politics_join_code_errors(site: Site) -> None:
    workshop = _open_workshop(site)
    _phone(site)
    site.goto(f"/v/{workshop.key}/")
    site.page.fill("#id_code", "feil-kode")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert site.page.locator("#error-summary").is_visible()


def _politics_join_points(site: Site) -> None:
    from samplan.politics import services

    workshop = _open_workshop(site)
    services.workshop_step(workshop=workshop, step="prikker")
    _phone(site)
    site.login(site.personas.reader.email)
    site.goto(f"/v/{workshop.key}/")
    with site.page.expect_navigation():
        site.page.locator("main form button[type=submit]").click()
    assert site.page.locator("main input[inputmode=numeric]").count() == 2


PAGES = [
    PageCase(
        "participation-index", "participation:index", _participation_index, data=WITH_PARTICIPATION
    ),
    PageCase(
        "participation-detail",
        "participation:detail",
        _participation_detail,
        data=WITH_PARTICIPATION,
    ),
    PageCase("participation-new-errors", "participation:new", _participation_new),
    PageCase(
        "participation-edit",
        "participation:edit",
        _participation_page("rediger/"),
        False,
        data=WITH_PARTICIPATION,
    ),
    PageCase(
        "participation-question",
        "participation:question_add",
        _participation_page("sporsmal/ny/"),
        False,
        data=WITH_PARTICIPATION,
    ),
    PageCase(
        "participation-document",
        "participation:document_add",
        _participation_page("dokumenter/ny/"),
        False,
        data=WITH_PARTICIPATION,
    ),
    PageCase(
        "participation-invite",
        "participation:invite",
        _participation_page("inviter/"),
        False,
        data=WITH_PARTICIPATION,
    ),
    PageCase(
        "participation-add",
        "participation:submission_add",
        _participation_page("innspill/ny/"),
        False,
        data=WITH_PARTICIPATION,
    ),
    PageCase(
        "participation-process",
        "participation:process",
        _participation_page("innspill/1/"),
        data=WITH_PARTICIPATION,
    ),
    PageCase(
        "participation-close",
        "participation:close",
        _participation_page("lukk/"),
        False,
        data=WITH_PARTICIPATION,
    ),
    PageCase("participation-person", "participation:person", _participation_person, False),
    PageCase(
        "participation-public-index",
        "participation:public_index",
        _participation_public_index,
        data=WITH_PARTICIPATION,
    ),
    PageCase("participation-privacy", "participation:privacy", _participation_privacy),
    PageCase("participation-public", "participation:public", _participation_public),
    PageCase(
        "participation-public-answered",
        "participation:public",
        _participation_public_answered,
        data=WITH_PARTICIPATION,
    ),
    PageCase("participation-youth", "participation:youth", _participation_youth),
    PageCase("participation-own", "participation:own", _participation_own),
    PageCase("front-anonymous", "site:home", _front_page_anonymous),
    PageCase("front-several-municipalities", "site:home", _front_page_several_municipalities),
    PageCase("front-no-municipality", "site:home", _front_page_no_municipality),
    PageCase("front-one-municipality", "site:home", _front_page_single_municipality, False),
    PageCase("help", "core:help", _help),
    PageCase("accessibility-statement", "core:accessibility", _accessibility_statement),
    PageCase("login", "accounts:login", _login_page),
    PageCase("login-errors", "accounts:login", _login_with_errors),
    PageCase("locked-out", "accounts:login", _locked_out),
    PageCase("login-sso-errors", "login_with_sso", _login_sso_no_domain),
    PageCase("sso-settings", "sso:settings", _sso_settings),
    PageCase("sso-settings-errors", "sso:settings", _sso_settings_errors),
    PageCase("sso-error", "sso:callback", _sso_error),
    PageCase("logout", "accounts:logout", _logout, False),
    PageCase("password-reset", "accounts:password_reset", _password_reset),
    PageCase("password-reset-errors", "accounts:password_reset", _password_reset_invalid),
    PageCase("password-reset-too-many-429", "accounts:password_reset", _too_many_requests),
    PageCase("password-reset-done", "accounts:password_reset_done", _password_reset_done),
    PageCase("password-reset-confirm", "accounts:password_reset_confirm", _password_reset_confirm),
    PageCase(
        "password-reset-confirm-invalid",
        "accounts:password_reset_confirm",
        _password_reset_confirm_invalid,
    ),
    PageCase(
        "password-reset-complete", "accounts:password_reset_complete", _password_reset_complete
    ),
    PageCase("profile", "accounts:profile", _profile),
    PageCase("api-key-new", "apikeys:token_new", _api_key_made),
    PageCase("api-docs", "apikeys:docs", _api_docs, False),
    PageCase("profile-api-keys", None, _profile_with_api_key),
    PageCase("municipality-list", "municipalities:list", _list),
    PageCase("municipality-search", "municipalities:list", _list_search),
    PageCase("municipality-search-empty", "municipalities:list", _list_search_empty),
    PageCase("municipality-list-mine", "municipalities:list", _list_mine_many_municipalities),
    PageCase("municipality", "municipalities:detail", _detail),
    PageCase("municipality-sami-name", "municipalities:detail", _detail_sami),
    PageCase("dashboard", "municipalities:dashboard", _dashboard),
    PageCase("dashboard-example-data", "municipalities:dashboard", _dashboard_example),
    PageCase("organisation-admin", "municipalities:organisation", _organisation_admin),
    PageCase("organisation-reader", "municipalities:organisation", _organisation_reader),
    PageCase("organisation-county", "municipalities:organisation", _organisation_county),
    PageCase("member-add-errors", "municipalities:member_add", _member_add_invalid),
    PageCase("member-edit", "municipalities:member_edit", _member_edit),
    PageCase("member-edit-forbidden-403", "municipalities:member_edit", _member_edit_forbidden),
    PageCase("network-edit", "municipalities:network_edit", _network_edit),
    PageCase(
        "dashboard-plan-health", "municipalities:dashboard", _dashboard_plan_health, data=WITH_PLANS
    ),
    PageCase("plan-list", "plans:list", _plan_list, data=WITH_PLANS),
    PageCase("plan-list-overdue", "plans:list", _plan_list_overdue, False, data=WITH_PLANS),
    PageCase("plan-list-statutory", "plans:list", _plan_list_statutory, False, data=WITH_PLANS),
    PageCase("plan-list-type", "plans:list", _plan_list_type, False, data=WITH_PLANS),
    PageCase("plan-list-empty", "plans:list", _plan_list_empty, False, data=WITH_PLANS),
    PageCase("plan-detail", "plans:detail", _plan_detail, data=WITH_PLANS),
    PageCase("plan-create", "plans:create", _plan_create, data=WITH_PLANS),
    PageCase("plan-edit-errors", "plans:edit", _plan_edit_errors, data=WITH_PLANS),
    PageCase("plan-delete", "plans:delete", _plan_delete, data=WITH_PLANS),
    PageCase("plan-import", "plans:import", _plan_import, data=WITH_PLANS),
    PageCase("plan-import-errors", "plans:import", _plan_import_errors, data=WITH_PLANS),
    PageCase("plan-health", "plans:health", _plan_health, data=WITH_PLANS),
    PageCase("cleanup", "plans:cleanup", _cleanup, data=WITH_PLANS),
    PageCase("cleanup-accept", "plans:cleanup_accept", _cleanup_accept, data=WITH_PLANS),
    PageCase("decision-edit-errors", "plans:decision_edit", _decision_edit_errors, data=WITH_PLANS),
    PageCase("new-plan-decision", "plans:new_plan_decision", _new_plan_decision, data=WITH_PLANS),
    PageCase("strategy-index", "strategy:index", _strategy_index),
    PageCase("strategy-detail", "strategy:detail", _strategy_detail, data=WITH_STRATEGY),
    PageCase(
        "strategy-status-errors", "strategy:status", _strategy_status_errors, data=WITH_STRATEGY
    ),
    PageCase("strategy-section", "strategy:section", _strategy_section, data=WITH_STRATEGY),
    PageCase("strategy-body-add", "strategy:body_add", _strategy_body_add, data=WITH_STRATEGY),
    PageCase(
        "strategy-body-edit", "strategy:body_edit", _strategy_body_edit, False, data=WITH_STRATEGY
    ),
    PageCase(
        "strategy-priority-add",
        "strategy:priority_add",
        _strategy_priority_add,
        False,
        data=WITH_STRATEGY,
    ),
    PageCase("strategy-members", "strategy:members", _strategy_members, data=WITH_STRATEGY),
    PageCase("strategy-read", "strategy:read", _strategy_read, data=WITH_STRATEGY),
    PageCase("contact", "municipalities:contact", _contact),
    PageCase("strategy-public", "strategy:public", _strategy_public, data=WITH_STRATEGY),
    PageCase(
        "strategy-revision-start",
        "strategy:revision_start",
        _strategy_revision_start,
        data=WITH_STRATEGY,
    ),
    PageCase(
        "strategy-status-back", "strategy:status_back", _strategy_status_back, data=WITH_STRATEGY
    ),
    PageCase("stats-figures", "stats:figures", _stats_figures, data=WITH_SSB),
    PageCase(
        "stats-figures-refreshed",
        "stats:figures",
        _stats_figures_refreshed,
        data=WITH_SSB_REFRESHED,
    ),
    PageCase("stats-figures-empty", "stats:figures", _stats_figures_empty, False),
    PageCase("stats-challenges", "stats:challenges", _stats_challenges, data=WITH_SSB_REFRESHED),
    PageCase("statement-edit", "stats:statement_edit", _statement_edit, data=WITH_SSB),
    PageCase(
        "statement-edit-errors", "stats:statement_edit", _statement_edit_errors, data=WITH_SSB
    ),
    PageCase(
        "dashboard-key-figures", "municipalities:dashboard", _dashboard_key_figures, data=WITH_SSB
    ),
    PageCase(
        "dashboard-plantakt",
        "municipalities:dashboard",
        _dashboard_plantakt,
        False,
        data=WITH_PLANTAKT,
    ),
    PageCase("plantakt-wheel", "plantakt:wheel", _plantakt_wheel, data=WITH_PLANTAKT),
    PageCase("plantakt-timeline", "plantakt:timeline", _plantakt_timeline, data=WITH_PLANTAKT),
    PageCase("plantakt-list", "plantakt:list", _plantakt_list, data=WITH_PLANTAKT),
    PageCase(
        "plantakt-list-filtered",
        "plantakt:list",
        _plantakt_list_filtered,
        False,
        data=WITH_PLANTAKT,
    ),
    PageCase(
        "plantakt-list-reader", "plantakt:list", _plantakt_list_reader, False, data=WITH_PLANTAKT
    ),
    PageCase("plantakt-period", "plantakt:period", _plantakt_period, data=WITH_PLANTAKT),
    PageCase(
        "plantakt-period-errors",
        "plantakt:period",
        _plantakt_period_errors,
        False,
        data=WITH_PLANTAKT,
    ),
    PageCase("plantakt-item-new", "plantakt:item_new", _plantakt_item_new, data=WITH_PLANTAKT),
    PageCase(
        "plantakt-item-edit-errors",
        "plantakt:item_edit",
        _plantakt_item_edit_errors,
        data=WITH_PLANTAKT,
    ),
    PageCase("plantakt-complete", "plantakt:complete", _plantakt_complete, data=WITH_PLANTAKT),
    PageCase("plantakt-feed", "plantakt:feed", _plantakt_feed, data=WITH_PLANTAKT),
    PageCase("guidance-board", "guidance:board", _guidance_board, data=WITH_GUIDANCE),
    PageCase("guidance-board-paged", "guidance:board", _guidance_board_paged, data=WITH_GUIDANCE),
    PageCase(
        "guidance-municipality", "guidance:municipality", _guidance_municipality, data=WITH_GUIDANCE
    ),
    PageCase("guidance-thread", "guidance:thread", _guidance_thread, data=WITH_GUIDANCE),
    PageCase(
        "guidance-thread-new-errors",
        "guidance:thread_new",
        _guidance_thread_new_errors,
        data=WITH_GUIDANCE,
    ),
    PageCase("guidance-meeting", "guidance:meeting", _guidance_meeting, data=WITH_GUIDANCE),
    PageCase(
        "guidance-meeting-edit",
        "guidance:meeting_edit",
        _guidance_meeting_edit,
        False,
        data=WITH_GUIDANCE,
    ),
    PageCase(
        "guidance-meeting-new", "guidance:meeting_new", _guidance_meeting_new, False, WITH_GUIDANCE
    ),
    PageCase("guidance-invite", "guidance:invite", _guidance_invite, False, WITH_GUIDANCE),
    PageCase("guidance-networks", "guidance:networks", _guidance_networks, data=WITH_GUIDANCE),
    PageCase(
        "guidance-network-new", "guidance:network_new", _guidance_network_new, False, WITH_GUIDANCE
    ),
    PageCase("guidance-network", "guidance:network", _guidance_network, data=WITH_GUIDANCE),
    PageCase(
        "guidance-network-edit",
        "guidance:network_edit",
        _guidance_network_edit,
        False,
        WITH_GUIDANCE,
    ),
    PageCase("guidance-apply", "guidance:apply", _guidance_apply, data=WITH_GUIDANCE),
    PageCase("guidance-leave", "guidance:leave", _guidance_leave, False, WITH_GUIDANCE),
    PageCase("guidance-gathering", "guidance:gathering", _guidance_gathering, data=WITH_GUIDANCE),
    PageCase(
        "guidance-gathering-edit",
        "guidance:gathering_edit",
        _guidance_gathering_edit,
        False,
        WITH_GUIDANCE,
    ),
    PageCase(
        "guidance-gathering-new",
        "guidance:gathering_new",
        _guidance_gathering_new,
        False,
        WITH_GUIDANCE,
    ),
    PageCase("guidance-posts", "guidance:posts", _guidance_posts, False, WITH_GUIDANCE),
    PageCase("guidance-post", "guidance:post", _guidance_post, False, WITH_GUIDANCE),
    PageCase("guidance-post-new", "guidance:post_new", _guidance_post_new, False, WITH_GUIDANCE),
    PageCase("guidance-office", "guidance:office", _guidance_office, data=WITH_GUIDANCE),
    PageCase(
        "guidance-office-plan", "guidance:office_plan", _guidance_office_plan, False, WITH_GUIDANCE
    ),
    PageCase("politics-index", "politics:index", _politics_index, data=WITH_POLITICS),
    PageCase(
        "politics-workshop-create-errors",
        "politics:workshop_create",
        _politics_workshop_create_errors,
        data=WITH_POLITICS,
    ),
    PageCase("politics-workshop", "politics:workshop", _politics_workshop),
    PageCase("politics-codes", "politics:workshop_codes", _politics_codes, False),
    PageCase("politics-projector", "politics:projector", _politics_projector),
    PageCase("politics-roles", "politics:roles", _politics_roles, data=WITH_POLITICS),
    PageCase("politics-delegation", "politics:delegation", _politics_delegation),
    PageCase(
        "politics-assessment", "politics:assessment", _politics_assessment, data=WITH_POLITICS
    ),
    PageCase(
        "politics-assessment-answer", "politics:assessment_answer", _politics_assessment_answer
    ),
    PageCase("politics-course", "politics:course", _politics_course, data=WITH_POLITICS),
    PageCase("politics-forum", "politics:forum", _politics_forum, False),
    PageCase("politics-forum-new", "politics:forum_new", _politics_forum_new, data=WITH_POLITICS),
    PageCase(
        "politics-forum-meeting-errors", "politics:forum_meeting", _politics_forum_meeting_errors
    ),
    PageCase("politics-join", "politics:join", _politics_join),
    PageCase("politics-join-code-errors", "politics:join_code", _politics_join_code_errors, False),
    PageCase("politics-join-points", "politics:join", _politics_join_points),
    _process_case(
        "process-index", "processes:index", "/kommune/5033/prosesser/", "main table", True
    ),
    _process_case("process-new", "processes:new", "/kommune/5033/prosesser/ny/", "#id_name"),
    _process_case(
        "process-register",
        "processes:register",
        "/kommune/5033/prosesser/aktorregister/",
        "main table",
    ),
    _process_case(
        "process-actor-add",
        "processes:actor_add",
        "/kommune/5033/prosesser/aktorregister/ny/",
        "#id_name",
    ),
    _process_case(
        "process-actor-edit",
        "processes:actor_edit",
        "/kommune/5033/prosesser/aktorregister/{actor}/",
        "#id_group",
    ),
    _process_case(
        "process-templates",
        "processes:templates",
        "/kommune/5033/prosesser/maler/",
        "main h2",
        True,
    ),
    _process_case(
        "process-template",
        "processes:template",
        "/kommune/5033/prosesser/maler/samplan-utviklingsprosjekt/",
        "#id_starts_on",
        True,
    ),
    _process_case("process-detail", "processes:detail", "", "#faser", True),
    PageCase("process-edit-errors", "processes:edit", _process_edit_errors, data=WITH_PROCESSES),
    _process_case("process-result", "processes:result", "onsket-resultat/", "#id_desired_result"),
    _process_case("process-question", "processes:question", "sporsmal/hvem/", "#id_text", True),
    _process_case("process-interim-add", "processes:interim_add", "delresultat/ny/", "#id_title"),
    _process_case(
        "process-interim-edit", "processes:interim_edit", "delresultat/{result}/", "#id_title"
    ),
    _process_case("process-phase-add", "processes:phase_add", "faser/ny/", "#id_title"),
    _process_case("process-phase-edit", "processes:phase_edit", "faser/{phase}/", "#id_goal"),
    _process_case(
        "process-activity-add",
        "processes:activity_add",
        "faser/{phase}/aktiviteter/ny/",
        "#id_kind",
    ),
    _process_case(
        "process-activity-edit",
        "processes:activity_edit",
        "aktiviteter/{activity}/",
        "#id_kind",
        True,
    ),
    _process_case("process-actors", "processes:actors", "aktorer/", "main svg", True),
    _process_case("process-role-add", "processes:role_add", "aktorer/ny/", "#id_actor"),
    _process_case("process-role-edit", "processes:role_edit", "aktorer/{role}/", "#id_stance"),
    _process_case("process-force-add", "processes:force_add", "krefter/ny/", "#id_direction"),
    _process_case("process-force-edit", "processes:force_edit", "krefter/{force}/", "#id_response"),
    _process_case("process-timeline", "processes:timeline", "tidslinje/", "main svg", True),
    _process_case("process-overview", "processes:overview", "oversikt/", ".sp-tablecloth", True),
    _process_case("process-changes", "processes:changes", "endringer-i-malen/", "main p"),
    _process_case("process-history", "processes:history", "historikk/", "main table"),
    PageCase(  # the example template: labelled, copied once
        "county-templates",
        "processes:county_templates",
        _county_page(""),
        False,
        data=WITH_PROCESSES,
    ),
    PageCase("county-template-add", "processes:county_template_add", _county_page("ny/"), False),
    PageCase("county-template-edit", "processes:county_template_edit", _county_template_edit),
    PageCase("county-template-preview", "processes:county_template_add", _county_template_preview),
    PageCase("not-found-404", None, _not_found),
    PageCase("goals-index", "goals:index", _goals_visit("", "main table"), data=WITH_GOALS),
    PageCase(
        "goals-area-add",
        "goals:area_add",
        _goals_visit("satsingsomrade/nytt/"),
        False,
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-area-edit",
        "goals:area_edit",
        _goals_object(lambda s: f"satsingsomrade/{_goal_of(s).focus_area_id}/"),
        False,
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-goal-add",
        "goals:goal_add",
        _goals_visit("nytt/", "input[name=sdgs]"),
        False,
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-goal",
        "goals:goal",
        _goals_object(lambda s: f"{_goal_of(s).pk}/", "main table"),
        data=WITH_GOALS,
    ),
    PageCase("goals-goal-workshop", "goals:goal", _goal_with_workshop, data=WITH_GOALS),
    PageCase("municipality-goals", "municipalities:detail", _detail_with_goals, data=WITH_GOALS),
    PageCase(
        "goals-goal-edit",
        "goals:goal_edit",
        _goals_object(lambda s: f"{_goal_of(s).pk}/endre/"),
        False,
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-indicator-add",
        "goals:indicator_add",
        _goals_object(lambda s: f"{_goal_of(s).pk}/indikatorer/ny/"),
        False,
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-indicator-edit",
        "goals:indicator_edit",
        _goals_object(lambda s: f"indikatorer/{_indicator_of(s).pk}/"),
        False,
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-indicator-values",
        "goals:indicator_values",
        _goals_object(lambda s: f"indikatorer/{_indicator_of(s).pk}/verdier/"),
        data=WITH_GOALS,
    ),
    PageCase("goals-plans", "goals:plans", _goals_visit("handlingsdel/"), data=WITH_GOALS),
    PageCase(
        "goals-plan",
        "goals:plan",
        _goals_visit("handlingsdel/2026/", "main table"),
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-plan-diff",
        "goals:plan_diff",
        _goals_visit("handlingsdel/2026/endringer/"),
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-measure-add",
        "goals:measure_add",
        _goals_visit("handlingsdel/2026/tiltak/nytt/"),
        False,
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-money",
        "goals:money",
        _goals_visit("handlingsdel/2026/penger/", "main svg"),
        data=WITH_GOALS,
    ),
    PageCase("goals-budget-import", "goals:budget_import", _goals_budget_preview, data=WITH_GOALS),
    PageCase(
        "goals-measure",
        "goals:measure",
        _goals_object(lambda s: f"tiltak/{_measure_of(s).pk}/", "main form"),
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-measure-edit",
        "goals:measure_edit",
        _goals_object(lambda s: f"tiltak/{_measure_of(s).pk}/endre/"),
        False,
        data=WITH_GOALS,
    ),
    PageCase(
        "goals-follow-up",
        "goals:follow_up",
        _goals_visit("oppfolging/2025/", "main table"),
        data=WITH_GOALS,
    ),
    PageCase("goals-sdg", "goals:sdg", _goals_visit("barekraft/", "main table"), data=WITH_GOALS),
    PageCase("goals-public", "goals:public", _goals_public, data=WITH_GOALS),
    PageCase("goals-public-goal", "goals:public_goal", _goals_public_goal, data=WITH_GOALS),
]


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """Every named URL pattern as "namespace:name"; unnamed patterns by their route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {pattern.pattern}>"


def test_every_url_is_checked() -> None:
    names = set(url_names())
    checked = {case.url_name for case in PAGES if case.url_name} | set(EXEMPT)
    missing = sorted(names - checked)
    assert not missing, (
        "These URLs have no accessibility test: add a PageCase to PAGES in "
        f"tests/browser/test_accessibility.py (or to EXEMPT, with a reason): {missing}"
    )
    stale = sorted(checked - names)
    assert not stale, f"PAGES or EXEMPT name URLs that no longer exist: {stale}"


def test_page_ids_are_unique() -> None:
    ids = [case.id for case in PAGES]
    assert len(ids) == len(set(ids))


def _cases() -> list[object]:
    """Each page in one language (Bokmål and Nynorsk in turn, in the order of `PAGES`), the
    cases with the same example data next to each other (a worker makes it once for them), with
    the example data as a marker for the snapshot."""
    language_of = {case.id: LANGUAGES[index % len(LANGUAGES)] for index, case in enumerate(PAGES)}
    cases = sorted(PAGES, key=lambda case: layer_positions(case.data))
    return [
        pytest.param(
            case,
            language_of[case.id],
            id=f"{case.id}-{language_of[case.id]}",
            marks=[pytest.mark.example_data(*case.data)] if case.data else [],
        )
        for case in cases
    ]


def test_both_languages_are_checked_in_the_browser() -> None:
    languages = [language for _case, language in (param.values for param in _cases())]
    assert set(languages) == set(LANGUAGES)
    assert abs(languages.count("nb") - languages.count("nn")) <= 1


@pytest.mark.parametrize(("case", "language"), _cases())
def test_page_is_accessible(site: Site, case: PageCase, language: str) -> None:
    site.set_language(language)
    case.visit(site)
    page = site.page
    page.wait_for_load_state()
    assert html_lang(page) == language, f"{page.url}: <html lang> is not {language!r}"
    assert page.title().strip(), f"{page.url} has no title"
    if case.screenshot and SCREENSHOTS:
        site.screenshot(f"page-{case.id}")
    assert_accessible(page)
