"""Who may edit a library lesson: owners and admins any; an instructor one placed in a course they
edit, or an unplaced one they created; every studio lesson and quiz-question URL answers 404 (and
changes nothing) to anyone else."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.course.models import OrgLesson, OrgLessonQuizQuestion, OrgProductCourseModuleSectionLesson
from apps.course.selectors.lessons import lesson_get_for_editor, lesson_library
from apps.course.services.lessons import lesson_delete, lesson_update, quiz_question_create
from apps.member.models import OrgMember
from tests.course.factories import CourseFactory, LessonFactory, PlacementFactory, SectionFactory
from tests.member.factories import OrgMemberFactory


@pytest.fixture
def setting(in_org, org_a, host_client):
    """An instructor of course ``mine``, and a quiz placed in someone else's course ``theirs``."""
    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    mine, theirs = CourseFactory(), CourseFactory()
    mine.instructors.add(instructor)
    foreign = LessonFactory(
        title="Foreign quiz", body_markdown="ORIGINAL", lesson_type=OrgLesson.LessonType.QUIZ
    )
    PlacementFactory(lesson=foreign, section__module__course=theirs)
    return {
        "instructor": instructor,
        "mine": mine,
        "foreign": foreign,
        "client": host_client(org_a, user=instructor.user),
    }


def _snapshot():
    return (
        sorted(OrgLesson.objects.values_list("pk", "updated_at")),
        sorted(OrgLessonQuizQuestion.objects.values_list("pk", flat=True)),
        sorted(OrgProductCourseModuleSectionLesson.objects.values_list("pk", "lesson_id")),
    )


# the delete and question URLs take POST only: a GET is 405 whatever the lesson, telling nothing
LESSON_URLS = [
    ("get", "studio_lesson_edit", {}, 404),
    ("post", "studio_lesson_edit", {"title": "Hijacked", "body_markdown": "HIJACKED"}, 404),
    ("get", "studio_lesson_delete", {}, 405),
    ("post", "studio_lesson_delete", {}, 404),
    ("get", "studio_question_add", {}, 405),
    ("post", "studio_question_add", {"kind": "single", "prompt": "Injected?", "options": "*Yes\nNo"}, 404),
]


@pytest.mark.parametrize(("method", "name", "data", "status"), LESSON_URLS)
def test_an_instructor_gets_404_and_changes_nothing_on_a_lesson_they_may_not_edit(
    setting, method, name, data, status
):
    foreign = setting["foreign"]
    before = _snapshot()
    response = getattr(setting["client"], method)(reverse(name, args=[foreign.pk]), data)
    assert response.status_code == status
    assert _snapshot() == before
    foreign.refresh_from_db()
    assert (foreign.title, foreign.body_markdown) == ("Foreign quiz", "ORIGINAL")


@pytest.mark.parametrize(("method", "name", "data", "status"), LESSON_URLS)
def test_a_missing_lesson_answers_the_same(setting, method, name, data, status):
    response = getattr(setting["client"], method)(reverse(name, args=[999_999]), data)
    assert response.status_code == status


def test_placing_a_lesson_they_may_not_edit_is_refused(setting):
    section = SectionFactory(module__course=setting["mine"])
    before = _snapshot()
    setting["client"].post(
        reverse("studio_outline_action", args=[setting["mine"].pk, "placement-add"]),
        {"section": section.pk, "lesson": setting["foreign"].pk, "required_access_tier": ""},
    )
    assert _snapshot() == before


def test_the_library_lists_only_lessons_the_member_may_edit(setting, host_client, org_a):
    instructor = setting["instructor"]
    own_unplaced = LessonFactory(title="Own draft", created_by=instructor)
    in_my_course = PlacementFactory(
        section__module__course=setting["mine"], lesson__title="Mine placed"
    ).lesson
    own_placed_elsewhere = LessonFactory(title="Given away", created_by=instructor)
    PlacementFactory(lesson=own_placed_elsewhere)
    LessonFactory(title="Other draft")
    expected = {own_unplaced.pk, in_my_course.pk}
    assert set(lesson_library(member=instructor).values_list("pk", flat=True)) == expected
    page = setting["client"].get(reverse("studio_lessons")).content.decode()
    assert "Own draft" in page
    assert "Mine placed" in page
    assert "Foreign quiz" not in page
    assert "Given away" not in page
    assert "Other draft" not in page
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    assert lesson_library(member=admin).count() == OrgLesson.objects.count()
    learner = OrgMemberFactory(role=OrgMember.Role.LEARNER)
    assert not lesson_library(member=learner).exists()


def test_editors_may_edit_what_the_rule_allows(setting, host_client, org_a):
    instructor = setting["instructor"]
    own = LessonFactory(created_by=instructor)
    placed = PlacementFactory(section__module__course=setting["mine"]).lesson
    for lesson in (own, placed):
        response = setting["client"].post(
            reverse("studio_lesson_edit", args=[lesson.pk]), {"title": "Edited", "body_markdown": "ok"}
        )
        assert response.status_code == 302
        lesson.refresh_from_db()
        assert lesson.title == "Edited"
    owner = OrgMemberFactory(role=OrgMember.Role.OWNER)
    assert lesson_get_for_editor(lesson_id=setting["foreign"].pk, member=owner) == setting["foreign"]


def test_services_recheck_the_actor(setting):
    instructor, foreign = setting["instructor"], setting["foreign"]
    with pytest.raises(PermissionDenied):
        lesson_update(lesson=foreign, actor=instructor.user, title="Hijacked")
    with pytest.raises(PermissionDenied):
        lesson_delete(lesson=foreign, actor=instructor.user)
    with pytest.raises(PermissionDenied):
        quiz_question_create(
            lesson=foreign, actor=instructor.user, kind="short", prompt="?", accepted_answers=["x"]
        )
    foreign.refresh_from_db()
    assert foreign.title == "Foreign quiz"
    assert not foreign.questions.exists()
