"""Every write to courses, their structure and the lesson library (tenant schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_fields, audit_record, audited
from apps.course.cache import player_states_forget_content
from apps.course.markdown_render import markdown_to_safe_html
from apps.course.models import (
    OrgLesson,
    OrgLessonQuizQuestion,
    OrgLessonQuizQuestionOption,
    OrgMemberProductCourseEnrollment,
    OrgProductCourse,
    OrgProductCourseModule,
    OrgProductCourseModuleSection,
    OrgProductCourseModuleSectionLesson,
    OrgProductCourseSkill,
)
from apps.course.tasks import progress_rollup
from apps.course.validators import validate_lesson_file, validate_markdown_has_no_script, validate_video_url
from apps.general.tiers import tier_validate
from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.selectors import instructor_candidates, member_for_user
from volmify.actors import Actor, SystemActor, actor_check
from volmify.tasks import enqueue_on_commit

Placement = OrgProductCourseModuleSectionLesson
Verb = OrgAuditEntry.Verb
MODULE_FIELDS = ("course", "title", "description", "required_access_tier", "position")
SECTION_FIELDS = ("module", "title", "required_access_tier", "position")
PLACEMENT_FIELDS = ("section", "lesson", "position", "required_access_tier", "is_preview", "is_required")
ENROLLMENT_FIELDS = ("member", "course", "access_tier", "starts_at", "ends_at", "source")


class LessonInUseError(ValidationError):
    """Deleting a lesson still placed somewhere; ``places`` names each course / module / section."""

    def __init__(self, places: list[str]) -> None:
        self.places = places
        super().__init__(
            _("This lesson is still used in %(count)d place(s): %(places)s. Remove it from them first.")
            % {"count": len(places), "places": "; ".join(places)},
            code="lesson_in_use",
        )


def _validate_tier(tier: int | None) -> None:
    tier_validate(tier)


def actor_member(actor: Actor, *, minimum_role: str | None = None) -> OrgMember | None:
    """The org member ``actor`` is, or None for a system actor (which skips the person checks).

    A user who is not a member of the active org, or whose role is below ``minimum_role``, is refused
    (PermissionDenied) before anything changes.
    """
    actor_check(actor)
    if isinstance(actor, SystemActor):
        return None
    member = member_for_user(actor)
    if member is None or (minimum_role is not None and not role_at_least(member.role, minimum_role)):
        raise PermissionDenied
    return member


def _outline_changed(*, course_id: int | None = None, lesson_id: int | None = None) -> None:
    """Bump the version of the course(s) whose outline changed, so cached outlines are rebuilt, and
    the org's content generation, so no learner's cached player state keeps the old version (a
    queryset update sends no signal for ``apps.course.signals`` to react to)."""
    now = timezone.now()
    player_states_forget_content()
    if course_id is not None:
        OrgProductCourse.objects.filter(pk=course_id).update(updated_at=now)
    if lesson_id is not None:
        OrgProductCourse.objects.filter(modules__sections__placements__lesson_id=lesson_id).update(
            updated_at=now
        )


def _next_position(queryset: Any) -> int:
    current = queryset.aggregate(top=Max("position"))["top"]
    return 0 if current is None else current + 1


# Courses -------------------------------------------------------------------------------------


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
        before = _instructor_ids(course)
        if member.pk not in before:
            course.instructors.add(member)
            _instructors_record(actor=actor, verb=Verb.ADD, course=course, before=before)
    return course


def _instructor_ids(course: OrgProductCourse) -> list[int]:
    return sorted(course.instructors.values_list("pk", flat=True))


def _instructors_record(*, actor: Actor, verb: str, course: OrgProductCourse, before: list[int]) -> None:
    after = _instructor_ids(course)
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
    before = _instructor_ids(course)
    course.instructors.set(sorted(wanted))
    _instructors_record(actor=actor, verb=Verb.UPDATE, course=course, before=before)
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


# Modules and sections ------------------------------------------------------------------------


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
    _validate_tier(required_access_tier)
    module = OrgProductCourseModule(
        course=course,
        position=_next_position(course.modules.all()),
        required_access_tier=required_access_tier,
    )
    module.title = title
    module.description = description
    module.save()
    audit_record(actor=actor, verb=Verb.CREATE, target=module, after=audit_fields(module, MODULE_FIELDS))
    _outline_changed(course_id=course.pk)
    return module


@transaction.atomic
def module_update(
    *, actor: Actor, module: OrgProductCourseModule, title: str, required_access_tier: int | None
) -> OrgProductCourseModule:
    actor_check(actor)
    _validate_tier(required_access_tier)
    with audited(actor=actor, verb=Verb.UPDATE, target=module, fields=("title", "required_access_tier")):
        module.title = title
        module.required_access_tier = required_access_tier
        module.save()
    _outline_changed(course_id=module.course_id)
    return module


@transaction.atomic
def section_create(
    *, actor: Actor, module: OrgProductCourseModule, title: str, required_access_tier: int | None = None
) -> OrgProductCourseModuleSection:
    actor_check(actor)
    _validate_tier(required_access_tier)
    section = OrgProductCourseModuleSection(
        module=module,
        position=_next_position(module.sections.all()),
        required_access_tier=required_access_tier,
    )
    section.title = title
    section.save()
    audit_record(actor=actor, verb=Verb.CREATE, target=section, after=audit_fields(section, SECTION_FIELDS))
    _outline_changed(course_id=module.course_id)
    return section


@transaction.atomic
def section_update(
    *, actor: Actor, section: OrgProductCourseModuleSection, title: str, required_access_tier: int | None
) -> OrgProductCourseModuleSection:
    actor_check(actor)
    _validate_tier(required_access_tier)
    with audited(actor=actor, verb=Verb.UPDATE, target=section, fields=("title", "required_access_tier")):
        section.title = title
        section.required_access_tier = required_access_tier
        section.save()
    _outline_changed(course_id=section.module.course_id)
    return section


@transaction.atomic
def module_delete(*, actor: Actor, module: OrgProductCourseModule) -> None:
    """Deletes the module, its sections and placements; the library lessons stay."""
    audit_record(actor=actor, verb=Verb.DELETE, target=module, before=audit_fields(module, MODULE_FIELDS))
    module.delete()
    _outline_changed(course_id=module.course_id)


@transaction.atomic
def section_delete(*, actor: Actor, section: OrgProductCourseModuleSection) -> None:
    course_id = section.module.course_id
    audit_record(actor=actor, verb=Verb.DELETE, target=section, before=audit_fields(section, SECTION_FIELDS))
    section.delete()
    _outline_changed(course_id=course_id)


# Lessons -------------------------------------------------------------------------------------

LESSON_FIELDS = ("video_url", "duration_seconds", "captions_url", "pass_mark_percent", "attempts_limit")
LESSON_AUDIT_FIELDS = ("lesson_type", "title", "summary", "body_markdown", "file", *LESSON_FIELDS)


def _lesson_apply(
    lesson: OrgLesson,
    *,
    title: str,
    summary: str,
    body_markdown: str,
    file: UploadedFile | None,
    fields: dict[str, Any],
) -> None:
    validate_markdown_has_no_script(body_markdown)
    if file is not None:
        validate_lesson_file(file)
        lesson.file = file
    for name, value in fields.items():
        if name not in LESSON_FIELDS:
            raise TypeError(name)
        setattr(lesson, name, value)
    lesson.title = title
    lesson.summary = summary
    lesson.body_markdown = body_markdown
    lesson.body_html = markdown_to_safe_html(body_markdown)
    if lesson.lesson_type == OrgLesson.LessonType.VIDEO:
        if not lesson.video_url:
            raise ValidationError({"video_url": _("A video lesson needs a video URL.")})
        try:
            validate_video_url(lesson.video_url)
        except ValidationError as error:
            raise ValidationError({"video_url": error.messages}) from None
    if lesson.lesson_type == OrgLesson.LessonType.FILE and not lesson.file:
        raise ValidationError({"file": _("A file lesson needs a file.")})
    lesson.full_clean(exclude=["file"])
    lesson.save()


@transaction.atomic
def lesson_create(
    *,
    actor: Actor,
    lesson_type: str,
    title: str,
    summary: str = "",
    body_markdown: str = "",
    file: UploadedFile | None = None,
    **fields: Any,
) -> OrgLesson:
    """Add a lesson to the org's library as ``actor`` (its creator, an instructor or above; a system
    actor creates a lesson nobody owns); ``fields`` are the type's own (video URL, pass mark…)."""
    member = actor_member(actor, minimum_role=OrgMember.Role.INSTRUCTOR)
    lesson = OrgLesson(lesson_type=lesson_type, created_by=member)
    _lesson_apply(lesson, title=title, summary=summary, body_markdown=body_markdown, file=file, fields=fields)
    audit_record(
        actor=actor, verb=Verb.CREATE, target=lesson, after=audit_fields(lesson, LESSON_AUDIT_FIELDS)
    )
    return lesson


