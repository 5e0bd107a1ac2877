"""Lessons across orgs: publishing a lesson to its instructor's library (a public snapshot) and
importing a snapshot as a copy into another org, then pulling the snapshot's later versions.

Every write here touches the active org's schema and the public schema, never a second org's:
publishing reads the lesson in its own org and writes the snapshot; importing and pulling read the
snapshot and write the copy in the importing org.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_record
from apps.course.markdown_render import markdown_to_safe_html
from apps.course.models import (
    OrgLesson,
    OrgLessonLibraryCopy,
    OrgLessonQuizQuestion,
    OrgLessonQuizQuestionOption,
    OrgProductCourseModuleSection,
)
from apps.course.services.common import Verb, actor_member, outline_changed
from apps.course.services.lessons import LESSON_FIELDS, _lesson_check_editor
from apps.instructor.models import (
    InstructorLibraryLesson,
    InstructorLibraryLessonImport,
    InstructorOrgAffiliation,
    UserInstructorProfile,
)
from apps.member.models import OrgMember
from apps.org.models import Org
from apps.org.selectors import current_org
from volmify.actors import Actor, SystemActor
from volmify.tasks import enqueue_on_commit

LESSON_TEXT = ("title", "summary", "body_markdown", "body_html")
QUESTION_TEXT = ("prompt", "accepted_answers", "explanation")
OPTION_TEXT = ("text",)


def _texts(obj: Any, names: Iterable[str]) -> dict[str, dict[str, str]]:
    """Every translation of ``obj`` as parler stores it: ``{language: {field: value}}``."""
    rows = sorted(obj.translations.all(), key=lambda row: row.language_code)
    return {row.language_code: {name: getattr(row, name) or "" for name in names} for row in rows}


def _snapshot_content(lesson: OrgLesson) -> dict[str, Any]:
    """What a snapshot holds of ``lesson``; question and option keys are their ids in the source,
    which stay the same for as long as the question does."""
    questions = lesson.questions.prefetch_related("translations", "options__translations").order_by(
        "position", "pk"
    )
    return {
        "lesson_type": lesson.lesson_type,
        "title": lesson.safe_translation_getter("title", any_language=True) or "",
        "duration_seconds": lesson.duration_seconds,
        "lesson_fields": {
            name: getattr(lesson, name) for name in LESSON_FIELDS if name != "duration_seconds"
        },
        "translations": _texts(lesson, LESSON_TEXT),
        "questions": [
            {
                "key": f"q{question.pk}",
                "kind": question.kind,
                "position": question.position,
                "translations": _texts(question, QUESTION_TEXT),
                "options": [
                    {
                        "key": f"o{option.pk}",
                        "position": option.position,
                        "is_correct": option.is_correct,
                        "translations": _texts(option, OPTION_TEXT),
                    }
                    for option in sorted(question.options.all(), key=lambda o: (o.position, o.pk))
                ],
            }
            for question in questions
        ],
    }


def _content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _publisher_profile(actor: Actor, profile_id: int | None) -> UserInstructorProfile:
    """The actor's own instructor profile the snapshot belongs to (the only one when they have one)."""
    profiles = UserInstructorProfile.objects.all()
    if not isinstance(actor, SystemActor):
        profiles = profiles.filter(user_id=actor.pk)
    if profile_id is not None:
        profiles = profiles.filter(pk=profile_id)
    found = list(profiles.order_by("pk")[:2])
    if not found:
        raise ValidationError(
            _("You need an instructor profile to keep a lesson library: create one first."), code="no_profile"
        )
    if len(found) > 1:
        raise ValidationError(_("Choose which of your profiles the lesson goes to."), code="choose_profile")
    return found[0]


