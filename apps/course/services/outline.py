"""Writes to a course's outline: modules, sections, lesson placements, their order and moves."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import audit_created, audit_record, audit_removing, audited
from apps.course.models import (
    OrgLesson,
    OrgProductCourse,
    OrgProductCourseModule,
    OrgProductCourseModuleSection,
)
from apps.course.services.common import (
    Placement,
    Verb,
    next_position,
    outline_changed,
    tier_check,
)
from volmify.actors import Actor, actor_check

MODULE_FIELDS = ("course", "title", "description", "required_access_tier", "position")


SECTION_FIELDS = ("module", "title", "required_access_tier", "position")


PLACEMENT_FIELDS = ("section", "lesson", "position", "required_access_tier", "is_preview", "is_required")


@transaction.atomic
def module_create(
    *,
    actor: Actor,
    course: OrgProductCourse,
    title: str,
    required_access_tier: int | None = None,
    description: str = "",
) -> OrgProductCourseModule:
    actor_check(actor)
    tier_check(required_access_tier)
    module = OrgProductCourseModule(
        course=course,
        position=next_position(course.modules.all()),
        required_access_tier=required_access_tier,
    )
    module.title = title
    module.description = description
    module.save()
    audit_created(actor=actor, target=module, fields=MODULE_FIELDS)
    outline_changed(course_id=course.pk)
    return module


@transaction.atomic
def module_update(
    *, actor: Actor, module: OrgProductCourseModule, title: str, required_access_tier: int | None
) -> OrgProductCourseModule:
    _titled_update(actor=actor, item=module, title=title, required_access_tier=required_access_tier)
    outline_changed(course_id=module.course_id)
    return module


def _titled_update(*, actor: Actor, item: Any, title: str, required_access_tier: int | None) -> None:
    """Rename a module or section and set the tier it requires, recording the change."""
    actor_check(actor)
    tier_check(required_access_tier)
    with audited(actor=actor, verb=Verb.UPDATE, target=item, fields=("title", "required_access_tier")):
        item.title = title
        item.required_access_tier = required_access_tier
        item.save()


@transaction.atomic
def section_create(
    *, actor: Actor, module: OrgProductCourseModule, title: str, required_access_tier: int | None = None
) -> OrgProductCourseModuleSection:
    actor_check(actor)
    tier_check(required_access_tier)
    section = OrgProductCourseModuleSection(
        module=module,
        position=next_position(module.sections.all()),
        required_access_tier=required_access_tier,
    )
    section.title = title
    section.save()
    audit_created(actor=actor, target=section, fields=SECTION_FIELDS)
    outline_changed(course_id=module.course_id)
    return section


@transaction.atomic
def section_update(
    *, actor: Actor, section: OrgProductCourseModuleSection, title: str, required_access_tier: int | None
) -> OrgProductCourseModuleSection:
    _titled_update(actor=actor, item=section, title=title, required_access_tier=required_access_tier)
    outline_changed(course_id=section.module.course_id)
    return section


@transaction.atomic
def module_delete(*, actor: Actor, module: OrgProductCourseModule) -> None:
    """Deletes the module, its sections and placements; the library lessons stay."""
    audit_removing(actor=actor, target=module, fields=MODULE_FIELDS)
    module.delete()
    outline_changed(course_id=module.course_id)


@transaction.atomic
def section_delete(*, actor: Actor, section: OrgProductCourseModuleSection) -> None:
    course_id = section.module.course_id
    audit_removing(actor=actor, target=section, fields=SECTION_FIELDS)
    section.delete()
    outline_changed(course_id=course_id)


@transaction.atomic
def placement_create(
    *,
    actor: Actor,
    section: OrgProductCourseModuleSection,
    lesson: OrgLesson,
    required_access_tier: int | None = None,
    is_preview: bool = False,
    is_required: bool = True,
) -> Placement:
    """Place a library lesson at the end of a section (once per section; no empty quizzes)."""
    actor_check(actor)
    tier_check(required_access_tier)
    if Placement.objects.filter(section=section, lesson=lesson).exists():
        raise ValidationError(_("This lesson is already in this section."), code="duplicate_placement")
    if lesson.lesson_type == OrgLesson.LessonType.QUIZ and not lesson.questions.exists():
        raise ValidationError(
            _("This quiz has no questions yet; add questions before placing it."), code="empty_quiz"
        )
    placement = Placement.objects.create(
        section=section,
        lesson=lesson,
        position=next_position(section.placements.all()),
        required_access_tier=required_access_tier,
        is_preview=is_preview,
        is_required=is_required,
    )
    audit_created(actor=actor, target=placement, fields=PLACEMENT_FIELDS, label=str(lesson))
    outline_changed(course_id=section.module.course_id)
    return placement


@transaction.atomic
def placement_update(
    *,
    actor: Actor,
    placement: Placement,
    required_access_tier: int | None,
    is_preview: bool,
    is_required: bool,
) -> Placement:
    actor_check(actor)
    tier_check(required_access_tier)
    fields = ["required_access_tier", "is_preview", "is_required"]
    with audited(actor=actor, verb=Verb.UPDATE, target=placement, fields=fields, label=str(placement.lesson)):
        placement.required_access_tier = required_access_tier
        placement.is_preview = is_preview
        placement.is_required = is_required
        placement.save(update_fields=fields)
    outline_changed(course_id=placement.section.module.course_id)
    return placement


@transaction.atomic
def placement_delete(*, actor: Actor, placement: Placement) -> None:
    """Remove a lesson from a section; the lesson stays in the library."""
    course_id = placement.section.module.course_id
    audit_removing(actor=actor, target=placement, fields=PLACEMENT_FIELDS, label=str(placement.lesson))
    placement.delete()
    outline_changed(course_id=course_id)


def _order_record(*, actor: Actor, target: Any, key: str, before: list[int], after: list[int]) -> None:
    """Record a new order of ``target``'s children (``key``: "modules", "sections", "placements");
    an order that did not change is not recorded."""
    if before != after:
        audit_record(actor=actor, verb=Verb.REORDER, target=target, before={key: before}, after={key: after})


def _ids_in_order(queryset: Any) -> list[int]:
    return list(queryset.order_by("position", "id").values_list("pk", flat=True))


def _refuse_foreign(ids: list[int], owned: set[int]) -> None:
    if len(set(ids)) != len(ids) or not set(ids) <= owned:
        raise ValidationError(
            _("The new order names items that are not in this course. Nothing was changed."),
            code="foreign_items",
        )


@transaction.atomic
def course_modules_reorder(*, actor: Actor, course: OrgProductCourse, module_ids: list[int]) -> None:
    """Set the order of all the course's modules; the list must name exactly them."""
    actor_check(actor)
    before = _ids_in_order(course.modules.all())
    owned = set(before)
    _refuse_foreign(module_ids, owned)
    if set(module_ids) != owned:
        raise ValidationError(_("The new order must list every module of the course."), code="incomplete")
    for position, module_id in enumerate(module_ids):
        OrgProductCourseModule.objects.filter(pk=module_id).update(position=position)
    _order_record(actor=actor, target=course, key="modules", before=before, after=module_ids)
    outline_changed(course_id=course.pk)


