"""Quizzes and assignments: a quiz's questions, the learner's own attempts and submissions, and the
studio's review queue."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from parler.models import TranslatableModel

from apps.course.models import (
    OrgLesson,
    OrgLessonQuizQuestion,
    OrgMemberLessonAssignmentSubmission,
    OrgMemberLessonQuizAttempt,
)
from apps.course.selectors.editor import course_list_for_editor
from apps.locale_region.fallback import translation_resolve
from apps.member.models import OrgMember

Submission = OrgMemberLessonAssignmentSubmission


def lesson_get_with_questions(*, lesson_id: int, chain: Sequence[str] = ()) -> OrgLesson:
    """The quiz ``lesson_id`` with its questions and options prefetched, or 404. With ``chain`` (the
    storefront's), each question and option speaks the first language along it that it is written
    in, as the lesson body does, rather than parler's site-wide fallback; no further query."""
    lesson = (
        OrgLesson.objects.prefetch_related(
            "translations", "questions__translations", "questions__options__translations"
        )
        .filter(pk=lesson_id)
        .first()
    )
    if lesson is None:
        raise Http404
    if chain:
        for question in lesson.questions.all():
            _speak(question, chain)
            for option in question.options.all():
                _speak(option, chain)
    return lesson


def _speak(obj: TranslatableModel, chain: Sequence[str]) -> None:
    row = translation_resolve(obj, chain=chain)
    if row is not None:
        # parler reads the prefetched translations: switching the language costs no query
        obj.set_current_language(row.language_code)


def lesson_questions(*, lesson: OrgLesson) -> list[OrgLessonQuizQuestion]:
    """The lesson's quiz questions in order; no query for a lesson from
    ``lessons.lesson_get_for_editor``, which prefetched them with their options."""
    return list(lesson.questions.all())


# The learner's own rows in the player -------------------------------------------------------------


def quiz_attempts_for(*, member: OrgMember, lesson: OrgLesson) -> list[OrgMemberLessonQuizAttempt]:
    """``member``'s attempts at the quiz ``lesson``, newest first; one query."""
    return list(OrgMemberLessonQuizAttempt.objects.filter(member=member, lesson=lesson))


@dataclass(frozen=True)
class OptionFeedback:
    text: str
    is_chosen: bool
    is_correct: bool | None  # None while the answers are hidden


@dataclass(frozen=True)
class QuestionFeedback:
    prompt: str
    is_correct: bool
    options: tuple[OptionFeedback, ...]  # choice questions
    answer_text: str  # short answers: what the learner wrote
    accepted_answers: tuple[str, ...]  # short answers, once revealed
    explanation: str  # once revealed


@dataclass(frozen=True)
class QuizFeedback:
    attempt: OrgMemberLessonQuizAttempt
    is_revealed: bool  # right answers and explanations shown
    questions: tuple[QuestionFeedback, ...]


def quiz_feedback(
    *, lesson: OrgLesson, attempts: list[OrgMemberLessonQuizAttempt], attempts_remaining: int | None
) -> QuizFeedback | None:
    """What the learner's latest attempt got right and wrong, question by question, from the lesson's
    prefetched questions (``lesson_get_with_questions``; no query). The right answers and the
    instructor's explanations are revealed unless the lesson hides them until the last attempt:
    then only once the learner has passed or has no attempt left."""
    if not attempts:
        return None
    latest = attempts[0]
    is_revealed = (
        not lesson.hides_answers_until_last_attempt
        or attempts_remaining == 0
        or any(attempt.is_passed for attempt in attempts)
    )
    questions = []
    for question in lesson.questions.all():
        given = latest.answers.get(str(question.pk), {})
        chosen = set(given.get("answer") or []) if question.kind != question.Kind.SHORT else set()
        questions.append(
            QuestionFeedback(
                prompt=question.prompt,
                is_correct=bool(given.get("is_correct")),
                options=tuple(
                    OptionFeedback(
                        text=option.text,
                        is_chosen=option.pk in chosen,
                        is_correct=option.is_correct if is_revealed else None,
                    )
                    for option in question.options.all()
                ),
                answer_text=given.get("answer", "") if question.kind == question.Kind.SHORT else "",
                accepted_answers=tuple(
                    line.strip() for line in (question.accepted_answers or "").splitlines() if line.strip()
                )
                if is_revealed
                else (),
                explanation=(question.explanation or "") if is_revealed else "",
            )
        )
    return QuizFeedback(attempt=latest, is_revealed=is_revealed, questions=tuple(questions))


def assignment_submissions_for(*, member: OrgMember, lesson_id: int) -> list[Submission]:
    """``member``'s submissions to the assignment ``lesson_id``, newest first; one query."""
    return list(Submission.objects.filter(member=member, lesson_id=lesson_id))


def submission_get_for_learner(*, submission_id: int, member: OrgMember) -> Submission:
    """A submission ``member`` made, or 404: a missing submission and another learner's look the same."""
    submission = Submission.objects.filter(pk=submission_id, member=member).first()
    if submission is None:
        raise Http404
    return submission


# The studio's review queue ------------------------------------------------------------------------


def submission_list_for_reviewer(*, member: OrgMember) -> QuerySet[Submission]:
    """Assignment submissions in the courses ``member`` may edit (all of them for admins and owners),
    with the learner, lesson and course loaded for the review queue."""
    courses = course_list_for_editor(member=member)
    return (
        Submission.objects.filter(course__in=courses.values("pk"))
        .select_related("member__user", "course__product", "lesson")
        .prefetch_related("lesson__translations", "course__product__translations")
    )


def submission_list_pending_review(*, member: OrgMember) -> QuerySet[Submission]:
    """Submissions waiting for ``member``'s review, oldest first."""
    return (
        submission_list_for_reviewer(member=member)
        .filter(status=Submission.Status.SUBMITTED)
        .order_by("submitted_at")
    )


def submission_list_reviewed(*, member: OrgMember) -> QuerySet[Submission]:
    """Submissions already reviewed in ``member``'s courses, newest first."""
    return submission_list_for_reviewer(member=member).filter(status=Submission.Status.REVIEWED)


def submission_get_for_reviewer(*, submission_id: int, member: OrgMember) -> Submission:
    """A submission ``member`` may review, or 404: a missing one and one in another's course look the
    same."""
    submission = submission_list_for_reviewer(member=member).filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    return submission
