"""A learner's progress: "My learning" and their rolled-up progress in one course."""

from __future__ import annotations

from dataclasses import dataclass

from apps.course.models import (
    OrgMemberProductCourseEnrollment,
    OrgMemberProductCourseProgress,
    OrgProductCourse,
)
from apps.course.selectors.catalog import course_queryset
from apps.course.selectors.enrollments import enrollment_active_q
from apps.member.models import OrgMember


@dataclass
class LearningRow:
    course: OrgProductCourse
    tier: int
    progress: OrgMemberProductCourseProgress | None


def my_learning(*, member: OrgMember) -> list[LearningRow]:
    """The member's actively enrolled courses with their tier and rolled-up progress (4 queries)."""
    tiers: dict[int, int] = {}
    for course_id, tier in OrgMemberProductCourseEnrollment.objects.filter(
        enrollment_active_q(), member=member
    ).values_list("course_id", "access_tier"):
        tiers[course_id] = max(tier, tiers.get(course_id, 0))
    progress = {
        row.course_id: row
        for row in OrgMemberProductCourseProgress.objects.filter(
            member=member, course__pk__in=list(tiers)
        ).select_related("last_placement")
    }
    return [
        LearningRow(course=course, tier=tiers[course.pk], progress=progress.get(course.pk))
        for course in course_queryset().filter(pk__in=tiers).order_by("product_id")
    ]


def course_progress_for(
    *, member: OrgMember | None, course: OrgProductCourse
) -> OrgMemberProductCourseProgress | None:
    if member is None:
        return None
    return OrgMemberProductCourseProgress.objects.filter(member=member, course=course).first()