@transaction.atomic
def lesson_update(
    *,
    actor: Actor,
    lesson: OrgLesson,
    title: str,
    summary: str = "",
    body_markdown: str = "",
    file: UploadedFile | None = None,
    **fields: Any,
) -> OrgLesson:
    """Edit a library lesson as ``actor`` (re-checked); every placement shows the change."""
    _lesson_check_editor(lesson=lesson, actor=actor)
    with audited(actor=actor, verb=Verb.UPDATE, target=lesson, fields=LESSON_AUDIT_FIELDS):
        _lesson_apply(
            lesson, title=title, summary=summary, body_markdown=body_markdown, file=file, fields=fields
        )
    _outline_changed(lesson_id=lesson.pk)
    return lesson


def _lesson_check_editor(*, lesson: OrgLesson, actor: Actor) -> None:
    """Refuse a lesson write by a user who is not a member allowed to edit the lesson
    (``lesson_editable_q``); a system actor (demo seeding, tasks) skips the check. Views resolve the
    lesson with ``lesson_get_for_editor`` first; this re-checks whoever calls."""
    from apps.course.selectors.lessons import lesson_may_edit

    member = actor_member(actor)
    if member is not None and not lesson_may_edit(lesson=lesson, member=member):
        raise PermissionDenied(_("You may not edit this lesson."))


