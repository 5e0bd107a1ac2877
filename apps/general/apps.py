"""Public schema: global registries of locales, currencies and countries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeneralConfig(AppConfig):
    name = "apps.general"
    label = "general"
    verbose_name = _("Global registries")
