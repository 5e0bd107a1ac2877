"""Reads of membership in the active org's schema."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from apps.member.models import OrgMember, OrgMemberProductCourseEnrollment


def member_for_user(user: AbstractBaseUser | AnonymousUser) -> OrgMember | None:
    """The user's membership in the active org, or None (also for anonymous users)."""
    if not user.is_authenticated:
        return None
    return OrgMember.objects.filter(user_id=user.pk).first()


def member_list() -> QuerySet[OrgMember]:
    return OrgMember.objects.select_related("user").order_by("user__email")


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
