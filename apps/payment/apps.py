"""Tenant schema: payment plans (one-time, subscription, usage-based) with access tiers and prices."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentConfig(AppConfig):
    name = "apps.payment"
    label = "payment"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from apps.payment import signals  # noqa: F401  (connects the receivers)