@transaction.atomic
def lesson_library_publish(
    *, actor: Actor, lesson: OrgLesson, profile_id: int | None = None
) -> tuple[InstructorLibraryLesson, bool]:
    """Copy ``lesson`` (which ``actor`` may edit) into the actor's library, as a new snapshot or as
    the next version of the one published before; unchanged content keeps its version. Returns the
    snapshot and whether it changed. A new version tells every copy's owner (email task)."""
    actor_member(actor, minimum_role=OrgMember.Role.INSTRUCTOR)
    _lesson_check_editor(lesson=lesson, actor=actor)
    if lesson.lesson_type == OrgLesson.LessonType.FILE:
        raise ValidationError(
            _("File lessons cannot go to a library: their file stays private to this organization."),
            code="file_lesson",
        )
    profile = _publisher_profile(actor, profile_id)
    org = current_org()
    content = _snapshot_content(lesson)
    digest = _content_hash(content)
    snapshot = (
        InstructorLibraryLesson.objects.select_for_update()
        .filter(profile=profile, source_org=org, source_lesson_id=lesson.pk)
        .first()
    )
    if snapshot is not None and snapshot.content_hash == digest:
        return snapshot, False
    is_new = snapshot is None
    if snapshot is None:
        snapshot = InstructorLibraryLesson(
            profile=profile, source_org=org, source_lesson_id=lesson.pk, version=1
        )
    else:
        snapshot.version += 1
    for name, value in content.items():
        setattr(snapshot, name, value)
    snapshot.content_hash = digest
    snapshot.published_at = timezone.now()
    snapshot.save()
    audit_record(
        actor=actor,
        verb=Verb.PUBLISH,
        target=snapshot,
        after={"source_lesson": lesson.pk, "profile": profile.pk, "version": snapshot.version},
        label=str(snapshot),
    )
    if not is_new:
        from apps.instructor.tasks import library_lesson_updated_notify

        enqueue_on_commit(library_lesson_updated_notify, schema_name="public", library_lesson_id=snapshot.pk)
    return snapshot, True


def _active_affiliation_check(user_id: int, org: Org) -> None:
    affiliations = InstructorOrgAffiliation.objects.filter(profile__user_id=user_id, org=org)
    if affiliations.filter(status=InstructorOrgAffiliation.Status.ACTIVE).exists():
        return
    if affiliations.filter(
        status__in=[InstructorOrgAffiliation.Status.SUSPENDED, InstructorOrgAffiliation.Status.ENDED]
    ).exists():
        raise ValidationError(
            _(
                "Your affiliation with this organization is suspended or has ended, so you cannot "
                "import lessons into it."
            ),
            code="affiliation_inactive",
        )
    raise ValidationError(
        _(
            "You can import lessons only into organizations where one of your profiles is an active "
            "instructor."
        ),
        code="not_affiliated",
    )


def _section_check(member: OrgMember | None, section: OrgProductCourseModuleSection) -> None:
    from apps.course.selectors.editor import course_list_for_editor

    if (
        member is not None
        and not course_list_for_editor(member=member).filter(pk=section.module.course_id).exists()
    ):
        raise PermissionDenied(_("You may not edit this section's course."))


@transaction.atomic
def lesson_library_import(
    *,
    actor: Actor,
    library_lesson: InstructorLibraryLesson,
    section: OrgProductCourseModuleSection | None = None,
) -> OrgLesson:
    """Copy the actor's own ``library_lesson`` into the active org as a new lesson with its
    provenance, optionally placed at the end of ``section`` (of a course the actor may edit).
    Refused (nothing created) outside an org where one of the actor's profiles is active, into
    the lesson's own org, and when this org already holds a copy (pull that one instead)."""
    member = actor_member(actor, minimum_role=OrgMember.Role.INSTRUCTOR)
    org = current_org()
    snapshot = (
        InstructorLibraryLesson.objects.select_for_update(of=("self",))
        .select_related("profile")
        .filter(pk=library_lesson.pk)
        .first()
    )
    if snapshot is None:
        raise PermissionDenied(_("Only the owner of a library lesson may import it."))
    owner_id = snapshot.profile.user_id
    if not isinstance(actor, SystemActor) and owner_id != actor.pk:  # the demo imports as its owner
        raise PermissionDenied(_("Only the owner of a library lesson may import it."))
    if snapshot.source_org_id == org.pk:
        raise ValidationError(
            _("This lesson comes from this organization: it is already here."), code="own_org"
        )
    _active_affiliation_check(owner_id, org)
    if OrgLessonLibraryCopy.objects.filter(library_lesson_id=snapshot.pk).exists():
        raise ValidationError(
            _(
                "This library lesson is already in this organization: pull its updates into that copy "
                "instead."
            ),
            code="already_imported",
        )
    if section is not None:
        _section_check(member, section)
    lesson = OrgLesson(lesson_type=snapshot.lesson_type, created_by=member)
    _snapshot_apply(lesson, snapshot)
    now = timezone.now()
    OrgLessonLibraryCopy.objects.create(
        lesson=lesson,
        library_lesson_id=snapshot.pk,
        source_org_id=snapshot.source_org_id,
        source_lesson_id=snapshot.source_lesson_id,
        version=snapshot.version,
        imported_by=member,
        imported_at=now,
        updated_at=now,
    )
    try:
        with transaction.atomic():
            InstructorLibraryLessonImport.objects.create(
                library_lesson=snapshot,
                org=org,
                lesson_id=lesson.pk,
                version=snapshot.version,
                imported_by_id=owner_id,
                imported_at=now,
                notified_version=snapshot.version,
            )
    except IntegrityError:
        raise ValidationError(
            _(
                "This library lesson is already in this organization: pull its updates into that copy "
                "instead."
            ),
            code="already_imported",
        ) from None
    audit_record(
        actor=actor,
        verb=Verb.CREATE,
        target=lesson,
        after=_provenance(snapshot),
        label=str(lesson),
    )
    if section is not None:
        from apps.course.services.outline import placement_create

        placement_create(actor=actor, section=section, lesson=lesson)
    return lesson


