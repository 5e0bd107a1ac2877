from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.course.models import (
    OrgLesson,
    OrgMemberLessonProgress,
    OrgMemberLessonQuizAttempt,
    OrgMemberProductCourseModuleProgress,
    OrgMemberProductCourseModuleSectionProgress,
    OrgMemberProductCourseProgress,
)
from apps.course.rollup import progress_rollup_run
from apps.course.selectors.ratings import course_challenge_summary
from apps.course.services.learning import (
    assignment_review,
    assignment_submit,
    challenge_rating_submit,
    lesson_complete,
    quiz_attempt_submit,
)
from tests.actors import TEST_ACTOR
from tests.course.factories import (
    ChallengeRatingFactory,
    CourseFactory,
    LessonProgressFactory,
    ModuleFactory,
    PlacementFactory,
    SectionFactory,
    quiz_lesson,
)
from tests.member.factories import EnrollmentFactory, OrgMemberFactory


def _answers(lesson, single_index=0, text="Paris"):
    single, short = list(lesson.questions.order_by("position"))
    options = list(single.options.order_by("position"))
    return {single.pk: [options[single_index].pk], short.pk: text}


@pytest.fixture
def quiz_setup(in_org, org_a):
    in_org(org_a)
    lesson = quiz_lesson(attempts_limit=2)
    placement = PlacementFactory(lesson=lesson)
    member = OrgMemberFactory()
    EnrollmentFactory(member=member, course=placement.section.module.course)
    return member, placement, lesson


def test_quiz_is_graded_server_side_and_passing_completes_the_lesson(quiz_setup):
    member, placement, lesson = quiz_setup
    failed = quiz_attempt_submit(
        actor=TEST_ACTOR, member=member, placement=placement, answers=_answers(lesson, 1, "London")
    )
    assert (failed.attempt_number, failed.score_percent, failed.is_passed) == (1, Decimal("0.00"), False)
    passed = quiz_attempt_submit(
        actor=TEST_ACTOR, member=member, placement=placement, answers=_answers(lesson, 0, "  paris ")
    )
    assert (passed.attempt_number, passed.score_percent, passed.is_passed) == (2, Decimal("100.00"), True)
    progress = OrgMemberLessonProgress.objects.get(member=member, lesson=lesson)
    assert progress.completed_at is not None
    assert progress.quiz_best_score == Decimal("100.00")


def test_half_right_scores_fifty_and_attempts_limit_is_enforced(quiz_setup):
    member, placement, lesson = quiz_setup
    attempt = quiz_attempt_submit(
        actor=TEST_ACTOR, member=member, placement=placement, answers=_answers(lesson, 0, "Rome")
    )
    assert attempt.score_percent == Decimal("50.00")
    assert attempt.is_passed is True  # pass mark 50
    quiz_attempt_submit(actor=TEST_ACTOR, member=member, placement=placement, answers={})
    with pytest.raises(ValidationError, match="all 2 attempts"):
        quiz_attempt_submit(actor=TEST_ACTOR, member=member, placement=placement, answers=_answers(lesson))
    assert OrgMemberLessonQuizAttempt.objects.filter(member=member).count() == 2


def test_an_answer_for_a_question_not_in_the_quiz_is_refused(quiz_setup):
    member, placement, lesson = quiz_setup
    other = quiz_lesson()
    foreign_question = other.questions.first()
    with pytest.raises(ValidationError, match="not in this quiz"):
        quiz_attempt_submit(
            actor=TEST_ACTOR, member=member, placement=placement, answers={foreign_question.pk: "x"}
        )
    single = lesson.questions.get(kind="single")
    foreign_option = foreign_question.options.first() or other.questions.get(kind="single").options.first()
    with pytest.raises(ValidationError, match="not one of the question's options"):
        quiz_attempt_submit(
            actor=TEST_ACTOR, member=member, placement=placement, answers={single.pk: [foreign_option.pk]}
        )
    assert not OrgMemberLessonQuizAttempt.objects.exists()


