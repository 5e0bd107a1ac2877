"""Writes to a course itself: made for its product, its settings, instructors and skills."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import audit_record, audited
from apps.course.models import (
    OrgProductCourse,
    OrgProductCourseSkill,
)
from apps.course.services.common import (
    Verb,
    actor_member,
)
from apps.member.models import OrgMember
from apps.member.selectors import instructor_candidates
from volmify.actors import Actor, actor_check


@transaction.atomic
def course_create_for_product(*, actor: Actor, product: Any) -> OrgProductCourse:
    """The course extension of a course-type product; called by the catalog when one is created.

    Idempotent: a second call returns the existing course. An instructor who creates
    the product is attributed to the course so they can edit it in the studio.
    """
    member = actor_member(actor)
    if product.product_type != "course":
        raise ValidationError(_("Only course products have a course."), code="product_type")
    course, created = OrgProductCourse.objects.get_or_create(product=product)
    if created:
        course.set_current_language(product.get_current_language())
        course.learning_outcomes = ""
        course.save()
        audit_record(actor=actor, verb=Verb.CREATE, target=course, after={"product": product.pk})
    if member is not None and member.role == OrgMember.Role.INSTRUCTOR:
        before = course_instructor_ids_sorted(course)
        if member.pk not in before:
            course.instructors.add(member)
            instructors_record(actor=actor, verb=Verb.ADD, course=course, before=before)
    return course


def course_instructor_add(*, actor: Actor, course: OrgProductCourse, member: OrgMember) -> None:
    """Let ``member`` edit ``course`` in the studio (an accepted collaborator invitation: the
    approval was the admin's, when the invitation was approved)."""
    before = course_instructor_ids_sorted(course)
    if member.pk not in before:
        course.instructors.add(member)
        instructors_record(actor=actor, verb=Verb.ADD, course=course, before=before)


def course_instructor_ids_sorted(course: OrgProductCourse) -> list[int]:
    """The ids of the members who may edit ``course``, sorted (what its audit entries record)."""
    return sorted(course.instructors.values_list("pk", flat=True))


def instructors_record(*, actor: Actor, verb: str, course: OrgProductCourse, before: list[int]) -> None:
    after = course_instructor_ids_sorted(course)
    if after != before:
        audit_record(
            actor=actor,
            verb=verb,
            target=course,
            before={"instructors": before},
            after={"instructors": after},
        )


@transaction.atomic
def course_instructors_set(
    *, actor: Actor, course: OrgProductCourse, member_ids: list[int]
) -> OrgProductCourse:
    """Attribute exactly these members as the course's instructors (they may then edit it).

    Only admins and owners attribute; only members who are instructors or above
    can be attributed. Anything else changes nothing.
    """
    actor_member(actor, minimum_role=OrgMember.Role.ADMIN)
    wanted = set(member_ids)
    eligible = set(instructor_candidates().filter(pk__in=wanted).values_list("pk", flat=True))
    if eligible != wanted:
        raise ValidationError(
            _("Choose instructors among this organization's instructors and admins."), code="instructors"
        )
    before = course_instructor_ids_sorted(course)
    course.instructors.set(sorted(wanted))
    instructors_record(actor=actor, verb=Verb.UPDATE, course=course, before=before)
    return course


COURSE_FIELDS = ("level", "difficulty", "learning_outcomes", "prerequisites")


@transaction.atomic
def course_update(
    *,
    actor: Actor,
    course: OrgProductCourse,
    level: str,
    difficulty: int,
    learning_outcomes: str = "",
    prerequisites: str = "",
) -> OrgProductCourse:
    if not 1 <= difficulty <= 10:
        raise ValidationError(_("Difficulty must be between 1 and 10."), code="difficulty")
    with audited(actor=actor, verb=Verb.UPDATE, target=course, fields=COURSE_FIELDS):
        course.level = level
        course.difficulty = difficulty
        course.learning_outcomes = learning_outcomes
        course.prerequisites = prerequisites
        course.full_clean(exclude=["product"])
        course.save()
    return course


def _skill_weights(course: OrgProductCourse) -> list[list[int]]:
    """The course's skills as ``[[skill_id, weight], …]`` by skill id: what the log keeps of them."""
    links = OrgProductCourseSkill.objects.filter(course=course).order_by("skill_id")
    return [[skill_id, weight] for skill_id, weight in links.values_list("skill_id", "weight")]


def _skills_record(*, actor: Actor, verb: str, course: OrgProductCourse, before: list[list[int]]) -> None:
    after = _skill_weights(course)
    if after != before:
        audit_record(
            actor=actor, verb=verb, target=course, before={"skills": before}, after={"skills": after}
        )


@transaction.atomic
def course_skill_set(*, actor: Actor, course: OrgProductCourse, weights: dict[int, int]) -> None:
    """Replace the course's skills with ``{skill_id: weight 1-100}``."""
    actor_check(actor)
    for weight in weights.values():
        if not 1 <= weight <= 100:
            raise ValidationError(_("A skill weight must be between 1 and 100."), code="weight")
    before = _skill_weights(course)
    OrgProductCourseSkill.objects.filter(course=course).exclude(skill_id__in=weights).delete()
    for skill_id, weight in weights.items():
        OrgProductCourseSkill.objects.update_or_create(
            course=course, skill_id=skill_id, defaults={"weight": weight}
        )
    _skills_record(actor=actor, verb=Verb.UPDATE, course=course, before=before)


@transaction.atomic
def course_skill_add(
    *, actor: Actor, course: OrgProductCourse, skill_id: int, weight: int
) -> OrgProductCourseSkill:
    """Link an active taxonomy skill to the course with a weight 1-100 (updates an existing link)."""
    from apps.skill.models import Skill

    actor_check(actor)
    if not 1 <= weight <= 100:
        raise ValidationError(_("A skill weight must be between 1 and 100."), code="weight")
    if not Skill.objects.filter(pk=skill_id, is_active=True).exists():
        raise ValidationError(_("Choose a skill from the taxonomy."), code="skill")
    before = _skill_weights(course)
    link, _created = OrgProductCourseSkill.objects.update_or_create(
        course=course, skill_id=skill_id, defaults={"weight": weight}
    )
    _skills_record(actor=actor, verb=Verb.ADD, course=course, before=before)
    return link


@transaction.atomic
def course_skill_remove(*, actor: Actor, course: OrgProductCourse, skill_id: int) -> None:
    actor_check(actor)
    before = _skill_weights(course)
    OrgProductCourseSkill.objects.filter(course=course, skill_id=skill_id).delete()
    _skills_record(actor=actor, verb=Verb.REMOVE, course=course, before=before)
