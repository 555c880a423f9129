from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "samordna.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from samordna.accounts import (
            scopes,  # noqa: F401  (registers the scope rules)
            throttle,  # noqa: F401  (counts logins through signals)
        )
