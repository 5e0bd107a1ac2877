"""The org admin console (/manage/) and the creator studio (/studio/). No models."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "apps.console"
    label = "console"
    verbose_name = _("Console")