@transaction.atomic
def module_sections_reorder(
    *, actor: Actor, course: OrgProductCourse, module: OrgProductCourseModule, section_ids: list[int]
) -> None:
    """Order ``module``'s sections as ``section_ids``; sections named from another module of the
    same course move into this one."""
    actor_check(actor)
    if module.course_id != course.pk:
        raise ValidationError(_("That module is not in this course."), code="foreign_items")
    owned = set(
        OrgProductCourseModuleSection.objects.filter(module__course=course).values_list("pk", flat=True)
    )
    _refuse_foreign(section_ids, owned)
    before = _ids_in_order(module.sections.all())
    if not set(before) <= set(section_ids):
        raise ValidationError(_("The new order must list every section of the module."), code="incomplete")
    for position, section_id in enumerate(section_ids):
        OrgProductCourseModuleSection.objects.filter(pk=section_id).update(module=module, position=position)
    _order_record(actor=actor, target=module, key="sections", before=before, after=section_ids)
    outline_changed(course_id=course.pk)


@transaction.atomic
def section_placements_reorder(
    *,
    actor: Actor,
    course: OrgProductCourse,
    section: OrgProductCourseModuleSection,
    placement_ids: list[int],
) -> None:
    """Order ``section``'s lessons as ``placement_ids``; lessons named from another section of the
    same course move into this one (refused if that lesson is already here)."""
    actor_check(actor)
    if section.module.course_id != course.pk:
        raise ValidationError(_("That section is not in this course."), code="foreign_items")
    placements = {
        p.pk: p
        for p in Placement.objects.filter(section__module__course=course).only(
            "pk", "lesson_id", "section_id"
        )
    }
    _refuse_foreign(placement_ids, set(placements))
    current = {pk for pk, p in placements.items() if p.section_id == section.pk}
    if not current <= set(placement_ids):
        raise ValidationError(_("The new order must list every lesson of the section."), code="incomplete")
    lesson_ids = [placements[pk].lesson_id for pk in placement_ids]
    if len(set(lesson_ids)) != len(lesson_ids):
        raise ValidationError(_("This lesson is already in this section."), code="duplicate_placement")
    before = _ids_in_order(section.placements.all())
    for position, placement_id in enumerate(placement_ids):
        Placement.objects.filter(pk=placement_id).update(section=section, position=position)
    _order_record(actor=actor, target=section, key="placements", before=before, after=placement_ids)
    outline_changed(course_id=course.pk)


