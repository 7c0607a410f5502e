"""Plantakt pages: the year wheel, the four-year timeline, the list, the period facts, own items,
decision dates and the calendar files and feed."""

from __future__ import annotations

import datetime
import functools
import hmac
import re
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize, number_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from samplan.core import freshness, links
from samplan.core.audit import history_entries, recent_history
from samplan.core.dates import SHORT, written_date
from samplan.core.text import escaped
from samplan.core.versioning import StaleEdit, conflict_context
from samplan.municipalities.models import Municipality
from samplan.municipalities.permissions import Access, Capability, get_municipality_for_user

from . import charts, engine, selectors, services
from .forms import CompleteForm, ItemFilterForm, OwnItemForm, PeriodForm
from .labels import DATE_RULE_LABELS, KIND_LABELS, module_labels, status
from .models import CalendarFeed, ItemDecision, MunicipalityPeriod, OwnItem, token_hash
from .permissions import get_own_item_for_user
from .templatetags.plantakt import holiday_text


@dataclass(frozen=True)
class Row:
    """An item as the templates show it."""

    number: int
    item: engine.Item
    overdue: bool
    depends_on: tuple[str, ...]
    # Computed once per page, not by template tags per row: the part of the cycle, and done
    # in time / late / overdue as (text, colour) or None.
    module: str = ""
    status: tuple[str, str] | None = None
    # Made here rather than by the row's filters, {% translate %}s and {% url %}s (a row has
    # some seventy template nodes; these were the costly ones): the date as ISO and as shown,
    # the date rule in words, the kind's tag, "the law allows it from …" and the row's link
    # (the item's own address, or the editor's) with its text.
    iso: str = ""
    when: str = ""
    rule: str = ""
    kind_colour: str = ""
    kind_label: str = ""
    allowed_from: str = ""
    action: str = ""
    action_text: str = ""
    # The page's texts the row's markup shares with the other rows (`html`).
    texts: _RowTexts | None = None

    @property
    def html(self) -> str:
        """The row's `<li>` as plantakt/_items.html showed it, written here: a row's some fifty
        template nodes cost more than the rest of the list page (see _row_html)."""
        return _row_html(self, self.texts or _RowTexts.of(None, 0))


_KIND_COLOURS = {engine.LOVKRAV: "danger", engine.ANBEFALING: "info", engine.EGEN: "success"}


def _blocktranslated(text: str, **values: object) -> str:
    """A translated text (HTML of our own) with the values escaped into it, as
    {% blocktranslate %} makes it."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(text % escaped)  # noqa: S308 -- our own HTML, the values escaped


def _action(item: engine.Item, addresses: _Addresses | None) -> tuple[str, str]:
    """The row's link and its text: the item's own address, or for an editor where to move
    or complete an own item or record the decision date of a computed one."""
    if item.url:
        text = _('Open <span class="ds-sr-only">%(title)s</span>')
        return item.url, _blocktranslated(text, title=item.title)
    if addresses is None:
        return "", ""
    if item.own_id:
        text = _('Move or complete <span class="ds-sr-only">%(title)s</span>')
        return addresses.own(item.own_id), _blocktranslated(text, title=item.title)
    if item.done:
        text = _('Change the decision date <span class="ds-sr-only">for %(title)s</span>')
    else:
        text = _('Record as done <span class="ds-sr-only">%(title)s</span>')
    return addresses.complete(item.key), _blocktranslated(text, title=item.title)


@dataclass(frozen=True)
class _Addresses:
    """The editor's addresses of a page's rows, each name reversed once per page (a reverse
    costs as much as rendering a row) and the item's id or key put in place of a stand-in."""

    knr: str
    own_address: tuple[str, str]
    complete_address: tuple[str, str]
    query: str

    @classmethod
    def of(cls, knr: str, election_year: int) -> _Addresses:
        own = reverse("plantakt:item_edit", args=[knr, _STAND_IN_ID])
        complete = reverse("plantakt:complete", args=[knr, _STAND_IN_KEY])
        return cls(
            knr,
            own.rpartition(str(_STAND_IN_ID))[::2],
            complete.rpartition(_STAND_IN_KEY)[::2],
            f"?periode={election_year}",
        )

    def own(self, pk: int) -> str:
        before, after = self.own_address
        return f"{before}{pk}{after}{self.query}"

    def complete(self, key: str) -> str:
        if not _PLAIN_KEY.fullmatch(key):  # one that reverse() would quote
            return f"{reverse('plantakt:complete', args=[self.knr, key])}{self.query}"
        before, after = self.complete_address
        return f"{before}{key}{after}{self.query}"