def lesson_places(*, lesson: OrgLesson) -> list[str]:
    from apps.course.selectors.lessons import lesson_used_in

    return [place.label for place in lesson_used_in(lesson_id=lesson.pk)]


@transaction.atomic
def lesson_delete(*, actor: Actor, lesson: OrgLesson) -> None:
    """Delete a library lesson as ``actor`` (re-checked); refused (LessonInUseError listing the
    places) while it is placed."""
    _lesson_check_editor(lesson=lesson, actor=actor)
    places = lesson_places(lesson=lesson)
    if places:
        raise LessonInUseError(places)
    audit_record(
        actor=actor, verb=Verb.DELETE, target=lesson, before=audit_fields(lesson, LESSON_AUDIT_FIELDS)
    )
    lesson.delete()


@transaction.atomic
def quiz_question_create(
    *,
    actor: Actor,
    lesson: OrgLesson,
    kind: str,
    prompt: str,
    options: list[tuple[str, bool]] | None = None,
    accepted_answers: list[str] | None = None,
) -> OrgLessonQuizQuestion:
    """Add a question as ``actor`` (re-checked): choice questions need options with the right
    number of correct ones."""
    _lesson_check_editor(lesson=lesson, actor=actor)
    if lesson.lesson_type != OrgLesson.LessonType.QUIZ:
        raise ValidationError(_("Questions belong to quiz lessons only."), code="not_quiz")
    options = [(text.strip(), correct) for text, correct in (options or []) if text.strip()]
    answers = [answer.strip() for answer in (accepted_answers or []) if answer.strip()]
    correct_count = sum(1 for _text, correct in options if correct)
    if kind == OrgLessonQuizQuestion.Kind.SHORT:
        if not answers:
            raise ValidationError(_("A short-answer question needs at least one accepted answer."))
    elif len(options) < 2:
        raise ValidationError(_("A choice question needs at least two options."), code="options")
    elif kind == OrgLessonQuizQuestion.Kind.SINGLE and correct_count != 1:
        raise ValidationError(_("A single-choice question needs exactly one correct option."))
    elif correct_count < 1:
        raise ValidationError(_("A multiple-choice question needs at least one correct option."))
    question = OrgLessonQuizQuestion(
        lesson=lesson, kind=kind, position=_next_position(lesson.questions.all())
    )
    question.prompt = prompt
    question.accepted_answers = "\n".join(answers)
    question.save()
    for position, (text, correct) in enumerate(options):
        option = OrgLessonQuizQuestionOption(question=question, position=position, is_correct=correct)
        option.text = text
        option.save()
    audit_record(actor=actor, verb=Verb.CREATE, target=question, after=_question_fields(question))
    return question


