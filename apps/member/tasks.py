"""Celery tasks of the member app; each runs in the schema carried by its headers."""

from __future__ import annotations

from celery import shared_task

from apps.member.models import OrgMember
from apps.org.selectors import tenant_connection


@shared_task(name="apps.member.tasks.schema_probe")
def schema_probe() -> dict[str, object]:
    """Report the schema the task ran in and who is a member there (used to prove routing)."""
    return {
        "schema": tenant_connection().schema_name,
        "members": sorted(OrgMember.objects.values_list("user__email", flat=True)),
    }
