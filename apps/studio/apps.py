"""The creator studio (/studio/): outline editor, lesson library, previews, review queue. No models."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudioConfig(AppConfig):
    name = "apps.studio"
    label = "studio"
    verbose_name = _("Studio")
