"""The community's challenge ratings of a course: whether a learner may rate, and what learners say."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from apps.course.models import (
    Level,
    OrgMemberProductCourseChallengeRating,
    OrgMemberProductCourseModuleProgress,
    OrgProductCourse,
)
from apps.member.models import OrgMember


@dataclass
class ChallengeSummary:
    count: int
    median_difficulty: Decimal | None
    level_counts: dict[str, int]
    most_common_level: str | None

    @property
    def most_common_level_label(self) -> str:
        return str(Level(self.most_common_level).label) if self.most_common_level else ""


def rating_is_allowed(*, member: OrgMember, course: OrgProductCourse) -> bool:
    """A learner rates a course after finishing at least one module of it."""
    return OrgMemberProductCourseModuleProgress.objects.filter(
        member=member, module__course=course, is_completed=True
    ).exists()


def course_challenge_summary(*, course: OrgProductCourse) -> ChallengeSummary:
    """The community's view of level and difficulty: median difficulty, level votes, count (2 queries)."""
    difficulties = sorted(
        OrgMemberProductCourseChallengeRating.objects.filter(course=course).values_list(
            "perceived_difficulty", flat=True
        )
    )
    levels = dict(
        OrgMemberProductCourseChallengeRating.objects.filter(course=course)
        .values_list("perceived_level")
        .annotate(n=Count("id"))
        .values_list("perceived_level", "n")
    )
    median = Decimal(str(statistics.median(difficulties))) if difficulties else None
    common = max(sorted(levels), key=lambda level: levels[level]) if levels else None
    return ChallengeSummary(len(difficulties), median, levels, common)


def course_challenge_ratings(*, course: OrgProductCourse) -> QuerySet[OrgMemberProductCourseChallengeRating]:
    return OrgMemberProductCourseChallengeRating.objects.filter(course=course).select_related("member__user")
