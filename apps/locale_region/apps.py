"""Tenant schema: the locales an org authors in, its brands and its markets (regions)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocaleRegionConfig(AppConfig):
    name = "apps.locale_region"
    label = "locale_region"
    verbose_name = _("Locales and regions")
