"""The lesson library: which lessons a member may edit, one lesson, and where a lesson is used."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from apps.course.models import OrgLesson, OrgProductCourseModuleSectionLesson
from apps.member.models import OrgMember
from apps.member.roles import role_at_least

Placement = OrgProductCourseModuleSectionLesson


@dataclass
class Place:
    course_id: int
    placement_id: int
    label: str


def lesson_editable_q(*, member: OrgMember) -> Q:
    """Which library lessons ``member`` may edit, as a filter on ``OrgLesson``.

    Owners and admins edit every lesson. An instructor edits a lesson placed in a course they may
    edit (``editor.course_list_for_editor``), or an unplaced lesson they created. A placed lesson
    belongs to its courses' editors: its creator alone no longer decides what those courses'
    learners read. Learners edit none.
    """
    if role_at_least(member.role, OrgMember.Role.ADMIN):
        return Q()
    if not role_at_least(member.role, OrgMember.Role.INSTRUCTOR):
        return Q(pk__in=[])
    in_my_courses = Placement.objects.filter(section__module__course__instructors=member).values("lesson_id")
    placed = Placement.objects.values("lesson_id")
    return Q(pk__in=in_my_courses) | (Q(created_by=member) & ~Q(pk__in=placed))


def lesson_may_edit(*, lesson: OrgLesson, member: OrgMember) -> bool:
    """Whether ``member`` may edit ``lesson`` (the rule of ``lesson_editable_q``), one query."""
    return OrgLesson.objects.filter(lesson_editable_q(member=member), pk=lesson.pk).exists()


def lesson_library(*, member: OrgMember, search: str = "", lesson_type: str = "") -> QuerySet[OrgLesson]:
    """The library lessons ``member`` may edit (and so place), newest first."""
    lessons = (
        OrgLesson.objects.filter(lesson_editable_q(member=member))
        .prefetch_related("translations")
        .annotate(placement_count=Count("placements"))
    )
    if search:
        lessons = lessons.filter(translations__title__icontains=search).distinct()
    if lesson_type:
        lessons = lessons.filter(lesson_type=lesson_type)
    return lessons.order_by("-updated_at", "-id")


def lesson_get(*, lesson_id: int) -> OrgLesson:
    """A library lesson, or 404 (missing and not-this-org's look the same)."""
    lesson = OrgLesson.objects.prefetch_related("translations").filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    return lesson


def lesson_get_for_editor(*, lesson_id: int, member: OrgMember) -> OrgLesson:
    """A lesson ``member`` may edit, with its questions and options, or 404: a missing lesson and
    one they may not edit look the same."""
    lesson = (
        OrgLesson.objects.filter(lesson_editable_q(member=member), pk=lesson_id)
        .prefetch_related("translations", "questions__translations", "questions__options__translations")
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


def lesson_used_in(*, lesson_id: int) -> list[Place]:
    """Every place a lesson is used: "Course / Module / Section" (fixed number of queries)."""
    placements = (
        Placement.objects.filter(lesson_id=lesson_id)
        .select_related("section__module__course__product")
        .prefetch_related(
            "section__translations",
            "section__module__translations",
            "section__module__course__product__translations",
        )
        .order_by("section__module__course_id", "section__module__position", "section__position")
    )
    places = []
    for placement in placements:
        section = placement.section
        module = section.module
        course = module.course
        label = f"{course.product} / {module} / {section}"
        places.append(Place(course_id=course.pk, placement_id=placement.pk, label=label))
    return places


def lesson_used_in_map(*, lesson_ids: list[int]) -> dict[int, list[str]]:
    """Where each listed lesson is used, for the library list (fixed number of queries)."""
    placements = (
        Placement.objects.filter(lesson_id__in=lesson_ids)
        .select_related("section__module__course__product")
        .prefetch_related("section__translations", "section__module__course__product__translations")
    )
    used: dict[int, list[str]] = {}
    for placement in placements:
        course = placement.section.module.course
        used.setdefault(placement.lesson_id, []).append(f"{course.product} / {placement.section}")
    return used
