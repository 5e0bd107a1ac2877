"""Public schema: the platform-wide hierarchical skill taxonomy (``Skill``).

Tenant models (course and product skill weights) point at it; it never points
into a tenant schema.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillConfig(AppConfig):
    name = "apps.skill"
    label = "skill"
    verbose_name = _("Skills")
