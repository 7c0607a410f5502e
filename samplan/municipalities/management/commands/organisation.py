"""samplan organisation: create organisations and give people roles, for operators of a host.

    samplan organisation list
    samplan organisation create-workspace 5033
    samplan organisation create-county 50 [--name "Trøndelag fylkeskommune"] [--kommuner 5033,5026]
    samplan organisation create-office "Fjellregionen plankontor" --kommuner 5026,5033
    samplan organisation add-member tydal-kommune kari@tydal.kommune.no admin [--name "Kari"]

A new member gets no password; they choose one with "Glemt passordet?" on the log-in page (or the
link the web interface e-mails when an administrator adds them there).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samplan.core.commands import SamplanCommand
from samplan.municipalities import services
from samplan.municipalities.commands import municipality_or_error
from samplan.municipalities.models import County, Municipality, Organisation, OrganisationKind, Role


def _municipalities(numbers: str) -> list[Municipality]:
    wanted = [number.strip() for number in numbers.split(",") if number.strip()]
    found = {m.number: m for m in Municipality.objects.filter(number__in=wanted)}
    unknown = [number for number in wanted if number not in found]
    problems = []
    for number in unknown:
        try:
            municipality_or_error(number)
        except CommandError as error:
            problems.append(str(error))
    if problems:
        raise CommandError(" ".join(problems))
    return [found[number] for number in wanted]


class Command(SamplanCommand):
    help = gettext_lazy("Create organisations and add members (for operators of an installation).")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help=gettext_lazy("list organisations"))
        workspace = sub.add_parser(
            "create-workspace", help=gettext_lazy("a municipality's own organisation")
        )
        workspace.add_argument("kommune", help=gettext_lazy("municipality number, e.g. 5033"))
        county = sub.add_parser("create-county", help=gettext_lazy("a county municipality"))
        county.add_argument("fylke", help=gettext_lazy("county number, e.g. 50"))
        county.add_argument(
            "--name", default="", help=gettext_lazy("name (default: <county> fylkeskommune)")
        )
        county.add_argument(
            "--kommuner", default="", help=gettext_lazy("network: comma-separated numbers")
        )
        office = sub.add_parser("create-office", help=gettext_lazy("an intercommunal office"))
        office.add_argument("name", help=gettext_lazy("the office's name"))
        office.add_argument(
            "--kommuner", required=True, help=gettext_lazy("comma-separated numbers")
        )
        member = sub.add_parser(
            "add-member", help=gettext_lazy("give a person a role in an organisation")
        )
        member.add_argument("slug", help=gettext_lazy("the organisation's short name (see list)"))
        member.add_argument("email", help=gettext_lazy("the person's e-mail address"))
        member.add_argument("role", choices=Role.values, help=gettext_lazy("the role"))
        member.add_argument("--name", default="", help=gettext_lazy("the person's name"))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["action"].replace("-", "_"))(options)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error

    def _list(self, options: dict[str, Any]) -> None:
        for organisation in Organisation.objects.order_by("kind", "name"):
            self.stdout.write(
                f"{organisation.slug:<40} {organisation.kind:<15} {organisation.name}"
            )

    def _create_workspace(self, options: dict[str, Any]) -> None:
        municipality = municipality_or_error(options["kommune"])
        organisation = services.workspace_get_or_create(municipality=municipality)
        self.stdout.write(f"{organisation.slug}: {organisation.name}")

    def _create_county(self, options: dict[str, Any]) -> None:
        county = County.objects.filter(number=options["fylke"]).first()
        if county is None:
            raise CommandError(
                _("Unknown county number: %(number)s") % {"number": options["fylke"]}
            )
        organisation = services.organisation_create(
            name=options["name"] or f"{county.name} fylkeskommune",
            kind=OrganisationKind.COUNTY_MUNICIPALITY,
            county=county,
            municipalities=_municipalities(options["kommuner"]),
        )
        self.stdout.write(f"{organisation.slug}: {organisation.name}")

    def _create_office(self, options: dict[str, Any]) -> None:
        organisation = services.organisation_create(
            name=options["name"],
            kind=OrganisationKind.INTERCOMMUNAL,
            municipalities=_municipalities(options["kommuner"]),
        )
        self.stdout.write(f"{organisation.slug}: {organisation.name}")

    def _add_member(self, options: dict[str, Any]) -> None:
        organisation = Organisation.objects.filter(slug=options["slug"]).first()
        if organisation is None:
            raise CommandError(
                _("Unknown organisation: %(slug)s (see: samplan organisation list)")
                % {"slug": options["slug"]}
            )
        membership, created = services.membership_add(
            organisation=organisation,
            email=options["email"],
            role=options["role"],
            name=options["name"],
        )
        values = {
            "email": membership.user.email,
            "role": str(membership.get_role_display()).lower(),
            "organisation": organisation.name,
        }
        if created:
            message = _(
                "%(email)s has the role %(role)s in %(organisation)s (new user: choose a password "
                "with “Forgot your password?” on the log-in page)."
            )
        else:
            message = _("%(email)s has the role %(role)s in %(organisation)s.")
        self.stdout.write(message % values)
