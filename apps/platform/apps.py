"""Pages of the platform host: its home, org sign-up and provisioning, the handoff into an org's
domain, the unknown-host page. No models: reads and writes through the org app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformConfig(AppConfig):
    name = "apps.platform"
    label = "platform"
    verbose_name = _("Platform")
