from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Documents the municipality publishes: ODT (editable) and PDF/A (archival, tagged)."""

    name = "samplan.documents"
    label = "documents"
    default_auto_field = "django.db.models.BigAutoField"
