from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff accounts' second factor: TOTP enrolment, verification, recovery codes."""

    name = "accounts"
    verbose_name = _("Accounts")
