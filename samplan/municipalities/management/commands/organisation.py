"""samplan organisation: create organisations and give people roles, for operators of a host.

    samplan organisation list
    samplan organisation create-workspace 5033
    samplan organisation create-county 50 [--name "Trøndelag fylkeskommune"] [--kommuner 5033,5026]
    samplan organisation create-office "Fjellregionen plankontor" --kommuner 5026,5033
    samplan organisation add-member tydal-kommune kari@tydal.kommune.no admin [--name "Kari"]

A new member gets no password; they choose one with "Glemt passord?" on the log-in page (or the
link the web interface e-mails when an administrator adds them there).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samplan.municipalities import services
from samplan.municipalities.models import County, Municipality, Organisation, OrganisationKind, Role


def _municipalities(numbers: str) -> list[Municipality]:
    wanted = [number.strip() for number in numbers.split(",") if number.strip()]
    found = {m.number: m for m in Municipality.objects.filter(number__in=wanted)}
    unknown = [number for number in wanted if number not in found]
    if unknown:
        raise CommandError(f"Unknown municipality number(s): {', '.join(unknown)}")
    return [found[number] for number in wanted]


class Command(BaseCommand):
    help = "Create organisations and add members (for operators of an installation)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="list organisations")
        workspace = sub.add_parser("create-workspace", help="a municipality's own organisation")
        workspace.add_argument("kommune", help="municipality number, e.g. 5033")
        county = sub.add_parser("create-county", help="a county municipality")
        county.add_argument("fylke", help="county number, e.g. 50")
        county.add_argument("--name", default="")
        county.add_argument("--kommuner", default="", help="network: comma-separated numbers")
        office = sub.add_parser("create-office", help="an intercommunal office")
        office.add_argument("name")
        office.add_argument("--kommuner", required=True, help="comma-separated numbers")
        member = sub.add_parser("add-member", help="give a person a role in an organisation")
        member.add_argument("slug", help="the organisation's short name (see list)")
        member.add_argument("email")
        member.add_argument("role", choices=Role.values)
        member.add_argument("--name", default="")

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
        municipality = Municipality.objects.filter(number=options["kommune"]).first()
        if municipality is None:
            raise CommandError(f"Unknown municipality number: {options['kommune']}")
        organisation = services.workspace_get_or_create(municipality=municipality)
        self.stdout.write(f"{organisation.slug}: {organisation.name}")

    def _create_county(self, options: dict[str, Any]) -> None:
        county = County.objects.filter(number=options["fylke"]).first()
        if county is None:
            raise CommandError(f"Unknown county number: {options['fylke']}")
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
                f"Unknown organisation: {options['slug']} (see: samplan organisation list)"
            )
        membership, created = services.membership_add(
            organisation=organisation,
            email=options["email"],
            role=options["role"],
            name=options["name"],
        )
        note = (
            " (new user: choose a password with 'Glemt passord?' on the log-in page)"
            if created
            else ""
        )
        self.stdout.write(
            f"{membership.user.email} is {membership.role} in {organisation.name}{note}"
        )
