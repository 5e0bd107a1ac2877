"""Writes to the lesson library: lessons and their quiz questions, checked per editor."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import (
    audit_created,
    audit_fields,
    audit_record,
    audit_removing,
    audit_translation,
    audited,
)
from apps.course.markdown_render import markdown_to_safe_html
from apps.course.models import (
    OrgLesson,
    OrgLessonQuizQuestion,
    OrgLessonQuizQuestionOption,
)
from apps.course.services.common import (
    Verb,
    actor_member,
    next_position,
    outline_changed,
)
from apps.course.validators import validate_lesson_file, validate_markdown_has_no_script, validate_video_url
from apps.member.models import OrgMember
from volmify.actors import Actor


class LessonInUseError(ValidationError):
    """Deleting a lesson still placed somewhere; ``places`` names each course / module / section."""

    def __init__(self, places: list[str]) -> None:
        self.places = places
        super().__init__(
            _("This lesson is still used in %(count)d place(s): %(places)s. Remove it from them first.")
            % {"count": len(places), "places": "; ".join(places)},
            code="lesson_in_use",
        )


LESSON_FIELDS = (
    "video_url",
    "duration_seconds",
    "captions_url",
    "pass_mark_percent",
    "attempts_limit",
    "hides_answers_until_last_attempt",
)


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
    audit_created(actor=actor, target=lesson, fields=LESSON_AUDIT_FIELDS)
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
    outline_changed(lesson_id=lesson.pk)
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
    audit_removing(actor=actor, target=lesson, fields=LESSON_AUDIT_FIELDS)
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
    explanation: str = "",
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
    question = OrgLessonQuizQuestion(lesson=lesson, kind=kind, position=next_position(lesson.questions.all()))
    question.prompt = prompt
    question.accepted_answers = "\n".join(answers)
    question.explanation = explanation.strip()
    question.save()
    for position, (text, correct) in enumerate(options):
        option = OrgLessonQuizQuestionOption(question=question, position=position, is_correct=correct)
        option.text = text
        option.save()
    audit_record(actor=actor, verb=Verb.CREATE, target=question, after=_question_fields(question))
    return question


def _question_fields(question: OrgLessonQuizQuestion) -> dict[str, Any]:
    fields = audit_fields(question, ("lesson", "kind", "prompt", "accepted_answers", "explanation"))
    options = question.options.order_by("position").prefetch_related("translations")
    fields["options"] = [[option.text, option.is_correct] for option in options]
    return fields


@transaction.atomic
def quiz_question_delete(*, actor: Actor, question: OrgLessonQuizQuestion) -> None:
    _lesson_check_editor(lesson=question.lesson, actor=actor)
    audit_record(actor=actor, verb=Verb.DELETE, target=question, before=_question_fields(question))
    question.delete()


@transaction.atomic
def quiz_question_translate(
    *,
    actor: Actor,
    question: OrgLessonQuizQuestion,
    language: str,
    prompt: str,
    options: list[str] | None = None,
    accepted_answers: list[str] | None = None,
    explanation: str = "",
) -> OrgLessonQuizQuestion:
    """Write a question's text in ``language`` as ``actor`` (re-checked): the prompt, one text per
    option in the same order (``None`` keeps the options' existing text, for answers that stay in
    the language being taught), the accepted short answers (``None`` keeps the existing ones, so a
    learner in that language is graded as before) and the explanation. Which options are correct is
    the question's, not the translation's."""
    _lesson_check_editor(lesson=question.lesson, actor=actor)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Unknown language: %(language)s.") % {"language": language}, code="language")
    if not prompt.strip():
        raise ValidationError(_("Write the question."), code="prompt")
    current = list(question.options.order_by("position", "id").prefetch_related("translations"))
    texts = [text.strip() for text in options] if options is not None else None
    if texts is not None and (len(texts) != len(current) or not all(texts)):
        raise ValidationError(
            _("Give a text for each of the %(count)d options, in their order.") % {"count": len(current)},
            code="options",
        )
    answers = [answer.strip() for answer in accepted_answers or [] if answer.strip()]
    if accepted_answers is None:
        answers = [
            line for line in question.safe_translation_getter("accepted_answers", "").splitlines() if line
        ]
    if question.kind == OrgLessonQuizQuestion.Kind.SHORT and not answers:
        raise ValidationError(_("A short-answer question needs at least one accepted answer."))
    if texts is None:
        # an option already written in ``language`` keeps its text; the others take the source's
        texts = [
            option.safe_translation_getter("text", language_code=language, any_language=True)
            if option.has_translation(language)
            else option.safe_translation_getter(
                "text", language_code=settings.LANGUAGE_CODE, any_language=True
            )
            for option in current
        ]
    before = _question_translation(question, language)
    for option, text in zip(current, texts, strict=True):
        option.set_current_language(language)
        option.text = text
        option.save()
    question.set_current_language(language)
    question.prompt = prompt.strip()
    question.accepted_answers = "\n".join(answers)
    question.explanation = explanation.strip()
    question.save()
    after = _question_translation(question, language)
    if before != after:
        audit_record(actor=actor, verb=Verb.TRANSLATE, target=question, before=before, after=after)
    return question


def _question_translation(question: OrgLessonQuizQuestion, language: str) -> dict[str, Any]:
    """A question's stored texts in ``language`` (``{"prompt:es": ...}``, its options' as one list)."""
    fields = audit_translation(question, language, ("prompt", "accepted_answers", "explanation"))
    texts = OrgLessonQuizQuestionOption._parler_meta.root_model.objects.filter(
        master__question=question, language_code=language.lower()
    ).order_by("master__position", "master_id")
    options = list(texts.values_list("text", flat=True))
    return fields | ({f"options:{language}": options} if options else {})
