"""What the studio reads of the courses a member edits."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.course.models import OrgProductCourse
from apps.course.selectors.catalog import course_list
from apps.course.selectors.outline import Outline, course_outline
from apps.general.tiers import MAX_ACCESS_TIER
from apps.member.models import OrgMember
from apps.member.roles import role_at_least


def course_list_for_editor(*, member: OrgMember) -> QuerySet[OrgProductCourse]:
    """Courses an instructor may edit: those attributed to them; admins and owners see all."""
    courses = course_list()
    if role_at_least(member.role, OrgMember.Role.ADMIN):
        return courses
    return courses.filter(instructors=member)


def course_list_for_studio_home(*, member: OrgMember) -> QuerySet[OrgProductCourse]:
    """The editor's courses, last edited first, each with ``learner_count``: its enrollments that
    are open now (started, not ended, not revoked)."""
    now = timezone.now()
    open_now = Q(
        enrollments__revoked_at__isnull=True,
        enrollments__suspended_at__isnull=True,
        enrollments__starts_at__lte=now,
    ) & (Q(enrollments__ends_at__isnull=True) | Q(enrollments__ends_at__gt=now))
    learners = Count("enrollments", filter=open_now, distinct=True)
    return (
        course_list_for_editor(member=member).annotate(learner_count=learners).order_by("-updated_at", "-pk")
    )


def course_get_for_editor(*, course_id: int, member: OrgMember) -> OrgProductCourse:
    course = course_list_for_editor(member=member).filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def course_outline_for_editor(*, course: OrgProductCourse, chain: Sequence[str]) -> Outline:
    """The outline as the editor sees it: every lesson open, whatever its tier."""
    return course_outline(course=course, chain=chain, learner_tier=MAX_ACCESS_TIER)


def course_version_refresh(*, course: OrgProductCourse) -> OrgProductCourse:
    """``course`` with its ``updated_at`` reloaded (1 query): services bump it in the database when
    the outline changes, and the outline's cache key follows it."""
    course.refresh_from_db(fields=["updated_at"])
    return course


def course_instructor_ids(*, course: OrgProductCourse) -> set[int]:
    """The members attributed to the course as its instructors (1 query)."""
    return set(course.instructors.values_list("pk", flat=True))


def product_editor_user_ids(*, product_id: int) -> set[int]:
    """The users who may edit the course of this product in the studio; none for another product
    type (1 query). The console's credits page ticks "May edit in the studio" from it."""
    return set(
        OrgMember.objects.filter(taught_courses__product_id=product_id).values_list("user_id", flat=True)
    )
