"""The org admin console (/manage/): its views, forms, URLs and templates. No models."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "apps.console"
    label = "console"
    verbose_name = _("Console")
