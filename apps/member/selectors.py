"""Reads of membership in the active org's schema."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from apps.member.models import OrgMember, OrgMemberProductCourseEnrollment
from apps.org.selectors import tenant_connection

MEMO_ATTRIBUTE = "_org_members_by_schema"


def member_for_user(user: AbstractBaseUser | AnonymousUser) -> OrgMember | None:
    """The user's membership in the active org, or None (also for anonymous users).

    Remembered on the user object per schema: a request asks several times
    (role guard, header navigation, the view) and ``request.user`` lives only
    as long as the request. Member services forget it when they change it.
    """
    if not user.is_authenticated:
        return None
    memo = user.__dict__.setdefault(MEMO_ATTRIBUTE, {})
    schema = tenant_connection().schema_name
    if schema not in memo:
        memo[schema] = OrgMember.objects.filter(user_id=user.pk).first()
    return memo[schema]


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


def enrollment_list(*, course_id: int | None = None) -> QuerySet[OrgMemberProductCourseEnrollment]:
    """Enrollments with member, user and course product loaded (for the /manage/ table)."""
    enrollments = OrgMemberProductCourseEnrollment.objects.select_related(
        "member__user", "course__product", "granted_by__user"
    ).prefetch_related("course__product__translations")
    if course_id is not None:
        enrollments = enrollments.filter(course__pk=course_id)
    return enrollments.order_by("-created_at", "-id")


def enrollment_get(*, enrollment_id: int) -> OrgMemberProductCourseEnrollment:
    """One enrollment, or 404 for missing and not-this-org's alike."""
    enrollment = enrollment_list().filter(pk=enrollment_id).first()
    if enrollment is None:
        raise Http404
    return enrollment


def member_get(*, member_id: int) -> OrgMember:
    member = OrgMember.objects.select_related("user").filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def enrollment_list_latest(*, limit: int) -> QuerySet[OrgMemberProductCourseEnrollment]:
    """The ``limit`` newest enrollments of ``enrollment_list`` (the /manage/ table shows no more)."""
    return enrollment_list()[:limit]
