import pytest
from django.urls import reverse

from apps.course.models import OrgLesson, OrgProductCourseModule, OrgProductCourseModuleSectionLesson
from apps.member.models import OrgMember
from tests.course.factories import (
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    PlacementFactory,
    SectionFactory,
    build_course,
)
from tests.member.factories import OrgMemberFactory


@pytest.fixture
def studio(in_org, org_a, host_client):
    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    course = CourseFactory()
    course.instructors.add(instructor)
    return course, instructor, host_client(org_a, user=instructor.user)


def _action(course, name):
    return reverse("studio_outline_action", args=[course.pk, name])


def test_instructor_builds_an_outline_in_the_browser(studio):
    course, instructor, client = studio
    lesson = LessonFactory(title="Welcome", created_by=instructor)
    client.post(_action(course, "module-add"), {"title": "Getting started", "required_access_tier": ""})
    module = course.modules.get()
    client.post(_action(course, "section-add"), {"title": "Setup", "module": module.pk})
    section = module.sections.get()
    response = client.post(
        _action(course, "placement-add"),
        {"section": section.pk, "lesson": lesson.pk, "required_access_tier": "2"},
    )
    assert response.status_code == 302
    placement = section.placements.get()
    assert (placement.lesson_id, placement.required_access_tier) == (lesson.pk, 2)
    client.post(_action(course, "rename"), {"kind": "module", "id": module.pk, "title": "Start here"})
    module.refresh_from_db()
    assert module.title == "Start here"
    page = client.get(reverse("studio_outline", args=[course.pk])).content.decode()
    assert "Welcome" in page
    assert "badge--tier-2" in page