def _question_fields(question: OrgLessonQuizQuestion) -> dict[str, Any]:
    fields = audit_fields(question, ("lesson", "kind", "prompt", "accepted_answers"))
    options = question.options.order_by("position").prefetch_related("translations")
    fields["options"] = [[option.text, option.is_correct] for option in options]
    return fields


@transaction.atomic
def quiz_question_delete(*, actor: Actor, question: OrgLessonQuizQuestion) -> None:
    _lesson_check_editor(lesson=question.lesson, actor=actor)
    audit_record(actor=actor, verb=Verb.DELETE, target=question, before=_question_fields(question))
    question.delete()


# Placements ----------------------------------------------------------------------------------


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
    _validate_tier(required_access_tier)
    if Placement.objects.filter(section=section, lesson=lesson).exists():
        raise ValidationError(_("This lesson is already in this section."), code="duplicate_placement")
    if lesson.lesson_type == OrgLesson.LessonType.QUIZ and not lesson.questions.exists():
        raise ValidationError(
            _("This quiz has no questions yet; add questions before placing it."), code="empty_quiz"
        )
    placement = Placement.objects.create(
        section=section,
        lesson=lesson,
        position=_next_position(section.placements.all()),
        required_access_tier=required_access_tier,
        is_preview=is_preview,
        is_required=is_required,
    )
    audit_record(
        actor=actor,
        verb=Verb.CREATE,
        target=placement,
        after=audit_fields(placement, PLACEMENT_FIELDS),
        label=str(lesson),
    )
    _outline_changed(course_id=section.module.course_id)
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
    _validate_tier(required_access_tier)
    fields = ["required_access_tier", "is_preview", "is_required"]
    with audited(actor=actor, verb=Verb.UPDATE, target=placement, fields=fields, label=str(placement.lesson)):
        placement.required_access_tier = required_access_tier
        placement.is_preview = is_preview
        placement.is_required = is_required
        placement.save(update_fields=fields)
    _outline_changed(course_id=placement.section.module.course_id)
    return placement


@transaction.atomic
def placement_delete(*, actor: Actor, placement: Placement) -> None:
    """Remove a lesson from a section; the lesson stays in the library."""
    course_id = placement.section.module.course_id
    audit_record(
        actor=actor,
        verb=Verb.DELETE,
        target=placement,
        before=audit_fields(placement, PLACEMENT_FIELDS),
        label=str(placement.lesson),
    )
    placement.delete()
    _outline_changed(course_id=course_id)