def test_an_empty_quiz_cannot_be_taken(in_org, org_a):
    in_org(org_a)
    placement = PlacementFactory(lesson__lesson_type=OrgLesson.LessonType.QUIZ)
    member = OrgMemberFactory()
    EnrollmentFactory(member=member, course=placement.section.module.course)
    with pytest.raises(ValidationError, match="no questions"):
        quiz_attempt_submit(actor=TEST_ACTOR, member=member, placement=placement, answers={})
    assert not OrgMemberLessonQuizAttempt.objects.exists()


def test_completing_a_lesson_above_the_learners_tier_is_refused(in_org, org_a):
    in_org(org_a)
    placement = PlacementFactory(section__module__required_access_tier=3)
    member = OrgMemberFactory()
    EnrollmentFactory(member=member, course=placement.section.module.course, access_tier=2)
    with pytest.raises(PermissionDenied):
        lesson_complete(actor=TEST_ACTOR, member=member, placement=placement)
    assert not OrgMemberLessonProgress.objects.exists()


def test_completing_without_enrollment_is_refused_even_for_previews_above_tier_one(in_org, org_a):
    in_org(org_a)
    placement = PlacementFactory(is_preview=True, required_access_tier=2)
    with pytest.raises(PermissionDenied):
        lesson_complete(actor=TEST_ACTOR, member=OrgMemberFactory(), placement=placement)


def test_assignment_submission_and_review_complete_the_lesson(in_org, org_a):
    in_org(org_a)
    placement = PlacementFactory(lesson__lesson_type=OrgLesson.LessonType.ASSIGNMENT)
    member = OrgMemberFactory()
    EnrollmentFactory(member=member, course=placement.section.module.course)
    with pytest.raises(ValidationError, match="Write an answer"):
        assignment_submit(actor=TEST_ACTOR, member=member, placement=placement, text="  ")
    submission = assignment_submit(actor=TEST_ACTOR, member=member, placement=placement, text="My essay")
    reviewer = OrgMemberFactory(role="instructor")
    with pytest.raises(ValidationError):
        assignment_review(submission=submission, actor=reviewer.user, grade=101, feedback="")
    assignment_review(submission=submission, actor=reviewer.user, grade=88, feedback="Good")
    submission.refresh_from_db()
    assert (submission.status, submission.grade, submission.feedback) == ("reviewed", 88, "Good")
    assert OrgMemberLessonProgress.objects.get(member=member).completed_at is not None


@pytest.fixture
def tiered_course(in_org, org_a):
    """2 modules: module 1 (tier 1) has 2 sections of 2 required lessons + 1 optional; module 2 is tier 3
    with 1 section of 2 lessons."""
    in_org(org_a)
    course = CourseFactory()
    module_one = ModuleFactory(course=course, position=0)
    sections = [SectionFactory(module=module_one, position=i) for i in range(2)]
    placements = [PlacementFactory(section=s, position=i) for s in sections for i in range(2)]
    optional = PlacementFactory(section=sections[0], position=9, is_required=False)
    module_two = ModuleFactory(course=course, position=1, required_access_tier=3)
    vip = [PlacementFactory(section=SectionFactory(module=module_two), position=i) for i in range(2)]
    return course, module_one, sections, placements, optional, module_two, vip


def test_rollup_counts_required_lessons_within_tier_and_is_idempotent(tiered_course):
    course, _module_one, sections, placements, optional, module_two, vip = tiered_course
    basic, vip_learner = OrgMemberFactory(), OrgMemberFactory()
    EnrollmentFactory(member=basic, course=course, access_tier=1)
    EnrollmentFactory(member=vip_learner, course=course, access_tier=3)
    for placement in (*placements[:3], optional):
        LessonProgressFactory(member=basic, lesson=placement.lesson)
    LessonProgressFactory(member=vip_learner, lesson=vip[0].lesson)
    LessonProgressFactory(member=basic, lesson=placements[3].lesson, completed_at=None)  # started only

    first = progress_rollup_run(actor=TEST_ACTOR)
    assert first.courses_changed == 2
    course_rows = {
        row.member_id: (row.required_total, row.required_completed, row.percent, row.is_completed)
        for row in OrgMemberProductCourseProgress.objects.all()
    }
    assert course_rows == {basic.pk: (4, 3, 75, False), vip_learner.pk: (6, 1, 16, False)}
    section_rows = dict(
        OrgMemberProductCourseModuleSectionProgress.objects.filter(member=basic).values_list(
            "section_id", "percent"
        )
    )
    assert section_rows == {sections[0].pk: 100, sections[1].pk: 50}
    assert not OrgMemberProductCourseModuleProgress.objects.filter(member=basic, module=module_two).exists()

    snapshot = list(OrgMemberProductCourseProgress.objects.order_by("pk").values())
    second = progress_rollup_run(actor=TEST_ACTOR)
    assert (second.courses_changed, second.modules_changed, second.sections_changed) == (0, 0, 0)
    assert list(OrgMemberProductCourseProgress.objects.order_by("pk").values()) == snapshot


