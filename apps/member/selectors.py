"""Reads of membership in the active org's schema."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from apps.member.models import OrgMember


def member_for_user(user: AbstractBaseUser | AnonymousUser) -> OrgMember | None:
    """The user's membership in the active org, or None (also for anonymous users)."""
    if not user.is_authenticated:
        return None
    return OrgMember.objects.filter(user_id=user.pk).first()


def member_list() -> QuerySet[OrgMember]:
    return OrgMember.objects.select_related("user").order_by("user__email")