def test_htmx_actions_return_the_outline_partial(studio):
    course, _instructor, client = studio
    response = client.post(_action(course, "module-add"), {"title": "Via htmx"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Via htmx" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_reorder_naming_another_courses_items_is_refused_over_http(studio):
    course, _instructor, client = studio
    a, b = ModuleFactory(course=course, position=0), ModuleFactory(course=course, position=1)
    foreign = ModuleFactory()
    response = client.post(
        _action(course, "reorder"), {"kind": "module", "ids": [b.pk, foreign.pk]}, HTTP_HX_REQUEST="true"
    )
    assert "not in this course" in response.content.decode()
    assert list(course.modules.order_by("position").values_list("pk", flat=True)) == [a.pk, b.pk]
    client.post(_action(course, "reorder"), {"kind": "module", "ids": [b.pk, a.pk]})
    assert list(course.modules.order_by("position").values_list("pk", flat=True)) == [b.pk, a.pk]


def test_keyboard_move_fallback(studio):
    course, _instructor, client = studio
    section = SectionFactory(module__course=course)
    first, second = (
        PlacementFactory(section=section, position=0),
        PlacementFactory(section=section, position=1),
    )
    client.post(_action(course, "move"), {"kind": "placement", "id": second.pk, "direction": "up"})
    assert list(section.placements.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]


def test_instructors_edit_only_their_courses_admins_all(studio, host_client, org_a):
    course, _instructor, client = studio
    other = CourseFactory()
    assert client.get(reverse("studio_outline", args=[other.pk])).status_code == 404
    client.post(_action(other, "module-add"), {"title": "Sneaky"})
    assert not OrgProductCourseModule.objects.filter(course=other).exists()
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    assert (
        host_client(org_a, user=admin.user).get(reverse("studio_outline", args=[other.pk])).status_code == 200
    )
    learner = OrgMemberFactory()
    assert (
        host_client(org_a, user=learner.user).get(reverse("studio_outline", args=[course.pk])).status_code
        == 403
    )


def test_preview_as_tier_and_as_visitor(studio):
    course, _instructor, client = studio
    section = SectionFactory(module__course=course)
    vip = PlacementFactory(section=section, required_access_tier=3, lesson__body_markdown="VIP-BODY")
    url = reverse("studio_preview_lesson", args=[course.pk, vip.pk])
    assert client.get(url + "?as=3").status_code == 200
    as_tier_two = client.get(url + "?as=2")
    assert as_tier_two.status_code == 403
    assert "VIP-BODY" not in as_tier_two.content.decode()
    visitor = client.get(reverse("studio_preview", args=[course.pk]) + "?as=0").content.decode()
    assert "signed-out visitor" in visitor
    assert "Unlock with tier 3" in visitor


def test_lesson_library_search_used_in_and_refused_delete(studio):
    course, _instructor, client = studio
    lesson = LessonFactory(title="Reusable intro")
    PlacementFactory(lesson=lesson, section__module__course=course, section__title="Basics")
    LessonFactory(title="Unrelated")
    page = client.get(reverse("studio_lessons") + "?q=reusable").content.decode()
    assert "Reusable intro" in page
    assert "Unrelated" not in page
    assert "Basics" in page
    response = client.post(reverse("studio_lesson_delete", args=[lesson.pk]), follow=True)
    assert "still used in 1 place" in response.content.decode()
    assert OrgLesson.objects.filter(pk=lesson.pk).exists()


def test_lesson_create_edit_and_script_refusal_over_http(studio):
    _course, _instructor, client = studio
    response = client.post(
        reverse("studio_lesson_create") + "?type=text", {"title": "Markdown", "body_markdown": "**bold**"}
    )
    assert response.status_code == 302
    lesson = OrgLesson.objects.get(translations__title="Markdown")
    assert lesson.body_html == "<p><strong>bold</strong></p>"
    response = client.post(
        reverse("studio_lesson_edit", args=[lesson.pk]),
        {"title": "Hacked", "body_markdown": "<script>x</script>"},
    )
    assert response.status_code == 400
    assert "Scripts are not allowed" in response.content.decode()
    lesson.refresh_from_db()
    assert lesson.title == "Markdown"


def test_quiz_questions_added_in_the_studio(studio):
    _course, instructor, client = studio
    quiz = LessonFactory(lesson_type=OrgLesson.LessonType.QUIZ, created_by=instructor)
    client.post(
        reverse("studio_question_add", args=[quiz.pk]),
        {"kind": "single", "prompt": "Pick one", "options": "*Right\nWrong"},
    )
    question = quiz.questions.get()
    assert [(o.text, o.is_correct) for o in question.options.order_by("position")] == [
        ("Right", True),
        ("Wrong", False),
    ]


def test_outline_editor_query_count_is_fixed(studio, django_assert_max_num_queries):
    course, _instructor, client = studio
    build_course(modules=8, sections=4, lessons=5, course=course)
    url = reverse("studio_outline", args=[course.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200


def test_a_second_org_cannot_see_edit_or_place_the_first_orgs_lessons(in_org, org_a, org_b, host_client):
    in_org(org_a)
    secret = LessonFactory(title="Alpha secret", body_markdown="ALPHA-ONLY")
    in_org(org_b)
    admin_b = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    course_b = CourseFactory()
    section_b = SectionFactory(module__course=course_b)
    LessonFactory.reset_sequence()
    client = host_client(org_b, user=admin_b.user)
    assert not OrgLesson.objects.filter(pk=secret.pk).exists()
    assert client.get(reverse("studio_lesson_edit", args=[secret.pk])).status_code == 404
    assert "Alpha secret" not in client.get(reverse("studio_lessons")).content.decode()
    client.post(reverse("studio_lesson_edit", args=[secret.pk]), {"title": "Overwritten"})
    client.post(
        reverse("studio_outline_action", args=[course_b.pk, "placement-add"]),
        {"section": section_b.pk, "lesson": secret.pk},
    )
    in_org(org_b)
    assert not OrgProductCourseModuleSectionLesson.objects.exists()
    in_org(org_a)
    secret.refresh_from_db()
    assert secret.title == "Alpha secret"


def test_cached_outline_follows_every_change(studio, host_client, org_a):
    course, _instructor, client = studio
    section = SectionFactory(module__course=course, module__title="Old title")
    first = PlacementFactory(section=section, lesson__title="Lesson A", position=0)
    second = PlacementFactory(section=section, lesson__title="Lesson B", position=1)
    preview = reverse("studio_preview", args=[course.pk]) + "?as=3"
    page = client.get(preview).content.decode()
    assert "Old title" in page
    assert page.index("Lesson A") < page.index("Lesson B")
    client.post(_action(course, "rename"), {"kind": "module", "id": section.module_id, "title": "New title"})
    client.post(_action(course, "move"), {"kind": "placement", "id": second.pk, "direction": "up"})
    page = client.get(preview).content.decode()
    assert "New title" in page
    assert page.index("Lesson B") < page.index("Lesson A")
    client.post(
        reverse("studio_lesson_edit", args=[first.lesson_id]), {"title": "Lesson A2", "body_markdown": ""}
    )
    assert "Lesson A2" in client.get(preview).content.decode()
    response = client.post(_action(course, "module-add"), {"title": "Fresh module"}, HTTP_HX_REQUEST="true")
    assert "Fresh module" in response.content.decode()
    client.post(_action(course, "delete"), {"kind": "placement", "id": first.pk})
    assert "Lesson A2" not in client.get(preview).content.decode()
