"""The provider settings form, and the login page's "log in with your organisation" form."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.utils.translation import gettext_lazy as _

from samplan.municipalities.models import GUIDING_KINDS, Organisation, Role

from .models import Provider
from .oidc import SsoError, discover

# Plain http only to a provider on this machine (the tests' provider, a developer's).
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def roles_for(organisation: Organisation) -> list[tuple[str, Any]]:
    """The roles members of this kind of organisation can have (no editors where members only
    guide: municipalities.services)."""
    return [
        (value, label)
        for value, label in Role.choices
        if not (organisation.kind in GUIDING_KINDS and value == Role.EDITOR)
    ]


class ProviderForm(forms.Form):
    issuer = forms.URLField(
        label=_("Issuer"),
        max_length=300,
        assume_scheme="https",
        help_text=_(
            "Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0 (the directory's "
            "tenant ID, not “common”)."
        ),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=200)
    client_secret = forms.CharField(
        label=_("Client secret"),
        max_length=500,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    domains = forms.CharField(
        label=_("E-mail domains"),
        max_length=500,
        help_text=_("Separated by commas, e.g. tydal.kommune.no, tydal.no"),
    )
    default_role = forms.ChoiceField(label=_("Role for new users"))
    groups_claim = forms.CharField(
        label=_("Name of the group claim"), max_length=100, required=False, initial="groups"
    )
    group_roles = forms.CharField(
        label=_("Roles by group"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One group a line: the group's ID, “=”, and the role (admin, editor, reader or "
            "adviser), e.g. 3f2a…-9c = editor. Members of a listed group get its role at every "
            "login; the others get the role for new users."
        ),
    )
    enabled = forms.BooleanField(label=_("Login through the provider is on"), required=False)

    def __init__(
        self, data: Any = None, *, organisation: Organisation, provider: Provider | None
    ) -> None:
        if provider is not None:
            initial = {
                "issuer": provider.issuer,
                "client_id": provider.client_id,
                "domains": provider.domains,
                "default_role": provider.default_role,
                "groups_claim": provider.groups_claim,
                "group_roles": "\n".join(f"{k} = {v}" for k, v in provider.group_roles.items()),
                "enabled": provider.enabled,
            }
        else:
            initial = {"enabled": True, "default_role": Role.READER, "groups_claim": "groups"}
        super().__init__(data, initial=initial)
        self.organisation = organisation
        self.provider = provider
        self.roles = roles_for(organisation)
        self.fields["default_role"].choices = self.roles
        self.fields["client_secret"].required = provider is None
        if provider is not None:
            self.fields["client_secret"].help_text = _(
                "Stored encrypted and never shown. Leave empty to keep the stored secret."
            )

    def clean_issuer(self) -> str:
        issuer = self.cleaned_data["issuer"].rstrip("/")
        parts = urlsplit(issuer)
        if parts.scheme != "https" and parts.hostname not in LOCAL_HOSTS:
            raise forms.ValidationError(_("The issuer's address must start with https://."))
        return issuer

    def clean_domains(self) -> list[str]:
        domains = [
            item.strip().lower().lstrip("@")
            for item in re.split(r"[,\s]+", self.cleaned_data["domains"])
            if item.strip()
        ]
        wrong = [item for item in domains if not DOMAIN.match(item)]
        if wrong or not domains:
            raise forms.ValidationError(
                _("Not an e-mail domain: %(domains)s") % {"domains": ", ".join(wrong) or "–"}
            )
        others = Provider.objects.exclude(organisation=self.organisation).filter(
            organisation__isnull=False
        )
        taken = sorted({d for other in others for d in other.domain_list} & set(domains))
        if taken:
            raise forms.ValidationError(
                _("Another organisation's login already uses %(domains)s.")
                % {"domains": ", ".join(taken)}
            )
        return domains

    def clean_group_roles(self) -> dict[str, str]:
        allowed = {value for value, _label in self.roles}
        mapping: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["group_roles"].splitlines(), start=1):
            if not line.strip():
                continue
            group, _sep, role = line.partition("=")
            group, role = group.strip(), role.strip().lower()
            if not group or role not in allowed:
                raise forms.ValidationError(
                    _("Line %(line)d: write the group's ID, “=” and one of the roles %(roles)s.")
                    % {"line": number, "roles": ", ".join(sorted(allowed))}
                )
            mapping[group] = role
        return mapping

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        issuer = data.get("issuer")
        if issuer and not self.errors:
            try:
                discover(issuer, fresh=True)
            except SsoError as error:
                self.add_error(
                    "issuer",
                    _("Samplan could not read the provider's discovery document: %(why)s")
                    % {"why": error.message},
                )
        return data


class EmailLoginForm(forms.Form):
    """The login page's "log in with your organisation's account": the e-mail address picks
    the organisation by its domain."""

    email = forms.EmailField(
        label=_("Your work e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
