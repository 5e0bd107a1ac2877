"""Writes made by learners (and their reviewers): progress, quiz attempts, assignments, ratings.

Every learner write re-checks access: the tier the learner holds must open the
placement, whatever the page they came from showed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audited
from apps.course.models import (
    OrgLesson,
    OrgLessonQuizQuestion,
    OrgMemberLessonAssignmentSubmission,
    OrgMemberLessonProgress,
    OrgMemberLessonQuizAttempt,
    OrgMemberProductCourseChallengeRating,
    OrgMemberProductCourseProgress,
    OrgProductCourse,
    OrgProductCourseModuleSectionLesson,
)
from apps.course.selectors.enrollments import learner_tier
from apps.course.selectors.outline import placement_effective_tier
from apps.course.selectors.ratings import rating_is_allowed
from apps.course.services.common import actor_member, rollup_enqueue
from apps.course.tiers import can_open
from apps.course.validators import validate_lesson_file
from apps.member.models import OrgMember
from volmify.actors import Actor, SystemActor, actor_check

Placement = OrgProductCourseModuleSectionLesson
REVIEW_FIELDS = ("status", "grade", "feedback", "reviewed_by")


def learner_actor_check(*, actor: Actor, member: OrgMember) -> None:
    """A learner's own write: ``actor`` must be ``member``'s own user (or a system actor acting for
    them), else PermissionDenied. No query: the learner's writes are their own record, not logged."""
    actor_check(actor)
    if not isinstance(actor, SystemActor) and actor.pk != member.user_id:
        raise PermissionDenied


def placement_require_access(*, member: OrgMember | None, placement: Placement) -> int:
    """The learner's tier if it opens ``placement``; PermissionDenied otherwise."""
    tier = learner_tier(member=member, course_id=placement.section.module.course_id)
    if not can_open(
        effective_required_tier=placement_effective_tier(placement=placement),
        learner_tier=tier,
        is_preview=placement.is_preview,
    ):
        raise PermissionDenied(_("Your access tier does not include this lesson."))
    return tier


def lesson_visit_record(
    *,
    actor: Actor,
    member: OrgMember,
    course_id: int,
    placement_id: int,
    lesson_id: int,
    is_lesson_started: bool,
    last_placement_id: int | None,
) -> None:
    """Record that the member opened the lesson, and that this is where to continue.

    The caller has checked, in this request, that the learner's tier opens the placement, and read
    whether the lesson was started and the course's last placement
    (``selectors.player.player_state``): a revisit writes nothing; otherwise each write is one
    autocommitted upsert that a parallel request cannot break.
    """
    learner_actor_check(actor=actor, member=member)
    now = timezone.now()
    if not is_lesson_started:
        OrgMemberLessonProgress.objects.bulk_create(
            [OrgMemberLessonProgress(member=member, lesson_id=lesson_id, started_at=now)],
            ignore_conflicts=True,
        )
    if last_placement_id != placement_id:
        OrgMemberProductCourseProgress.objects.bulk_create(
            [
                OrgMemberProductCourseProgress(
                    member=member,
                    course_id=course_id,
                    last_placement_id=placement_id,
                    last_activity_at=now,
                    updated_at=now,
                )
            ],
            update_conflicts=True,
            unique_fields=["member", "course"],
            update_fields=["last_placement", "last_activity_at"],
        )


@transaction.atomic
def lesson_complete(*, actor: Actor, member: OrgMember, placement: Placement) -> OrgMemberLessonProgress:
    """Mark the lesson complete (refused when the learner's tier does not open it); rolls up on commit."""
    learner_actor_check(actor=actor, member=member)
    placement_require_access(member=member, placement=placement)
    if placement.lesson.lesson_type == OrgLesson.LessonType.QUIZ:
        raise ValidationError(_("A quiz is completed by passing it."), code="quiz_completes_itself")
    progress = _progress_complete(member=member, lesson_id=placement.lesson_id)
    rollup_enqueue(member_ids=[member.pk])
    return progress


def _progress_complete(
    *, member: OrgMember, lesson_id: int, score: Decimal | None = None
) -> OrgMemberLessonProgress:
    now = timezone.now()
    progress, _created = OrgMemberLessonProgress.objects.select_for_update().get_or_create(
        member=member, lesson_id=lesson_id, defaults={"started_at": now}
    )
    fields = []
    if progress.completed_at is None:
        progress.completed_at = now
        fields.append("completed_at")
    if score is not None and (progress.quiz_best_score is None or score > progress.quiz_best_score):
        progress.quiz_best_score = score
        fields.append("quiz_best_score")
    if fields:
        progress.save(update_fields=fields)
    return progress


