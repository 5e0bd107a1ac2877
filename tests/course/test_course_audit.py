"""The acting user on every course write: who is recorded, what is refused, what learners' writes skip."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from apps.audit.models import OrgAuditEntry
from apps.course.models import (
    OrgLesson,
    OrgLessonQuizQuestion,
    OrgMemberLessonAssignmentSubmission,
    OrgMemberLessonProgress,
    OrgMemberProductCourseChallengeRating,
    OrgMemberProductCourseEnrollment,
    OrgMemberProductCourseProgress,
    OrgProductCourse,
    OrgProductCourseModule,
    OrgProductCourseModuleSection,
    OrgProductCourseModuleSectionLesson,
    OrgProductCourseSkill,
)
from apps.course.rollup import progress_rollup_run
from apps.course.services import outline
from apps.course.services.courses import (
    course_create_for_product,
    course_instructors_set,
    course_skill_add,
    course_skill_remove,
    course_skill_set,
    course_update,
)
from apps.course.services.enrollments import enrollment_change, enrollment_grant, enrollment_revoke
from apps.course.services.learning import (
    assignment_review,
    assignment_submit,
    challenge_rating_submit,
    lesson_complete,
    lesson_visit_record,
    quiz_attempt_submit,
)
from apps.course.services.lessons import (
    lesson_create,
    lesson_delete,
    lesson_update,
    quiz_question_create,
    quiz_question_delete,
    quiz_question_translate,
)
from apps.course.tasks import progress_rollup
from apps.member.models import OrgMember
from tests.actors import TEST_ACTOR
from tests.course.factories import (
    CourseFactory,
    CourseProductFactory,
    LessonFactory,
    LessonProgressFactory,
    ModuleFactory,
    PlacementFactory,
    SectionFactory,
    SubmissionFactory,
    build_course,
    quiz_lesson,
)
from tests.member.factories import EnrollmentFactory, OrgMemberFactory
from tests.skill.factories import SkillFactory
from tests.user.factories import UserFactory

Verb = OrgAuditEntry.Verb
Role = OrgMember.Role


@pytest.fixture(autouse=True)
def in_english():
    """Content written here in the language the studio's pages use, whatever an earlier test left active."""
    with translation.override("en"):
        yield


@pytest.fixture
def studio(in_org, org_a, host_client):
    in_org(org_a)
    instructor = OrgMemberFactory(role=Role.INSTRUCTOR)
    course = build_course(modules=2, sections=1, lessons=2)
    course.instructors.add(instructor)
    return course, instructor, host_client(org_a, user=instructor.user)


def _action(course, name):
    return reverse("studio_outline_action", args=[course.pk, name])


def _entry(**filters):
    return OrgAuditEntry.objects.get(**filters)


