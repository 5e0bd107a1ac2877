"""Tenant schema: the org's audit log (``OrgAuditEntry``): who changed what, and when.

Low in the domain order (just above ``general``) so that every domain app's
services can record their writes here.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"
    verbose_name = _("Audit log")
