"""Receivers of other apps' events that make or update memberships.

- A new org's creator becomes its owner once the org's schema exists (``apps.org.signals``).
- Signing up on an org's storefront makes the new user a learner there (allauth's ``user_signed_up``).
- A member row saved or deleted makes its cached copy (``apps.member.cache``) unusable: at once, so
  the rest of this request reads the new row, and again when the transaction commits.
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django_tenants.utils import schema_context

from apps.member.cache import member_cache_forget
from apps.member.models import OrgMember
from apps.member.services import member_add, member_join
from apps.org.models import Org
from apps.org.selectors import tenant_connection
from apps.org.signals import org_schema_ready
from volmify.actors import Actor


@receiver(org_schema_ready, dispatch_uid="member-org-creator-becomes-owner")
def org_creator_becomes_owner(sender: type[Org], org: Org, actor: Actor, **kwargs: Any) -> None:
    if org.created_by is not None:
        member_add(actor=actor, user=org.created_by, role=OrgMember.Role.OWNER)


@receiver(user_signed_up, dispatch_uid="member-storefront-sign-up-joins")
def storefront_sign_up_joins(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    tenant = getattr(request, "tenant", None)
    if tenant is not None and tenant.schema_name != settings.PUBLIC_SCHEMA_NAME:
        member_join(actor=user, user=user)


@receiver(post_save, sender=OrgMember, dispatch_uid="member-cache-forget-on-save")
@receiver(post_delete, sender=OrgMember, dispatch_uid="member-cache-forget-on-delete")
def member_cache_forget_on_change(sender: type[OrgMember], instance: OrgMember, **kwargs: Any) -> None:
    user_id, schema = instance.user_id, tenant_connection().schema_name

    def forget_in_schema() -> None:  # the commit may come after the schema context was left
        with schema_context(schema):
            member_cache_forget(user_id)

    member_cache_forget(user_id)
    transaction.on_commit(forget_in_schema)
