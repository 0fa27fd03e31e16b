from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """What an operator runs beside the newsroom: request logs, backup and restore."""

    name = "operations"
    verbose_name = _("Operations")
