"""Enrollments: the console's table of them, and the tier a member holds in a course."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.course.models import OrgMemberProductCourseEnrollment, OrgProductCourse
from apps.member.models import OrgMember


def enrollment_list(
    *, course_id: int | None = None, search: str = ""
) -> QuerySet[OrgMemberProductCourseEnrollment]:
    """Enrollments with member, user and course product loaded (for the /manage/ table); ``search``
    matches the learner's email or the course's title in any language."""
    enrollments = OrgMemberProductCourseEnrollment.objects.select_related(
        "member__user", "course__product", "granted_by__user"
    ).prefetch_related("course__product__translations")
    if course_id is not None:
        enrollments = enrollments.filter(course__pk=course_id)
    if search:
        titled = OrgMemberProductCourseEnrollment.objects.filter(
            course__product__translations__title__icontains=search
        ).values("pk")
        enrollments = enrollments.filter(Q(member__user__email__icontains=search) | Q(pk__in=titled))
    return enrollments.order_by("-created_at", "-id")


def enrollment_list_latest(*, limit: int) -> QuerySet[OrgMemberProductCourseEnrollment]:
    """The ``limit`` newest enrollments of ``enrollment_list`` (the /manage/ table shows no more)."""
    return enrollment_list()[:limit]


def enrollment_get(*, enrollment_id: int) -> OrgMemberProductCourseEnrollment:
    """One enrollment, or 404 for missing and not-this-org's alike."""
    enrollment = enrollment_list().filter(pk=enrollment_id).first()
    if enrollment is None:
        raise Http404
    return enrollment


def enrollment_active_q(*, at: Any = None) -> Q:
    moment = at or timezone.now()
    return Q(revoked_at__isnull=True, suspended_at__isnull=True, starts_at__lte=moment) & (
        Q(ends_at__isnull=True) | Q(ends_at__gt=moment)
    )


def learner_tier(
    *, member: OrgMember | None, course: OrgProductCourse | None = None, course_id: int | None = None
) -> int:
    """The member's best active tier in the course; 0 without an active enrollment."""
    if member is None:
        return 0
    course_pk = course.pk if course is not None else course_id
    tiers = OrgMemberProductCourseEnrollment.objects.filter(
        enrollment_active_q(), member=member, course__pk=course_pk
    )
    return max(tiers.values_list("access_tier", flat=True), default=0)


def member_is_enrolled(*, member: OrgMember, course_id: int) -> bool:
    """Whether the member holds an active enrollment in the course (one query)."""
    return OrgMemberProductCourseEnrollment.objects.filter(
        enrollment_active_q(), member=member, course__pk=course_id
    ).exists()
