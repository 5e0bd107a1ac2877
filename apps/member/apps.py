"""Tenant schema: an org's members (``OrgMember``) and their roles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MemberConfig(AppConfig):
    name = "apps.member"
    label = "member"
    verbose_name = _("Members")

    def ready(self) -> None:
        from apps.member import signals  # noqa: F401  (connects the receivers)
