from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top of the app graph: what knows the whole installation (the front page that leads
    to the user's municipalities, `samplan demo`). Nothing imports it."""

    name = "samplan.site"
    label = "site"
