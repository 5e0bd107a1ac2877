"""Tenant schema: the revenue attribution ledger (double entry, append-only), recorded payouts to
creators and the org's ledger settings. It reacts to the payment app's commerce events."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "apps.ledger"
    label = "ledger"
    verbose_name = _("Ledger")

    def ready(self) -> None:
        from apps.ledger import signals  # noqa: F401  (connects the receivers)