def test_course_completes_when_all_required_lessons_within_tier_are_done(tiered_course):
    course, module_one, _sections, placements, _optional, _module_two, _vip = tiered_course
    basic = OrgMemberFactory()
    EnrollmentFactory(member=basic, course=course, access_tier=1)
    for placement in placements:
        LessonProgressFactory(member=basic, lesson=placement.lesson)
    progress_rollup_run(actor=TEST_ACTOR, member_ids=[basic.pk])
    row = OrgMemberProductCourseProgress.objects.get(member=basic)
    assert (row.required_total, row.required_completed, row.percent, row.is_completed) == (4, 4, 100, True)
    assert OrgMemberProductCourseModuleProgress.objects.get(member=basic, module=module_one).is_completed


def test_lesson_complete_enqueues_the_rollup_on_commit(
    tiered_course, django_capture_on_commit_callbacks, in_org, org_a
):
    course, _module_one, _sections, placements, *_ = tiered_course
    member = OrgMemberFactory()
    EnrollmentFactory(member=member, course=course, access_tier=1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lesson_complete(actor=TEST_ACTOR, member=member, placement=placements[0])
    in_org(org_a)
    # the one rollup; the others replace the player state cache's learner generation (apps.course.cache)
    assert len([callback for callback in callbacks if callback.__module__ != "apps.course.cache"]) == 1
    row = OrgMemberProductCourseProgress.objects.get(member=member)
    assert (row.required_total, row.required_completed, row.percent) == (4, 1, 25)
    assert row.last_placement_id is None or row.last_placement_id == placements[0].pk


def test_ratings_need_a_finished_module_and_aggregate_median_and_count(tiered_course):
    course, _module_one, _sections, placements, *_ = tiered_course
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=course)
    with pytest.raises(ValidationError, match="after finishing at least one module"):
        challenge_rating_submit(
            actor=TEST_ACTOR,
            member=learner,
            course=course,
            perceived_level="advanced",
            perceived_difficulty=8,
        )
    for placement in placements:
        LessonProgressFactory(member=learner, lesson=placement.lesson)
    progress_rollup_run(actor=TEST_ACTOR)
    challenge_rating_submit(
        actor=TEST_ACTOR, member=learner, course=course, perceived_level="advanced", perceived_difficulty=8
    )
    challenge_rating_submit(
        actor=TEST_ACTOR, member=learner, course=course, perceived_level="advanced", perceived_difficulty=9
    )
    for difficulty, level in ((3, "beginner"), (6, "advanced"), (7, "intermediate")):
        ChallengeRatingFactory(course=course, perceived_difficulty=difficulty, perceived_level=level)
    summary = course_challenge_summary(course=course)
    assert summary.count == 4
    assert summary.median_difficulty == Decimal("6.5")
    assert summary.level_counts == {"advanced": 2, "beginner": 1, "intermediate": 1}
    assert summary.most_common_level == "advanced"


def test_a_quiz_attempt_locks_the_learners_own_row_not_the_shared_lesson(quiz_setup):
    """Two learners' attempts on one quiz never wait for each other; one learner's attempts
    are serialized (numbering, the attempts limit)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    member, placement, lesson = quiz_setup
    with CaptureQueriesContext(connection) as queries:
        quiz_attempt_submit(
            actor=TEST_ACTOR, member=member, placement=placement, answers=_answers(lesson, 0, "Paris")
        )
    locking = [query["sql"] for query in queries.captured_queries if "FOR UPDATE" in query["sql"]]
    assert any('FROM "org_member"' in sql for sql in locking), locking
    assert not any('FROM "org_lesson"' in sql for sql in locking), locking