_STAND_IN_ID = 987_654_321
_STAND_IN_KEY = "stand-in.key"
_PLAIN_KEY = re.compile(r"[A-Za-z0-9._-]+")


@dataclass(frozen=True)
class _RowTexts:
    """What every row of a page writes the same: its fixed texts, translated and escaped once
    a page, and the tag of a missing constitution date (with the editor's link)."""

    assumed: str
    unconfirmed: str
    basis: str
    depends_on: str
    paragraph: str
    missing_constitution: str

    @classmethod
    def of(cls, knr: str | None, election_year: int) -> _RowTexts:
        """The texts of a page of `knr` (None: a reader's page, no editor's link)."""
        missing_text = conditional_escape(_("Constitution date missing"))
        missing = f'<span class="ds-tag" data-color="warning" data-size="sm">{missing_text}</span>'
        if knr is not None:
            address = conditional_escape(links.link("plantakt:period", knr))
            register = conditional_escape(_("register it"))
            missing += (
                f' <a class="ds-link" href="{address}?periode={election_year}#id_constituted_on">'
                f"{register}</a>\n"
            )
        else:
            editor = _("an editor can register it under “Period and history”")
            missing += f" {conditional_escape(editor)}\n"
        unconfirmed = conditional_escape(_("Unconfirmed"))
        return cls(
            assumed=conditional_escape(
                _(
                    "Computed from 31 October, the latest legal constitution date, because the "
                    "constitution date is missing: the real date is this one or earlier."
                )
            ),
            unconfirmed=(
                f'<span class="ds-tag" data-color="warning" data-size="sm">{unconfirmed}</span>\n'
            ),
            basis=conditional_escape(_("Basis:")),
            depends_on=conditional_escape(_("Depends on:")),
            paragraph=_("The paragraph is not confirmed in the sources: %(paragraph)s."),
            missing_constitution=missing,
        )


def _row_html(row: Row, texts: _RowTexts) -> str:
    """A row's `<li>`, byte for byte as the template wrote it (test_views pins the two)."""
    esc = escaped
    item = row.item
    late = row.status and item.done and row.status[1] != "success"
    source = ""
    if item.legal_basis:
        source = f"{texts.basis} {esc(item.legal_basis)}"
    if row.allowed_from:
        source += f" · {esc(row.allowed_from)}"
    if row.depends_on:
        source += " · " if item.legal_basis else ""
        source += f"{texts.depends_on} {'; '.join(esc(title) for title in row.depends_on)}"
    basis_unconfirmed = ""
    if item.basis_unconfirmed:
        paragraph = texts.paragraph % {"paragraph": esc(item.basis_unconfirmed)}
        basis_unconfirmed = (
            '<p class="ds-paragraph sp-plantakt-basis-unconfirmed" data-size="sm">'
            f"{texts.unconfirmed} {paragraph}</p>"
        )
    return mark_safe(  # noqa: S308 -- every value escaped, the texts our own
        f'\n  <li class="sp-plantakt-item{" sp-plantakt-item--overdue" if row.overdue else ""}'
        f'{" sp-plantakt-item--done" if item.done else ""}" value="{_number(row.number)}" '
        f'data-key="{esc(item.key)}">\n'
        f'    <p class="ds-paragraph"><strong><time datetime="{esc(row.iso)}">{esc(row.when)}'
        f"</time></strong>{'' if item.year_only else f' ({esc(row.rule)})'} – "
        f"{esc(item.title)}</p>\n"
        + (
            f'    <p class="ds-paragraph sp-plantakt-assumed" data-size="sm">{texts.assumed}</p>\n'
            if item.assumed
            else "    \n"
        )
        + f'    <p class="sp-actions"><span class="ds-tag sp-kind" '
        f'data-color="{esc(row.kind_colour)}" data-size="sm">{esc(row.kind_label)}</span>\n'
        f" <span>{esc(row.module)}</span>\n"
        f"      {texts.unconfirmed if item.unconfirmed else ''}\n"
        + (
            f'      <span class="ds-tag{" sp-plantakt-late" if late else ""}" '
            f'data-color="{esc(row.status[1])}" data-size="sm">{esc(row.status[0])}</span>\n'
            if row.status
            else "      \n"
        )
        + f"      {texts.missing_constitution if item.needs_date else ''}\n"
        "    </p>\n"
        + (
            f'    <p class="ds-paragraph" data-size="sm">{esc(item.explanation)}</p>\n'
            if item.explanation
            else "    \n"
        )
        + f'    <p class="ds-paragraph sp-source" data-size="sm">{source}</p>\n'
        f"    {basis_unconfirmed}\n"
        + (
            '    <div class="ds-alert sp-plantakt-holiday" data-color="warning">'
            f'<p class="ds-paragraph" data-size="sm">{esc(holiday_text(item.holiday))}</p></div>\n'
            if item.holiday
            else "    \n"
        )
        + (
            f'    <p class="ds-paragraph" data-size="sm"><a class="ds-link" '
            f'href="{esc(row.action)}">{esc(row.action_text)}</a></p>\n'
            if row.action
            else "    \n"
        )
        + "  </li>\n"
    )