def test_a_studio_lesson_edit_records_the_instructor_with_the_changed_fields(studio):
    _course, instructor, client = studio
    lesson = LessonFactory(title="Intro", summary="Short", body_markdown="Old text", created_by=instructor)
    response = client.post(
        reverse("studio_lesson_edit", args=[lesson.pk]),
        {"title": "Intro v2", "summary": "Short", "body_markdown": "New text"},
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    entry = _entry(verb=Verb.UPDATE, object_type="course.orglesson")
    assert (entry.actor_id, entry.actor_label) == (instructor.user.pk, instructor.user.email)
    assert (entry.object_id, entry.object_label) == (str(lesson.pk), "Intro v2")
    assert entry.changes == {"title": ["Intro", "Intro v2"], "body_markdown": ["Old text", "New text"]}


def test_an_instructor_who_may_not_edit_a_lesson_is_refused_and_nothing_is_recorded(studio):
    _course, instructor, client = studio
    foreign = PlacementFactory(lesson__title="Someone else's").lesson  # placed in a course not theirs
    response = client.post(reverse("studio_lesson_edit", args=[foreign.pk]), {"title": "Hijacked"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        lesson_update(actor=instructor.user, lesson=foreign, title="Hijacked")
    with pytest.raises(PermissionDenied):
        lesson_delete(actor=instructor.user, lesson=foreign)
    foreign.refresh_from_db()
    assert foreign.title == "Someone else's"
    assert not OrgAuditEntry.objects.exists()


def test_a_user_who_is_not_a_member_of_the_org_is_refused(in_org, org_a):
    in_org(org_a)
    outsider = UserFactory()
    lesson = LessonFactory(title="Kept")
    with pytest.raises(PermissionDenied):
        lesson_update(actor=outsider, lesson=lesson, title="Changed")
    with pytest.raises(PermissionDenied):
        lesson_create(actor=outsider, lesson_type="text", title="New")
    with pytest.raises(PermissionDenied):
        enrollment_grant(actor=outsider, member=OrgMemberFactory(), course=CourseFactory(), access_tier=1)
    lesson.refresh_from_db()
    assert lesson.title == "Kept"
    assert OrgLesson.objects.count() == 1
    assert not OrgMemberProductCourseEnrollment.objects.exists()
    assert not OrgAuditEntry.objects.exists()


def test_a_lesson_created_in_the_studio_names_its_creator(studio):
    _course, instructor, client = studio
    response = client.post(
        reverse("studio_lesson_create") + "?type=text",
        {"lesson_type": "text", "title": "Fresh", "summary": "", "body_markdown": "Hello"},
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    lesson = OrgLesson.objects.get(translations__title="Fresh")
    assert lesson.created_by_id == instructor.pk
    entry = _entry(verb=Verb.CREATE, object_type="course.orglesson")
    assert entry.actor_id == instructor.user.pk
    assert {key: entry.changes[key] for key in ("lesson_type", "title", "body_markdown")} == {
        "lesson_type": [None, "text"],
        "title": [None, "Fresh"],
        "body_markdown": [None, "Hello"],
    }


def test_outline_writes_in_the_studio_record_the_instructor(studio):
    course, instructor, client = studio
    first, second = course.modules.order_by("position")
    client.post(_action(course, "rename"), {"kind": "module", "id": first.pk, "title": "Start here"})
    client.post(_action(course, "reorder"), {"kind": "module", "ids": [second.pk, first.pk]})
    client.post(_action(course, "module-add"), {"title": "Extra", "required_access_tier": "2"})
    extra = OrgProductCourseModule.objects.get(translations__title="Extra")
    client.post(_action(course, "delete"), {"kind": "module", "id": extra.pk})
    entries = list(
        OrgAuditEntry.objects.order_by("id").values_list("actor_id", "verb", "object_id", "changes")
    )
    old_title = entries[0][3]["title"][0]
    assert entries == [
        (instructor.user.pk, "update", str(first.pk), {"title": [old_title, "Start here"]}),
        (
            instructor.user.pk,
            "reorder",
            str(course.pk),
            {"modules": [[first.pk, second.pk], [second.pk, first.pk]]},
        ),
        (
            instructor.user.pk,
            "create",
            str(extra.pk),
            {
                "course": [None, str(course)],
                "title": [None, "Extra"],
                "description": [None, ""],
                "required_access_tier": [None, 2],
                "position": [None, 2],
            },
        ),
        (
            instructor.user.pk,
            "delete",
            str(extra.pk),
            {
                "course": [str(course), None],
                "title": ["Extra", None],
                "description": ["", None],
                "required_access_tier": [2, None],
                "position": [2, None],
            },
        ),
    ]


def test_a_reorder_that_changes_nothing_records_nothing(in_org, org_a):
    in_org(org_a)
    course = build_course(modules=2, sections=1, lessons=1)
    ids = list(course.modules.order_by("position").values_list("pk", flat=True))
    outline.course_modules_reorder(actor=TEST_ACTOR, course=course, module_ids=ids)
    assert not OrgAuditEntry.objects.exists()


def test_instructors_and_skills_are_recorded_as_id_lists(in_org, org_a):
    in_org(org_a)
    admin = OrgMemberFactory(role=Role.ADMIN)
    ann, bob = OrgMemberFactory(role=Role.INSTRUCTOR), OrgMemberFactory(role=Role.INSTRUCTOR)
    course = CourseFactory()
    course.instructors.add(ann)
    course_instructors_set(actor=admin.user, course=course, member_ids=[bob.pk, ann.pk])
    entry = _entry(verb=Verb.UPDATE)
    assert (entry.actor_id, entry.changes) == (
        admin.user.pk,
        {"instructors": [[ann.pk], sorted([ann.pk, bob.pk])]},
    )
    skill = SkillFactory()
    course_skill_add(actor=admin.user, course=course, skill_id=skill.pk, weight=40)
    course_skill_remove(actor=admin.user, course=course, skill_id=skill.pk)
    course_skill_remove(actor=admin.user, course=course, skill_id=skill.pk)  # nothing left to remove
    changes = list(
        OrgAuditEntry.objects.filter(verb__in=[Verb.ADD, Verb.REMOVE])
        .order_by("id")
        .values_list("verb", "changes")
    )
    assert changes == [
        ("add", {"skills": [[], [[skill.pk, 40]]]}),
        ("remove", {"skills": [[[skill.pk, 40]], []]}),
    ]


def test_an_instructor_may_not_set_instructors_and_nothing_is_recorded(in_org, org_a):
    in_org(org_a)
    instructor = OrgMemberFactory(role=Role.INSTRUCTOR)
    course = CourseFactory()
    with pytest.raises(PermissionDenied):
        course_instructors_set(actor=instructor.user, course=course, member_ids=[instructor.pk])
    assert course.instructors.count() == 0
    assert not OrgAuditEntry.objects.exists()


def test_a_review_records_the_reviewer(in_org, org_a):
    in_org(org_a)
    reviewer = OrgMemberFactory(role=Role.INSTRUCTOR)
    placement = PlacementFactory(lesson__lesson_type=OrgLesson.LessonType.ASSIGNMENT)
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=placement.section.module.course)
    submission = assignment_submit(actor=learner.user, member=learner, placement=placement, text="My essay")
    assert not OrgAuditEntry.objects.exists()  # the learner's own record, not the log's
    with pytest.raises(PermissionDenied):
        assignment_review(actor=learner.user, submission=submission, grade=100, feedback="")
    assignment_review(actor=reviewer.user, submission=submission, grade=88, feedback=" Good ")
    entry = _entry(verb=Verb.REVIEW)
    assert (entry.actor_id, entry.object_id) == (reviewer.user.pk, str(submission.pk))
    assert entry.changes == {
        "status": ["submitted", "reviewed"],
        "grade": [None, 88],
        "feedback": ["", "Good"],
        "reviewed_by": [None, str(reviewer)],
    }


# Learners' own writes -------------------------------------------------------------------------


@pytest.fixture
def learner_placement(in_org, org_a):
    in_org(org_a)
    placement = PlacementFactory()
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=placement.section.module.course)
    return learner, placement


def test_a_learner_write_acting_as_someone_else_is_refused(learner_placement):
    learner, placement = learner_placement
    other = OrgMemberFactory()
    with pytest.raises(PermissionDenied):
        lesson_complete(actor=other.user, member=learner, placement=placement)
    with pytest.raises(PermissionDenied):
        assignment_submit(actor=other.user, member=learner, placement=placement, text="x")
    with pytest.raises(PermissionDenied):
        lesson_visit_record(
            actor=other.user,
            member=learner,
            course_id=placement.section.module.course_id,
            placement_id=placement.pk,
            lesson_id=placement.lesson_id,
            is_lesson_started=False,
            last_placement_id=None,
        )
    assert not OrgMemberLessonProgress.objects.exists()
    assert not OrgMemberLessonAssignmentSubmission.objects.exists()


def test_a_learners_own_writes_are_not_logged_and_a_visit_adds_no_query(
    learner_placement, django_assert_num_queries
):
    learner, placement = learner_placement
    with django_assert_num_queries(2):  # the two upserts, as before the actor: its check reads nothing
        lesson_visit_record(
            actor=learner.user,
            member=learner,
            course_id=placement.section.module.course_id,
            placement_id=placement.pk,
            lesson_id=placement.lesson_id,
            is_lesson_started=False,
            last_placement_id=None,
        )
    lesson_complete(actor=learner.user, member=learner, placement=placement)
    assert OrgMemberLessonProgress.objects.get(member=learner).completed_at is not None
    assert not OrgAuditEntry.objects.exists()


def test_completing_a_lesson_in_the_player_acts_as_the_signed_in_learner(
    learner_placement, host_client, org_a
):
    learner, placement = learner_placement
    course_id = placement.section.module.course_id
    response = host_client(org_a, user=learner.user).post(
        reverse("course_lesson_complete", args=[course_id, placement.pk])
    )
    assert response.status_code == 302
    assert OrgMemberLessonProgress.objects.get(member=learner).completed_at is not None
    assert not OrgAuditEntry.objects.exists()


# System actors ------------------------------------------------------------------------------


def test_the_rollup_task_acts_as_the_progress_rollup_and_logs_nothing(learner_placement):
    learner, placement = learner_placement
    LessonProgressFactory(member=learner, lesson=placement.lesson)
    result = progress_rollup.run(member_ids=[learner.pk])
    assert result["courses_changed"] == 1
    assert not OrgAuditEntry.objects.exists()  # learners' progress is their own record


# Every write needs an actor -----------------------------------------------------------------


def _writes():
    """(name, call(actor, objects)) for each write service; ``objects`` is a small course."""
    return {
        "course_update": lambda a, o: course_update(
            actor=a, course=o["course"], level="beginner", difficulty=2
        ),
        "course_skill_set": lambda a, o: course_skill_set(actor=a, course=o["course"], weights={}),
        "course_skill_remove": lambda a, o: course_skill_remove(actor=a, course=o["course"], skill_id=1),
        "course_instructors_set": lambda a, o: course_instructors_set(
            actor=a, course=o["course"], member_ids=[]
        ),
        "module_create": lambda a, o: outline.module_create(actor=a, course=o["course"], title="M"),
        "module_update": lambda a, o: outline.module_update(
            actor=a, module=o["module"], title="M2", required_access_tier=None
        ),
        "module_delete": lambda a, o: outline.module_delete(actor=a, module=o["module"]),
        "section_create": lambda a, o: outline.section_create(actor=a, module=o["module"], title="S"),
        "section_update": lambda a, o: outline.section_update(
            actor=a, section=o["section"], title="S2", required_access_tier=None
        ),
        "section_delete": lambda a, o: outline.section_delete(actor=a, section=o["section"]),
        "lesson_create": lambda a, o: lesson_create(actor=a, lesson_type="text", title="L"),
        "lesson_update": lambda a, o: lesson_update(actor=a, lesson=o["lesson"], title="L2"),
        "lesson_delete": lambda a, o: lesson_delete(actor=a, lesson=o["free_lesson"]),
        "quiz_question_create": lambda a, o: quiz_question_create(
            actor=a, lesson=o["lesson"], kind="short", prompt="?", accepted_answers=["x"]
        ),
        "placement_create": lambda a, o: outline.placement_create(
            actor=a, section=o["section"], lesson=o["free_lesson"]
        ),
        "placement_update": lambda a, o: outline.placement_update(
            actor=a, placement=o["placement"], required_access_tier=2, is_preview=True, is_required=False
        ),
        "placement_delete": lambda a, o: outline.placement_delete(actor=a, placement=o["placement"]),
        "course_modules_reorder": lambda a, o: outline.course_modules_reorder(
            actor=a, course=o["course"], module_ids=[o["module"].pk]
        ),
        "module_sections_reorder": lambda a, o: outline.module_sections_reorder(
            actor=a, course=o["course"], module=o["module"], section_ids=[o["section"].pk]
        ),
        "section_placements_reorder": lambda a, o: outline.section_placements_reorder(
            actor=a, course=o["course"], section=o["section"], placement_ids=[o["placement"].pk]
        ),
        "outline_item_move": lambda a, o: outline.outline_item_move(
            actor=a, course=o["course"], kind="module", item_id=o["module"].pk, direction="down"
        ),
        "placement_move": lambda a, o: outline.placement_move(
            actor=a, course=o["course"], placement=o["placement"], section=o["other_section"]
        ),
        "enrollment_grant": lambda a, o: enrollment_grant(
            actor=a, member=o["learner"], course=o["course"], access_tier=1
        ),
        "enrollment_change": lambda a, o: enrollment_change(
            actor=a, enrollment=o["enrollment"], access_tier=3, ends_at=None
        ),
        "enrollment_revoke": lambda a, o: enrollment_revoke(actor=a, enrollment=o["enrollment"]),
        "lesson_complete": lambda a, o: lesson_complete(
            actor=a, member=o["learner"], placement=o["placement"]
        ),
        "assignment_submit": lambda a, o: assignment_submit(
            actor=a, member=o["learner"], placement=o["placement"], text="x"
        ),
        "challenge_rating_submit": lambda a, o: challenge_rating_submit(
            actor=a,
            member=o["learner"],
            course=o["course"],
            perceived_level="beginner",
            perceived_difficulty=3,
        ),
        "course_create_for_product": lambda a, o: course_create_for_product(
            actor=a, product=CourseProductFactory()
        ),
        "course_skill_add": lambda a, o: course_skill_add(
            actor=a, course=o["course"], skill_id=o["skill"].pk, weight=10
        ),
        "quiz_question_delete": lambda a, o: quiz_question_delete(actor=a, question=o["question"]),
        "quiz_question_translate": lambda a, o: quiz_question_translate(
            actor=a, question=o["question"], language="es", prompt="?"
        ),
        "quiz_attempt_submit": lambda a, o: quiz_attempt_submit(
            actor=a, member=o["learner"], placement=o["quiz_placement"], answers={}
        ),
        "lesson_visit_record": lambda a, o: lesson_visit_record(
            actor=a,
            member=o["learner"],
            course_id=o["course"].pk,
            placement_id=o["placement"].pk,
            lesson_id=o["lesson"].pk,
            is_lesson_started=False,
            last_placement_id=None,
        ),
        "assignment_review": lambda a, o: assignment_review(
            actor=a, submission=o["submission"], grade=90, feedback="Fine"
        ),
        "progress_rollup_run": lambda a, o: progress_rollup_run(actor=a),
    }


@pytest.mark.parametrize("name", list(_writes()))
def test_a_write_without_an_actor_raises_type_error_and_changes_nothing(in_org, org_a, name):
    in_org(org_a)
    course = CourseFactory()
    module = ModuleFactory(course=course, title="M0", position=0)
    section = SectionFactory(module=module, title="S0", position=0)
    other_section = SectionFactory(module=ModuleFactory(course=course, position=1), position=0)
    placement = PlacementFactory(section=section, position=0)
    learner = OrgMemberFactory()
    quiz = quiz_lesson()
    LessonProgressFactory(member=learner, lesson=placement.lesson)  # so a rollup would write rows
    objects = {
        "course": course,
        "module": module,
        "section": section,
        "other_section": other_section,
        "placement": placement,
        "lesson": placement.lesson,
        "free_lesson": LessonFactory(),
        "learner": learner,
        "enrollment": EnrollmentFactory(member=learner, course=course, access_tier=1),
        "skill": SkillFactory(),
        "question": quiz.questions.first(),
        "quiz_placement": PlacementFactory(section=section, lesson=quiz, position=1),
        "submission": SubmissionFactory(member=learner, lesson=placement.lesson, course=course),
    }
    before = _state()
    with pytest.raises(TypeError):
        _writes()[name](None, objects)
    assert _state() == before
    assert not OrgAuditEntry.objects.exists()


def _state():
    """Everything the writes above could change, as comparable rows."""
    models = [
        OrgProductCourse,
        OrgProductCourseModule,
        OrgProductCourseModuleSection,
        OrgProductCourseModuleSectionLesson,
        OrgProductCourseSkill,
        OrgLesson,
        OrgLessonQuizQuestion,
        OrgMemberProductCourseEnrollment,
        OrgMemberLessonProgress,
        OrgMemberLessonAssignmentSubmission,
        OrgMemberProductCourseChallengeRating,
        OrgMemberProductCourseProgress,
    ]
    rows = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    rows["instructors"] = list(OrgProductCourse.instructors.through.objects.order_by("pk").values())
    for model in (OrgProductCourseModule, OrgProductCourseModuleSection, OrgLesson):
        translations = model._parler_meta.root_model
        rows[translations.__name__] = list(translations.objects.order_by("pk").values())
    return rows