def _provenance(snapshot: InstructorLibraryLesson) -> dict[str, Any]:
    return {
        "library_lesson": snapshot.pk,
        "source_org": snapshot.source_org_id,
        "source_lesson": snapshot.source_lesson_id,
        "version": snapshot.version,
    }


@transaction.atomic
def lesson_library_pull(*, actor: Actor, lesson: OrgLesson) -> OrgLesson:
    """Bring a copy (``lesson``, which ``actor`` may edit) to its library lesson's latest version.
    Its text and settings become the library's; quiz questions and options whose key matches are
    changed in place (their ids, and learners' attempts on them, stay), new ones are added and the
    rest removed."""
    actor_member(actor, minimum_role=OrgMember.Role.INSTRUCTOR)
    _lesson_check_editor(lesson=lesson, actor=actor)
    copy = OrgLessonLibraryCopy.objects.select_for_update().filter(lesson=lesson).first()
    if copy is None:
        raise ValidationError(_("This lesson was not imported from a library."), code="not_a_copy")
    snapshot = InstructorLibraryLesson.objects.filter(pk=copy.library_lesson_id).first()
    if snapshot is None:
        raise ValidationError(_("The library lesson this copy came from no longer exists."), code="gone")
    if snapshot.version <= copy.version:
        raise ValidationError(
            _("This lesson is already at the library's latest version (v%(version)d).")
            % {"version": copy.version},
            code="up_to_date",
        )
    before = copy.version
    _snapshot_apply(lesson, snapshot)
    copy.version, copy.updated_at = snapshot.version, timezone.now()
    copy.save(update_fields=["version", "updated_at"])
    InstructorLibraryLessonImport.objects.filter(library_lesson=snapshot, org=current_org()).update(
        version=snapshot.version, notified_version=snapshot.version
    )
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target=lesson,
        before={"library_version": before},
        after={"library_version": snapshot.version},
    )
    outline_changed(lesson_id=lesson.pk)
    return lesson


def _translations_write(obj: Any, translations: dict[str, dict[str, str]], names: Iterable[str]) -> None:
    """Save ``obj`` with exactly ``translations`` (one per language; others removed)."""
    names = tuple(names)
    for language, values in translations.items():
        obj.set_current_language(language)
        for name in names:
            value = values.get(name) or ""
            if name == "body_html":  # never trusted as stored: rendered again from the Markdown
                value = markdown_to_safe_html(values.get("body_markdown") or "")
            setattr(obj, name, value)
    obj.save()
    for stale in obj.translations.exclude(language_code__in=list(translations)):
        stale.delete()


def _snapshot_apply(lesson: OrgLesson, snapshot: InstructorLibraryLesson) -> None:
    lesson.lesson_type = snapshot.lesson_type
    lesson.duration_seconds = snapshot.duration_seconds
    for name, value in (snapshot.lesson_fields or {}).items():
        if name in LESSON_FIELDS:
            setattr(lesson, name, value)
    translations = snapshot.translations or {"en": {"title": snapshot.title}}
    _translations_write(lesson, translations, LESSON_TEXT)
    _questions_apply(lesson, snapshot.questions or [])


def _questions_apply(lesson: OrgLesson, questions: list[dict[str, Any]]) -> None:
    existing = {q.library_key: q for q in lesson.questions.all() if q.library_key}
    kept: list[int] = []
    for data in questions:
        question = existing.get(data["key"]) or OrgLessonQuizQuestion(lesson=lesson, library_key=data["key"])
        question.kind, question.position = data["kind"], data["position"]
        _translations_write(question, data["translations"], QUESTION_TEXT)
        kept.append(question.pk)
        options = {o.library_key: o for o in question.options.all() if o.library_key}
        kept_options: list[int] = []
        for option_data in data.get("options", []):
            option = options.get(option_data["key"]) or OrgLessonQuizQuestionOption(
                question=question, library_key=option_data["key"]
            )
            option.position, option.is_correct = option_data["position"], option_data["is_correct"]
            _translations_write(option, option_data["translations"], OPTION_TEXT)
            kept_options.append(option.pk)
        question.options.exclude(pk__in=kept_options).delete()
    lesson.questions.exclude(pk__in=kept).delete()
