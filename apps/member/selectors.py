"""Reads of membership in the active org's schema."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from apps.member.cache import NOT_A_MEMBER, member_cache_get, member_cache_set
from apps.member.models import OrgMember
from apps.org.selectors import tenant_connection

MEMO_ATTRIBUTE = "_org_members_by_schema"


def member_for_user(user: AbstractBaseUser | AnonymousUser) -> OrgMember | None:
    """The user's membership in the active org, or None (also for anonymous users).

    Remembered on the user object per schema: a request asks several times
    (role guard, header navigation, the view) and ``request.user`` lives only
    as long as the request. Member services forget it when they change it.
    Read from the org's cache before the database (``apps.member.cache``).
    """
    if not user.is_authenticated:
        return None
    memo = user.__dict__.setdefault(MEMO_ATTRIBUTE, {})
    schema = tenant_connection().schema_name
    if schema not in memo:
        memo[schema] = _member_cached_or_read(user.pk)
    return memo[schema]


def _member_cached_or_read(user_id: Any) -> OrgMember | None:
    found, generation = member_cache_get(user_id)
    if isinstance(found, OrgMember) and found.user_id == user_id:
        return found
    if found == NOT_A_MEMBER:
        return None
    member = OrgMember.objects.filter(user_id=user_id).first()
    member_cache_set(user_id, member, generation)
    return member


def member_for_user_remember(user: AbstractBaseUser, member: OrgMember | None) -> None:
    """Remember ``member`` as ``member_for_user(user)`` for this request, when a selector has read the
    same row (the first member row of the user in the active org) as part of a larger query."""
    user.__dict__.setdefault(MEMO_ATTRIBUTE, {})[tenant_connection().schema_name] = member


def instructor_candidates() -> QuerySet[OrgMember]:
    """Members who may be attributed to content: instructors, admins and owners."""
    roles = [OrgMember.Role.INSTRUCTOR, OrgMember.Role.ADMIN, OrgMember.Role.OWNER]
    return OrgMember.objects.filter(role__in=roles).select_related("user").order_by("user__email")


def member_list() -> QuerySet[OrgMember]:
    return OrgMember.objects.select_related("user").order_by("user__email")


def managers_with_two_factor() -> list[tuple[OrgMember, bool]]:
    """The org's owners and admins, each with whether they have an authenticator app set up."""
    managers = list(member_list().filter(role__in=[OrgMember.Role.OWNER, OrgMember.Role.ADMIN]))
    with_totp = set(
        Authenticator.objects.filter(
            user_id__in=[member.user_id for member in managers], type=Authenticator.Type.TOTP
        ).values_list("user_id", flat=True)
    )
    return [(member, member.user_id in with_totp) for member in managers]


def member_get(*, member_id: int) -> OrgMember:
    member = OrgMember.objects.select_related("user").filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def manager_emails() -> list[str]:
    """The email addresses of the org's owners and admins (whom applications are sent to)."""
    roles = [OrgMember.Role.OWNER, OrgMember.Role.ADMIN]
    return list(OrgMember.objects.filter(role__in=roles).order_by("pk").values_list("user__email", flat=True))