# Reordering and moving -----------------------------------------------------------------------


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
    _outline_changed(course_id=course.pk)


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
    _outline_changed(course_id=course.pk)


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
    _outline_changed(course_id=course.pk)


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
    _outline_changed(course_id=course.pk)


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
        placement.position = _next_position(section.placements.all())
        placement.save(update_fields=["section", "position"])
    _outline_changed(course_id=course.pk)


# Enrollments ---------------------------------------------------------------------------------


def _enrollment_validate(*, access_tier: int, starts_at: datetime, ends_at: datetime | None) -> None:
    tier_validate(access_tier)
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(_("The end must be after the start."), code="window")


def _enrollment_rollup(enrollment: OrgMemberProductCourseEnrollment) -> None:
    enqueue_on_commit(
        progress_rollup,
        schema_name=connection.schema_name,  # type: ignore[attr-defined]
        member_ids=[enrollment.member_id],
        course_ids=[enrollment.course_id],
    )


def _enrollment_label(enrollment: OrgMemberProductCourseEnrollment) -> str:
    return f"{enrollment.member.user} → {enrollment.course}"


@transaction.atomic
def enrollment_grant(
    *,
    actor: Actor,
    member: OrgMember,
    course: OrgProductCourse,
    access_tier: int,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    source: str = OrgMemberProductCourseEnrollment.Source.MANUAL,
) -> OrgMemberProductCourseEnrollment:
    """Enroll ``member`` in ``course`` at ``access_tier`` (payments call this with source=purchase).

    Granted by hand by an admin or owner (recorded as ``granted_by``), or by a system actor."""
    granted_by = actor_member(actor, minimum_role=OrgMember.Role.ADMIN)
    starts_at = starts_at or timezone.now()
    _enrollment_validate(access_tier=access_tier, starts_at=starts_at, ends_at=ends_at)
    enrollment = OrgMemberProductCourseEnrollment.objects.create(
        member=member,
        course=course,
        access_tier=access_tier,
        starts_at=starts_at,
        ends_at=ends_at,
        source=source,
        granted_by=granted_by,
    )
    audit_record(
        actor=actor,
        verb=Verb.GRANT,
        target=enrollment,
        after=audit_fields(enrollment, ENROLLMENT_FIELDS),
        label=_enrollment_label(enrollment),
    )
    _enrollment_rollup(enrollment)
    return enrollment


@transaction.atomic
def enrollment_change(
    *,
    actor: Actor,
    enrollment: OrgMemberProductCourseEnrollment,
    access_tier: int,
    ends_at: datetime | None,
) -> OrgMemberProductCourseEnrollment:
    """Change the tier or end of an enrollment as an admin, owner or system actor (the learner's
    progress is rolled up again)."""
    actor_member(actor, minimum_role=OrgMember.Role.ADMIN)
    _enrollment_validate(access_tier=access_tier, starts_at=enrollment.starts_at, ends_at=ends_at)
    fields = ["access_tier", "ends_at"]
    with audited(
        actor=actor, verb=Verb.UPDATE, target=enrollment, fields=fields, label=_enrollment_label(enrollment)
    ):
        enrollment.access_tier = access_tier
        enrollment.ends_at = ends_at
        enrollment.save(update_fields=fields)
    _enrollment_rollup(enrollment)
    return enrollment


@transaction.atomic
def enrollment_revoke(
    *, actor: Actor, enrollment: OrgMemberProductCourseEnrollment
) -> OrgMemberProductCourseEnrollment:
    """End access now, as an admin, owner or system actor; the row stays for history. Revoking twice
    changes nothing."""
    actor_member(actor, minimum_role=OrgMember.Role.ADMIN)
    if enrollment.revoked_at is None:
        label = _enrollment_label(enrollment)
        with audited(actor=actor, verb=Verb.REVOKE, target=enrollment, fields=("revoked_at",), label=label):
            enrollment.revoked_at = timezone.now()
            enrollment.save(update_fields=["revoked_at"])
        _enrollment_rollup(enrollment)
    return enrollment