def _swap_neighbour(siblings: list[Any], item: Any, direction: str) -> list[int]:
    """Swap ``item`` with its neighbour and renumber; the siblings' ids in their new order."""
    index = [s.pk for s in siblings].index(item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            type(sibling).objects.filter(pk=sibling.pk).update(position=position)
    return [sibling.pk for sibling in siblings]


@transaction.atomic
def outline_item_move(
    *, actor: Actor, course: OrgProductCourse, kind: str, item_id: int, direction: str
) -> None:
    """Keyboard / no-JS fallback: move a module, section or lesson one step up or down."""
    actor_check(actor)
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."), code="direction")
    if kind == "module":
        item: Any = OrgProductCourseModule.objects.filter(course=course, pk=item_id).first()
        siblings = list(course.modules.order_by("position", "id")) if item else []
    elif kind == "section":
        item = OrgProductCourseModuleSection.objects.filter(module__course=course, pk=item_id).first()
        siblings = list(item.module.sections.order_by("position", "id")) if item else []
    elif kind == "placement":
        item = Placement.objects.filter(section__module__course=course, pk=item_id).first()
        siblings = list(item.section.placements.order_by("position", "id")) if item else []
    else:
        raise ValidationError(_("Unknown outline item."), code="kind")
    if item is None:
        raise ValidationError(
            _("That item is not in this course. Nothing was changed."), code="foreign_items"
        )
    before = [sibling.pk for sibling in siblings]
    after = _swap_neighbour(siblings, item, direction)
    if after != before:
        audit_record(
            actor=actor, verb=Verb.MOVE, target=item, before={"order": before}, after={"order": after}
        )
    outline_changed(course_id=course.pk)


@transaction.atomic
def placement_move(
    *, actor: Actor, course: OrgProductCourse, placement: Placement, section: OrgProductCourseModuleSection
) -> None:
    """Move a lesson to the end of another section of the same course."""
    actor_check(actor)
    if section.module.course_id != course.pk or placement.section.module.course_id != course.pk:
        raise ValidationError(
            _("Lessons move only between sections of the same course."), code="foreign_items"
        )
    if section.pk == placement.section_id:
        return
    if Placement.objects.filter(section=section, lesson_id=placement.lesson_id).exists():
        raise ValidationError(_("This lesson is already in that section."), code="duplicate_placement")
    with audited(actor=actor, verb=Verb.MOVE, target=placement, fields=("section", "position")):
        placement.section = section
        placement.position = next_position(section.placements.all())
        placement.save(update_fields=["section", "position"])
    outline_changed(course_id=course.pk)


@transaction.atomic
def placements_tier_set(
    *, actor: Actor, course: OrgProductCourse, placement_ids: list[int], required_access_tier: int | None
) -> int:
    """Give every placement of ``placement_ids`` (all in ``course``) its own tier
    ``required_access_tier`` (None: the module's and section's decide); one audit entry per
    placement that changed. Returns how many changed; names from another course change nothing."""
    actor_check(actor)
    tier_check(required_access_tier)
    if not placement_ids:
        raise ValidationError(_("Select the lessons to change first."), code="empty_selection")
    placements = list(
        Placement.objects.filter(section__module__course=course, pk__in=placement_ids)
        .select_related("lesson")
        .order_by("pk")
    )
    if len(placements) != len(set(placement_ids)):
        raise ValidationError(
            _("The selection names lessons that are not in this course. Nothing was changed."),
            code="foreign_items",
        )
    changed = [p for p in placements if p.required_access_tier != required_access_tier]
    for placement in changed:
        fields = ["required_access_tier"]
        with audited(
            actor=actor, verb=Verb.UPDATE, target=placement, fields=fields, label=str(placement.lesson)
        ):
            placement.required_access_tier = required_access_tier
            placement.save(update_fields=fields)
    if changed:
        outline_changed(course_id=course.pk)
    return len(changed)