def _number(number: int) -> str:
    """An integer as the template writes it (digit grouping from a thousand on)."""
    return str(number) if number < 1000 else str(localize(number))


def _rows(
    items: list[engine.Item], period: engine.Period, today: datetime.date, access: Access
) -> list[Row]:
    """The items as rows; nothing is overdue for a municipality without a workspace (nobody
    records its decisions here, so the calendar raises no alarms about it)."""
    titles = {item.key: item.title for item in period.items}
    in_use = _has_workspace(access)
    parts = {key: str(label) for key, label in module_labels().items()}
    rules = {key: str(label) for key, label in DATE_RULE_LABELS.items()}
    kinds = {key: str(label) for key, label in KIND_LABELS.items()}
    during, allowed = _("during %(year)s"), _("the law allows it from %(date)s")
    can_edit = access.allows(Capability.EDIT)
    addresses = (
        _Addresses.of(access.municipality.number, period.election_year) if can_edit else None
    )
    texts = _RowTexts.of(access.municipality.number if can_edit else None, period.election_year)
    rows = []
    for number, item in enumerate(items, start=1):
        rule = item.date_rule
        if item.assumed and rule != engine.EARLIEST:
            rule = engine.LATEST
        action, action_text = _action(item, addresses)
        rows.append(
            Row(
                number,
                item,
                in_use and item.overdue(today),
                tuple(titles[key] for key in item.depends_on if key in titles),
                module=parts.get(item.module, item.module),
                status=status(item, today),
                iso=item.date.isoformat(),
                when=(
                    _blocktranslated(during, year=item.date.year)
                    if item.year_only
                    else written_date(item.date)
                ),
                rule=rules.get(rule, rule),
                kind_colour=_KIND_COLOURS.get(item.kind, "success"),
                kind_label=kinds.get(item.kind, kinds[engine.EGEN]),
                allowed_from=(
                    _blocktranslated(allowed, date=written_date(item.legal_earliest, SHORT))
                    if item.legal_earliest and item.date_rule != engine.EARLIEST
                    else ""
                ),
                action=action,
                action_text=action_text,
                texts=texts,
            )
        )
    return rows


@functools.lru_cache(maxsize=64)
def _wheel_frame(year: int, language: str) -> str:
    """The year wheel's rings, spokes and month names: the same for every municipality, made
    once per year and language in this process (the items' marks are drawn per page)."""
    frame = render_to_string("plantakt/_wheel_frame.html", {"wheel": charts.wheel([], year)})
    return mark_safe(frame.removesuffix("\n"))  # noqa: S308 -- our own template's output


