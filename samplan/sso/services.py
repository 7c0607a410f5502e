"""Writes of single sign-on: the provider's settings, and a log-in through it (matching the user,
or creating them with the role the administrator chose)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samplan.core.audit import service
from samplan.municipalities import selectors as municipality_selectors
from samplan.municipalities import services as municipality_services
from samplan.municipalities.models import Membership, Organisation, Role

from . import crypto
from .models import Identity, LoginEvent, Outcome, Provider
from .oidc import SsoError

# Order of power, to pick one role from several groups (municipalities.models.Role).
ROLE_RANK = {Role.READER: 0, Role.ADVISER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


@service
def provider_save(
    *,
    organisation: Organisation,
    issuer: str,
    client_id: str,
    client_secret: str,
    domains: list[str],
    default_role: str,
    groups_claim: str,
    group_roles: dict[str, str],
    enabled: bool,
    user: object | None = None,
) -> Provider:
    """Connect the organisation's provider or change it. An empty `client_secret` keeps the
    stored one (it is never shown again)."""
    provider = Provider.objects.filter(organisation=organisation).first() or Provider(
        organisation=organisation
    )
    if client_secret:
        provider.client_secret_encrypted = crypto.encrypt(client_secret)
    elif not provider.client_secret_encrypted:
        raise ValidationError({"client_secret": _("Enter the client secret.")})
    provider.issuer = issuer.rstrip("/")
    provider.client_id = client_id
    provider.domains = ", ".join(domains)
    provider.default_role = default_role
    provider.groups_claim = groups_claim
    provider.group_roles = group_roles
    provider.enabled = enabled
    provider.full_clean()
    provider.save()
    return provider


@service
def secrets_rotate(*, user: object | None = None) -> int:
    """Encrypt every stored client secret under the current secret key (after a key rotation);
    returns how many there are."""
    providers = list(Provider.objects.all())
    for provider in providers:
        provider.client_secret_encrypted = crypto.rotate(provider.client_secret_encrypted)
    Provider.objects.bulk_update(providers, ["client_secret_encrypted"])
    return len(providers)


@service
def event_record(
    *, provider: Provider, outcome: str, email: str = "", detail: str = "", user: object | None
) -> LoginEvent:
    """Write one line of the provider's log-in log (also for a refused or failed log-in, in its
    own transaction after the log-in's was rolled back)."""
    event = LoginEvent(
        provider=provider,
        outcome=outcome,
        email=email[:254],
        detail=detail[:100],
        user=user if getattr(user, "pk", None) else None,
    )
    event.full_clean()
    event.save()
    return event


class LoginRefused(SsoError):
    """The provider vouched for the person, but Samplan will not log them in; `outcome` is the
    audit log's."""

    def __init__(self, outcome: str, code: str, message: object, email: str = "") -> None:
        super().__init__(code, message)
        self.outcome = outcome
        self.email = email


OTHER_ORGANISATION = _(
    "The e-mail address %(email)s belongs to a Samplan account that is not a member of "
    "%(organisation)s. It was not linked to this login. Ask an administrator of "
    "%(organisation)s to add you, or log in with your password."
)

REMOVED = _(
    "%(email)s was removed from %(organisation)s in Samplan, so the login was refused. Ask an "
    "administrator of %(organisation)s to add you again."
)


def _email(provider: Provider, claims: dict[str, Any]) -> str:
    """The verified e-mail address of the claims: `email_verified` true, or (for providers that
    do not send it, such as Entra ID) an address in one of the organisation's own domains."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise LoginRefused(
            Outcome.UNVERIFIED,
            "no_email",
            _(
                "The login service sent no e-mail address. The administrator must let it send "
                "the claim “email” (see the help page)."
            ),
        )
    verified = claims.get("email_verified")
    domain = email.rsplit("@", 1)[1]
    if verified is True or (verified is None and domain in provider.domain_list):
        return email
    raise LoginRefused(
        Outcome.UNVERIFIED,
        "email_unverified",
        _("The login service has not verified the e-mail address %(email)s.") % {"email": email},
        email,
    )


def _role_from_groups(provider: Provider, claims: dict[str, Any]) -> str | None:
    groups = claims.get(provider.groups_claim or "groups") or []
    if not isinstance(groups, list) or not provider.group_roles:
        return None
    roles = [provider.group_roles[group] for group in groups if group in provider.group_roles]
    return max(roles, key=lambda role: ROLE_RANK.get(role, -1)) if roles else None


def _account(provider: Provider, subject: str, email: str) -> tuple[Any, Identity | None]:
    identity = (
        Identity.objects.filter(provider=provider, subject=subject).select_related("user").first()
    )
    if identity is not None:
        return identity.user, identity
    return get_user_model().objects.filter(email__iexact=email).first(), None


def _membership(provider: Provider, account: Any, email: str, role: str, name: str) -> Any:
    """The account's membership in the provider's organisation, made for a new user or an
    account with no organisation; refused for an account of another organisation, and for a
    member the organisation removed (the provider vouches for the person, not for their place
    in Samplan: an administrator adds them again)."""
    organisation = provider.organisation
    if account is not None:
        membership = Membership.objects.filter(user=account, organisation=organisation).first()
        if membership is not None:
            return membership
        if municipality_selectors.was_removed(user_id=account.pk, organisation=organisation):
            raise LoginRefused(
                Outcome.REMOVED,
                "removed",
                REMOVED % {"email": email, "organisation": organisation.name},
                email,
            )
        if account.is_staff or account.is_superuser or account.memberships.exists():
            raise LoginRefused(
                Outcome.OTHER_ORGANISATION,
                "other_organisation",
                OTHER_ORGANISATION % {"email": email, "organisation": organisation.name},
                email,
            )
    membership, _created = municipality_services.membership_add(
        organisation=organisation, email=email, role=role, name=name, user=None
    )
    return membership


@service
def login_complete(
    *, provider: Provider, claims: dict[str, Any], user: object | None = None
) -> tuple[Any, str]:
    """The user the provider's checked claims stand for, in the provider's organisation: found
    by their identity at the provider or by verified e-mail, else created with the role for new
    users (or their groups' role). Returns the user and the audit log's outcome."""
    subject = str(claims.get("sub") or "")
    email = _email(provider, claims)
    account, identity = _account(provider, subject, email)
    group_role = _role_from_groups(provider, claims)
    created = account is None
    name = str(claims.get("name") or "")[:200]
    membership = _membership(provider, account, email, group_role or provider.default_role, name)
    account = membership.user
    wanted = group_role or (provider.default_role if provider.group_roles else None)
    if not created and wanted and membership.role != wanted:
        try:
            municipality_services.membership_change_role(
                membership=membership, role=wanted, user=None
            )
        except ValidationError:
            pass  # the organisation's last administrator stays one
    if identity is None:
        identity = Identity(provider=provider, subject=subject, user=account)
    identity.last_login_at = timezone.now()
    identity.full_clean()
    identity.save()
    outcome = Outcome.CREATED if created else Outcome.LOGIN
    event_record(provider=provider, outcome=outcome, email=email, user=account)
    return account, outcome
