"""The portal's Django app."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Models, templates, static files and the create_collector command live in workbook_tools.portal."""

    name = "workbook_tools.portal"
    label = "portal"
    verbose_name = "收集门户"
    default_auto_field = "django.db.models.BigAutoField"
