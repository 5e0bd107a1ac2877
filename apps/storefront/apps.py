"""Storefront pages on org domains. No models: reads through other apps' selectors."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    name = "apps.storefront"
    label = "storefront"
    verbose_name = _("Storefront")

    def ready(self) -> None:
        from apps.storefront.cache_invalidation import connect

        connect()