# Quizzes -------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def quiz_grade(
    *, questions: list[OrgLessonQuizQuestion], answers: dict[int, Any]
) -> tuple[Decimal, dict[str, Any]]:
    """Score answers against the questions; every question weighs the same, unanswered is wrong."""
    detail: dict[str, Any] = {}
    correct = 0
    for question in questions:
        given = answers.get(question.pk)
        if question.kind == OrgLessonQuizQuestion.Kind.SHORT:
            text = given if isinstance(given, str) else ""
            accepted = {_normalise(a) for a in (question.accepted_answers or "").splitlines() if a.strip()}
            is_correct = bool(text.strip()) and _normalise(text) in accepted
            detail[str(question.pk)] = {"answer": text, "is_correct": is_correct}
        else:
            chosen = sorted({int(v) for v in (given or [])}) if not isinstance(given, str) else []
            right = sorted(o.pk for o in question.options.all() if o.is_correct)
            is_correct = bool(chosen) and chosen == right
            detail[str(question.pk)] = {"answer": chosen, "is_correct": is_correct}
        correct += is_correct
    score = (Decimal(correct * 100) / Decimal(len(questions))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return score, detail


def _quiz_validate_answers(questions: list[OrgLessonQuizQuestion], answers: dict[int, Any]) -> None:
    if not questions:
        raise ValidationError(_("This quiz has no questions yet."), code="empty_quiz")
    by_id = {q.pk: q for q in questions}
    for question_id, given in answers.items():
        question = by_id.get(question_id)
        if question is None:
            raise ValidationError(
                _("An answer names a question that is not in this quiz."), code="foreign_question"
            )
        if question.kind == OrgLessonQuizQuestion.Kind.SHORT:
            continue
        option_ids = {o.pk for o in question.options.all()}
        chosen = [given] if isinstance(given, str | int) else list(given or [])
        try:
            chosen_ids = {int(v) for v in chosen}
        except (TypeError, ValueError):
            raise ValidationError(
                _("An answer is not one of the question's options."), code="foreign_option"
            ) from None
        if not chosen_ids <= option_ids:
            raise ValidationError(_("An answer is not one of the question's options."), code="foreign_option")
        if question.kind == OrgLessonQuizQuestion.Kind.SINGLE and len(chosen_ids) > 1:
            raise ValidationError(_("A single-choice question takes one answer."), code="single_choice")


@transaction.atomic
def quiz_attempt_submit(
    *, actor: Actor, member: OrgMember, placement: Placement, answers: dict[int, Any]
) -> OrgMemberLessonQuizAttempt:
    """Grade a quiz attempt server-side, record it, and complete the lesson when it passes.

    ``answers`` maps question id → option ids (choice) or text (short answer).
    Refused, recording nothing, for foreign questions/options, an empty quiz or
    an exhausted attempts limit.
    """
    learner_actor_check(actor=actor, member=member)
    placement_require_access(member=member, placement=placement)
    # the learner's own row serializes their attempts (numbering, the limit); other learners'
    # attempts on the same quiz do not wait
    OrgMember.objects.select_for_update().only("pk").get(pk=member.pk)
    lesson = OrgLesson.objects.get(pk=placement.lesson_id)
    if lesson.lesson_type != OrgLesson.LessonType.QUIZ:
        raise ValidationError(_("This lesson is not a quiz."), code="not_quiz")
    questions = list(lesson.questions.prefetch_related("options", "translations"))
    _quiz_validate_answers(questions, answers)
    used = OrgMemberLessonQuizAttempt.objects.filter(member=member, lesson=lesson).aggregate(
        n=Max("attempt_number")
    )
    attempt_number = (used["n"] or 0) + 1
    if lesson.attempts_limit is not None and attempt_number > lesson.attempts_limit:
        raise ValidationError(
            _("You have used all %(limit)d attempts for this quiz.") % {"limit": lesson.attempts_limit},
            code="attempts_exhausted",
        )
    score, detail = quiz_grade(questions=questions, answers=answers)
    is_passed = score >= lesson.pass_mark_percent
    attempt = OrgMemberLessonQuizAttempt.objects.create(
        member=member,
        lesson=lesson,
        attempt_number=attempt_number,
        score_percent=score,
        is_passed=is_passed,
        answers=detail,
    )
    if is_passed:
        _progress_complete(member=member, lesson_id=lesson.pk, score=score)
        rollup_enqueue(member_ids=[member.pk])
    else:
        progress = OrgMemberLessonProgress.objects.filter(member=member, lesson=lesson).first()
        if progress and (progress.quiz_best_score is None or score > progress.quiz_best_score):
            progress.quiz_best_score = score
            progress.save(update_fields=["quiz_best_score"])
    return attempt


# Assignments ---------------------------------------------------------------------------------


@transaction.atomic
def assignment_submit(
    *,
    actor: Actor,
    member: OrgMember,
    placement: Placement,
    text: str = "",
    file: UploadedFile | None = None,
) -> OrgMemberLessonAssignmentSubmission:
    learner_actor_check(actor=actor, member=member)
    placement_require_access(member=member, placement=placement)
    if placement.lesson.lesson_type != OrgLesson.LessonType.ASSIGNMENT:
        raise ValidationError(_("This lesson is not an assignment."), code="not_assignment")
    if not text.strip() and file is None:
        raise ValidationError(_("Write an answer or attach a file."), code="empty_submission")
    if file is not None:
        validate_lesson_file(file)
    submission = OrgMemberLessonAssignmentSubmission(
        member=member,
        lesson=placement.lesson,
        course_id=placement.section.module.course_id,
        text=text.strip(),
    )
    if file is not None:
        submission.file = file
    submission.save()
    OrgMemberLessonProgress.objects.get_or_create(
        member=member, lesson=placement.lesson, defaults={"started_at": timezone.now()}
    )
    return submission


@transaction.atomic
def assignment_review(
    *, actor: Actor, submission: OrgMemberLessonAssignmentSubmission, grade: int, feedback: str
) -> OrgMemberLessonAssignmentSubmission:
    """Grade a submission as ``actor`` (an instructor or above, recorded as the reviewer; a system
    actor reviews as nobody); the learner's lesson is complete once reviewed."""
    reviewer = actor_member(actor, minimum_role=OrgMember.Role.INSTRUCTOR)
    if not 0 <= grade <= 100:
        raise ValidationError(_("A grade is between 0 and 100."), code="grade")
    with audited(actor=actor, verb=OrgAuditEntry.Verb.REVIEW, target=submission, fields=REVIEW_FIELDS):
        submission.grade = grade
        submission.feedback = feedback.strip()
        submission.reviewed_by = reviewer
        submission.reviewed_at = timezone.now()
        submission.status = OrgMemberLessonAssignmentSubmission.Status.REVIEWED
        submission.save(update_fields=["grade", "feedback", "reviewed_by", "reviewed_at", "status"])
    _progress_complete(member=submission.member, lesson_id=submission.lesson_id)
    rollup_enqueue(member_ids=[submission.member_id])
    return submission


# Ratings -------------------------------------------------------------------------------------


@transaction.atomic
def challenge_rating_submit(
    *,
    actor: Actor,
    member: OrgMember,
    course: OrgProductCourse,
    perceived_level: str,
    perceived_difficulty: int,
    comment: str = "",
) -> OrgMemberProductCourseChallengeRating:
    """Record (or update) how accurate the learner found the stated level and difficulty."""
    learner_actor_check(actor=actor, member=member)
    if not rating_is_allowed(member=member, course=course):
        raise ValidationError(
            _("You can rate this course after finishing at least one module."), code="too_early"
        )
    if not 1 <= perceived_difficulty <= 10:
        raise ValidationError(_("Difficulty must be between 1 and 10."), code="difficulty")
    rating = OrgMemberProductCourseChallengeRating(
        member=member,
        course=course,
        perceived_level=perceived_level,
        perceived_difficulty=perceived_difficulty,
        comment=comment.strip(),
    )
    rating.full_clean(exclude=["member", "course"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:
        rating = OrgMemberProductCourseChallengeRating.objects.get(member=member, course=course)
        rating.perceived_level = perceived_level
        rating.perceived_difficulty = perceived_difficulty
        rating.comment = comment.strip()
        rating.save()
    return rating
