"""Forms for organisations and members."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GUIDING_KINDS, Municipality, Organisation, Role


def role_choices(organisation: Organisation) -> list[tuple[str, str]]:
    """The roles that make sense in this kind of organisation."""
    if organisation.kind in GUIDING_KINDS:
        allowed = [Role.ADMIN, Role.ADVISER, Role.READER]
    else:
        allowed = [Role.ADMIN, Role.EDITOR, Role.READER, Role.ADVISER]
    return [(role.value, role.label) for role in allowed]


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), initial=Role.READER)

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = role_choices(organisation)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["role"].choices = role_choices(organisation)


class ContactForm(forms.ModelForm):
    """Where the public sends statements to the municipality."""

    class Meta:
        model = Organisation
        fields = ["postal_address", "email"]
        widgets = {"postal_address": forms.Textarea(attrs={"rows": 3})}


class NetworkForm(forms.Form):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: object, organisation: Organisation, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        queryset = Municipality.objects.order_by("name")
        if organisation.county_id:
            queryset = queryset.filter(county_id=organisation.county_id)
        self.fields["municipalities"].queryset = queryset
