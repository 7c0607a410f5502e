"""The Atom feed of a municipality's public events (Django's syndication framework)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from samplan.municipalities.models import Municipality

from .selectors import Event, municipality_events


class MunicipalityFeed(Feed):
    """Public: no log-in, only what the municipality's public pages show."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, knr: str) -> Municipality:
        return get_object_or_404(Municipality, number=knr)

    def _name(self, municipality: Municipality) -> str:
        return _("%(name)s municipality") % {"name": municipality.name}

    def title(self, municipality: Municipality) -> str:
        return _("Planning in %(name)s") % {"name": self._name(municipality)}

    def subtitle(self, municipality: Municipality) -> str:
        return _(
            "Plans adopted, consultations opened, deadlines moved and the planning strategy: "
            "public changes in %(name)s, from Samplan."
        ) % {"name": self._name(municipality)}

    def link(self, municipality: Municipality) -> str:
        return reverse("municipalities:detail", args=[municipality.number])

    def feed_url(self, municipality: Municipality) -> str:
        return reverse("feeds:municipality", args=[municipality.number])

    def feed_guid(self, municipality: Municipality) -> str:
        return f"urn:samplan:kommune:{municipality.number}:hendelser"

    def author_name(self, municipality: Municipality) -> str:
        return self._name(municipality)

    def items(self, municipality: Municipality) -> list[Event]:
        return municipality_events(municipality)

    def item_title(self, item: Event) -> str:
        return item.title

    def item_description(self, item: Event) -> str:
        return item.description

    def item_link(self, item: Event) -> str:
        return item.url

    def item_guid(self, item: Event) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: Event) -> datetime.datetime:
        return item.happened_at

    def item_updateddate(self, item: Event) -> datetime.datetime:
        return item.happened_at