def marks_html(marks: tuple[charts.Mark, ...]) -> str:
    """The year wheel's numbered marks, as the template's loop wrote them (inside
    {% localize off %}): a mark's dozen template nodes cost more than the few lines here."""
    return mark_safe(  # noqa: S308 -- numbers and an escaped kind
        "".join(
            f'<g class="sp-plantakt-mark sp-plantakt-mark--{conditional_escape(mark.item.kind)}'
            f'{" sp-plantakt-mark--done" if mark.item.done else ""}">'
            f'<circle cx="{_plain(mark.x)}" cy="{_plain(mark.y)}" r="10"/>'
            f'<text x="{_plain(mark.x)}" y="{_plain(mark.y)}" text-anchor="middle" '
            f'dominant-baseline="central">{_plain(mark.number)}</text></g>'
            for mark in marks
        )
    )


def _plain(number: float) -> str:
    """A number as a template writes it with localisation off (str, but for the exponent
    notation a float may take)."""
    text = str(number)
    return text if "e" not in text else str(number_format(number, use_l10n=False))


def _election_year(request: HttpRequest, today: datetime.date) -> int:
    raw = request.GET.get("periode") or request.POST.get("periode") or ""
    try:
        year = int(raw)
    except ValueError:
        return selectors.current_election_year(today)
    return year if engine.is_election_year(year) else selectors.current_election_year(today)


def _period_url(name: str, knr: str, election_year: int, **extra: object) -> str:
    query = "&".join(f"{key}={value}" for key, value in {"periode": election_year, **extra}.items())
    return f"{reverse(name, args=[knr])}?{query}"


def _item_url(knr: str, pk: int, election_year: int) -> str:
    return f"{reverse('plantakt:item_edit', args=[knr, pk])}?periode={election_year}"


def _base(request: HttpRequest, knr: str, needed: Capability = Capability.VIEW) -> tuple:
    access = get_municipality_for_user(request, knr, needed)
    today = timezone.localdate()
    election_year = _election_year(request, today)
    period = selectors.period_for(access.municipality, election_year)
    return access, today, period


def _has_workspace(access: Access) -> bool:
    return getattr(access.municipality, "workspace", None) is not None


def _context(access: Access, period: engine.Period, today: datetime.date, **extra: object) -> dict:
    workspace = getattr(access.municipality, "workspace", None)
    year = period.election_year
    return {
        "access": access,
        "municipality": access.municipality,
        "is_example": bool(getattr(workspace, "is_example", False) or access.via.is_example),
        "can_edit": access.allows(Capability.EDIT),
        "has_workspace": workspace is not None,
        "period": period,
        "today": today,
        "periods": [y for y in (year - 4, year, year + 4) if engine.is_election_year(y)],
        "unconfirmed_count": sum(1 for item in period.items if item.unconfirmed),
        **extra,
    }


@login_required
@require_GET
def wheel_page(request: HttpRequest, knr: str) -> HttpResponse:
    """The year wheel (årshjul) of one calendar year in the period, and the same items listed."""
    access, today, period = _base(request, knr)
    years = list(range(period.election_year, period.election_year + 5))
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        year = today.year
    if year not in years:
        year = today.year if today.year in years else period.election_year + 1
    shown = _wheel_shown(access, period, today, year)
    return render(
        request,
        "plantakt/wheel.html",
        _context(
            access,
            period,
            today,
            wheel=WHEEL_BOX,
            wheel_frame=_wheel_frame(year, get_language()),
            wheel_marks=shown.marks,
            rows=shown.rows,
            years=years,
            year=year,
        ),
    )


# What the wheel page's template reads of the wheel besides its marks and frame.
WHEEL_BOX = {"size": charts.WHEEL_SIZE, "centre": charts.WHEEL_CENTRE}


class ShownRow(NamedTuple):
    """A listed item as plantakt/_items.html reads it: its markup (Row.html), made already."""

    html: SafeString


class WheelShown(NamedTuple):
    """The year wheel's marks and its list's rows, as the page shows them."""

    marks: SafeString
    rows: tuple[ShownRow, ...]


