import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.course.models import (
    OrgLesson,
    OrgMemberLessonAssignmentSubmission,
    OrgMemberProductCourseChallengeRating,
    OrgProductCourseSkill,
)
from apps.course.rollup import progress_rollup_run
from apps.member.models import OrgMember
from apps.skill.models import Skill
from tests.actors import TEST_ACTOR
from tests.course.factories import (
    ChallengeRatingFactory,
    CourseFactory,
    LessonProgressFactory,
    PlacementFactory,
)
from tests.member.factories import EnrollmentFactory, OrgMemberFactory


@pytest.fixture
def finished_module(in_org, org_a):
    """A learner who finished the only module of a course (stated: beginner, 4/10)."""
    in_org(org_a)
    course = CourseFactory(level="beginner", difficulty=4)
    placements = [PlacementFactory(section__module__course=course) for _ in range(2)]
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=course)
    for placement in placements:
        LessonProgressFactory(member=learner, lesson=placement.lesson)
    progress_rollup_run(actor=TEST_ACTOR)
    return course, learner


def test_learner_rates_after_a_module_and_course_page_shows_both_views(finished_module, host_client, org_a):
    course, learner = finished_module
    client = host_client(org_a, user=learner.user)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "How accurate were the level and difficulty?" in page
    response = client.post(
        reverse("course_rate", args=[course.pk]),
        {"perceived_level": "intermediate", "perceived_difficulty": 7, "comment": "Harder than stated"},
    )
    assert response.status_code == 302
    ChallengeRatingFactory(course=course, perceived_difficulty=8)
    page = client.get(reverse("course_detail", args=[course.pk])).content.decode()
    assert "4/10" in page
    assert "median difficulty 7.5/10 from 2 ratings" in page
    assert "Level learners report most" in page


def test_rating_before_finishing_a_module_is_refused(in_org, org_a, host_client):
    in_org(org_a)
    course = CourseFactory()
    PlacementFactory(section__module__course=course)
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=course)
    response = host_client(org_a, user=learner.user).post(
        reverse("course_rate", args=[course.pk]),
        {"perceived_level": "expert", "perceived_difficulty": 9},
        follow=True,
    )
    assert "after finishing at least one module" in response.content.decode()
    assert not OrgMemberProductCourseChallengeRating.objects.exists()


@pytest.mark.parametrize("difficulty", [0, 11])
def test_rating_difficulty_outside_one_to_ten_is_refused(finished_module, host_client, org_a, difficulty):
    course, learner = finished_module
    host_client(org_a, user=learner.user).post(
        reverse("course_rate", args=[course.pk]),
        {"perceived_level": "expert", "perceived_difficulty": difficulty},
    )
    assert not OrgMemberProductCourseChallengeRating.objects.exists()


def test_instructor_sees_feedback_in_the_studio(finished_module, host_client, org_a):
    course, learner = finished_module
    ChallengeRatingFactory(course=course, member=learner, perceived_difficulty=9, comment="Very dense")
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    course.instructors.add(instructor)
    page = (
        host_client(org_a, user=instructor.user)
        .get(reverse("studio_outline", args=[course.pk]))
        .content.decode()
    )
    assert "Very dense" in page
    assert "median difficulty 9/10 (1 rating)" in page


@pytest.fixture
def assignment(in_org, org_a):
    in_org(org_a)
    placement = PlacementFactory(lesson__lesson_type=OrgLesson.LessonType.ASSIGNMENT)
    course = placement.section.module.course
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=course)
    return course, placement, learner


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [("payload.exe", 100, "are not allowed"), ("huge.zip", 21 * 1024 * 1024, "the limit is 20 MB")],
)
def test_disallowed_or_oversized_submission_is_refused(assignment, host_client, org_a, name, size, message):
    course, placement, learner = assignment
    response = host_client(org_a, user=learner.user).post(
        reverse("course_assignment_submit", args=[course.pk, placement.pk]),
        {"text": "see file", "file": SimpleUploadedFile(name, b"x" * size)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not OrgMemberLessonAssignmentSubmission.objects.exists()


def test_submission_review_queue_and_feedback_to_the_learner(assignment, host_client, org_a):
    course, placement, learner = assignment
    learner_client = host_client(org_a, user=learner.user)
    learner_client.post(
        reverse("course_assignment_submit", args=[course.pk, placement.pk]),
        {"text": "My answer", "file": SimpleUploadedFile("work.pdf", b"%PDF-1.4")},
    )
    submission = OrgMemberLessonAssignmentSubmission.objects.get()
    assert submission.file.name.endswith(".pdf")
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    course.instructors.add(instructor)
    studio = host_client(org_a, user=instructor.user)
    assert "My answer" in studio.get(reverse("studio_reviews")).content.decode()
    studio.post(reverse("studio_review", args=[submission.pk]), {"grade": 92, "feedback": "Well argued"})
    page = learner_client.get(reverse("course_lesson", args=[course.pk, placement.pk])).content.decode()
    assert "Grade: 92%" in page
    assert "Well argued" in page
    outsider = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    outsider_client = host_client(org_a, user=outsider.user)
    assert "My answer" not in outsider_client.get(reverse("studio_reviews")).content.decode()
    assert (
        outsider_client.post(reverse("studio_review", args=[submission.pk]), {"grade": 1}).status_code == 404
    )
    submission.refresh_from_db()
    assert submission.grade == 92


def test_studio_sets_course_skills(in_org, org_a, host_client):
    in_org(org_a)
    course = CourseFactory()
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    client = host_client(org_a, user=admin.user)
    django = Skill.objects.get(slug="django")
    action = reverse("studio_outline_action", args=[course.pk, "skill-add"])
    client.post(action, {"skill": django.pk, "weight": 80})
    client.post(action, {"skill": django.pk, "weight": 0})
    assert list(OrgProductCourseSkill.objects.values_list("skill_id", "weight")) == [(django.pk, 80)]
    assert "weight 80" in client.get(reverse("studio_outline", args=[course.pk])).content.decode()
    client.post(reverse("studio_outline_action", args=[course.pk, "skill-remove"]), {"skill": django.pk})
    assert not OrgProductCourseSkill.objects.exists()


def test_locked_lesson_offers_the_product_page(in_org, org_a, host_client):
    in_org(org_a)
    placement = PlacementFactory(required_access_tier=2, section__module__course__product__slug="vip-course")
    course = placement.section.module.course
    body = host_client(org_a).get(reverse("course_lesson", args=[course.pk, placement.pk])).content.decode()
    assert reverse("storefront_product", args=["vip-course"]) in body
