"""Courses: one course, the lists of them, and their skills."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from apps.course.models import OrgProductCourse


def course_queryset() -> QuerySet[OrgProductCourse]:
    return OrgProductCourse.objects.select_related("product").prefetch_related(
        "translations", "product__translations"
    )


def course_get(*, course_id: int) -> OrgProductCourse:
    """The course, or 404 (for a missing id and for anything not in this org's schema alike)."""
    course = course_queryset().filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def course_list() -> QuerySet[OrgProductCourse]:
    return course_queryset().order_by("-product__created_at")


def course_list_published(*, skill_ids: set[int] | None = None) -> QuerySet[OrgProductCourse]:
    courses = course_list().filter(product__status="published")
    if skill_ids is not None:
        # a course's own skill weights, or those the catalog set on its product
        courses = courses.filter(
            Q(skill_weights__skill_id__in=skill_ids) | Q(product__skill_weights__skill_id__in=skill_ids)
        ).distinct()
    return courses


def course_skill_weights(*, course: OrgProductCourse) -> list[tuple[Any, int]]:
    """The course's skills with their weights, heaviest first (2 queries)."""
    from apps.skill.models import Skill

    weights = dict(course.skill_weights.values_list("skill_id", "weight"))
    skills = Skill.objects.filter(pk__in=weights).prefetch_related("translations")
    return sorted(((skill, weights[skill.pk]) for skill in skills), key=lambda pair: -pair[1])