def _wheel_shown(
    access: Access, period: engine.Period, today: datetime.date, year: int
) -> WheelShown:
    """The wheel's marks and rows of `year` in `period`, cached per version of the
    municipality's data, the day, the language, the catalogs, the period, the year and whether
    the user may edit (the rows' links): a request of the wheel makes neither its marks nor its
    rows' markup (some thirty rows) again."""
    can_edit = access.allows(Capability.EDIT)

    def compute() -> WheelShown:
        items = [item for item in period.items if item.date.year == year]
        return WheelShown(
            marks_html(charts.wheel(items, year).marks),
            tuple(ShownRow(row.html) for row in _rows(items, period, today, access)),
        )

    return freshness.cached(
        "plantakt.wheel_shown",
        compute,
        period.election_year,
        year,
        can_edit,
        municipality=access.municipality.pk,
    )


@login_required
@require_GET
def timeline_page(request: HttpRequest, knr: str) -> HttpResponse:
    access, today, period = _base(request, knr)
    items = list(period.items)
    return render(
        request,
        "plantakt/timeline.html",
        _context(
            access,
            period,
            today,
            timeline=charts.timeline(period, today),
            rows=_rows(items, period, today, access),
        ),
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def list_page(request: HttpRequest, knr: str) -> HttpResponse:
    """Every item of the period, with filters for kind, part of the cycle and overdue."""
    access, today, period = _base(request, knr)
    form = ItemFilterForm(request.GET or None)
    items = form.apply(list(period.items), today)
    context = _context(access, period, today, form=form, rows=_rows(items, period, today, access))
    template = "plantakt/list.html#results" if request.htmx else "plantakt/list.html"
    return render(request, template, context)


def _history(municipality: Municipality, election_year: int) -> list:
    period = {"municipality": municipality, "election_year": election_year}
    return recent_history(
        MunicipalityPeriod.history.filter(**period),
        ItemDecision.history.filter(**period),
        OwnItem.history.filter(**period),
        CalendarFeed.history.filter(municipality=municipality),
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_page(request: HttpRequest, knr: str) -> HttpResponse:
    """The facts of the period (constitution date, master plan revision) and its history."""
    needed = Capability.EDIT if request.method == "POST" else Capability.VIEW
    access, today, period = _base(request, knr, needed)
    stored = selectors.stored_period(access.municipality, period.election_year)
    form = PeriodForm(request.POST or None, instance=stored)
    shown: dict[str, object] = {}  # after a conflict: what was refused
    if request.method == "POST" and form.is_valid():
        try:
            services.period_save(
                municipality=access.municipality,
                election_year=period.election_year,
                constituted_on=form.cleaned_data["constituted_on"],
                revise_master_plan=form.cleaned_data["revise_master_plan"],
                # 0 from a form made when none was stored: a period saved since is newer
                expected_version=form.cleaned_data.get("expected_version"),
                user=request.user,
            )
        except StaleEdit as error:
            # Someone else saved the period since this form was made (here, or through the
            # planning strategy's status form): what they saved, and what this planner wrote.
            shown = conflict_context(form, error)
            stored = selectors.stored_period(access.municipality, period.election_year)
            form = PeriodForm(instance=stored)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The period was saved; the deadlines were recomputed."))
            return redirect(_period_url("plantakt:period", knr, period.election_year))
    return render(
        request,
        "plantakt/period.html",
        _context(
            access,
            period,
            today,
            form=form,
            history=_history(access.municipality, period.election_year),
            **shown,
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def own_item_edit(request: HttpRequest, knr: str, pk: int | None = None) -> HttpResponse:
    """Add (pk None), move or complete an own item."""
    access, today, period = _base(request, knr, Capability.EDIT)
    if pk is None:
        item = OwnItem(municipality=access.municipality, election_year=period.election_year)
    else:
        item = get_own_item_for_user(access, pk)
        if item.election_year != period.election_year:
            return redirect(_item_url(knr, item.pk, item.election_year))
    form = OwnItemForm(request.POST or None, instance=item)
    shown: dict[str, object] = {}  # after a conflict: what was refused
    if request.method == "POST" and form.is_valid():
        try:
            item = services.own_item_save(
                item=form.save(commit=False), expected_version=form.expected, user=request.user
            )
        except StaleEdit as error:
            # Someone else saved the item since this form was made: show what they saved, and
            # beside it what this planner wrote, to copy from.
            shown = conflict_context(form, error)
            item = get_own_item_for_user(access, item.pk)
            form = OwnItemForm(instance=item)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("“%(title)s” was saved.") % {"title": item.title})
            return redirect(_period_url("plantakt:list", knr, period.election_year))
    history = history_entries(item.history.select_related("history_user").all()) if item.pk else []
    return render(
        request,
        "plantakt/item_edit.html",
        _context(access, period, today, form=form, item=item, history=history, **shown),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def complete_page(request: HttpRequest, knr: str, key: str) -> HttpResponse:
    """Record (or remove) the decision date of a computed item; its dependants move."""
    access, today, period = _base(request, knr, Capability.EDIT)
    try:
        item = period.item(key)
    except KeyError:
        raise Http404("No such item") from None
    if item.own_id is not None:
        return redirect(_item_url(knr, item.own_id, period.election_year))
    form = CompleteForm(request.POST or None, initial={"decided_on": item.done_on or today})
    if request.method == "POST" and request.POST.get("reopen"):
        services.item_reopen(
            municipality=access.municipality,
            election_year=period.election_year,
            item_key=key,
            user=request.user,
        )
        messages.success(request, _("The decision date was removed."))
        return redirect(_period_url("plantakt:list", knr, period.election_year))
    if request.method == "POST" and form.is_valid():
        try:
            services.item_complete(
                municipality=access.municipality,
                election_year=period.election_year,
                item_key=key,
                decided_on=form.cleaned_data["decided_on"],
                today=today,
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The decision date for “%(title)s” was recorded; dependent deadlines moved.")
                % {"title": item.title},
            )
            return redirect(_period_url("plantakt:list", knr, period.election_year))
    dependants = [other for other in period.items if key in other.depends_on]
    return render(
        request,
        "plantakt/complete.html",
        _context(access, period, today, form=form, item=item, dependants=dependants),
        status=400 if request.method == "POST" else 200,
    )


def _calendar_response(period: engine.Period, municipality: Municipality) -> HttpResponse:
    from . import ical  # icalendar: imported at the first calendar download, not in every worker

    name = _("Plan calendar %(name)s %(period)s") % {
        "name": municipality.name,
        "period": period.label,
    }
    response = HttpResponse(
        ical.calendar_bytes(period, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="plantakt-{municipality.number}-{period.election_year}.ics"'
    )
    return response


@login_required
@require_GET
def ics_download(request: HttpRequest, knr: str) -> HttpResponse:
    access, _today, period = _base(request, knr)
    return _calendar_response(period, access.municipality)


@login_required
@require_http_methods(["GET", "POST"])
def feed_page(request: HttpRequest, knr: str) -> HttpResponse:
    """Create, regenerate or revoke the secret address of the subscribable calendar."""
    access, today, period = _base(request, knr, Capability.EDIT)
    feed_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            if services.feed_revoke(municipality=access.municipality, user=request.user):
                messages.success(request, _("The calendar address was revoked."))
            return redirect("plantakt:feed", knr=knr)
        token = services.feed_regenerate(municipality=access.municipality, user=request.user)
        feed_url = request.build_absolute_uri(reverse("plantakt:feed_ics", args=[knr, token]))
    feed = CalendarFeed.objects.filter(municipality=access.municipality).first()
    return render(
        request,
        "plantakt/feed.html",
        _context(access, period, today, feed=feed, feed_url=feed_url),
    )


@require_GET
def feed_ics(request: HttpRequest, knr: str, token: str) -> HttpResponse:
    """The subscribable calendar: no login, but only with the municipality's valid token (404
    otherwise). It holds the current election period."""
    feed = CalendarFeed.objects.filter(municipality_id=knr).select_related("municipality").first()
    if feed is None or not hmac.compare_digest(feed.token_hash, token_hash(token)):
        raise Http404("No such calendar")
    today = timezone.localdate()
    period = selectors.period_for(feed.municipality, selectors.current_election_year(today))
    response = _calendar_response(period, feed.municipality)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "private, max-age=900"
    return response
