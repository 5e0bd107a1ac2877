import pytest
from django.core.cache import caches
from django.urls import reverse

from apps.course.models import OrgMemberLessonProgress, OrgMemberProductCourseProgress
from apps.member.models import OrgMember
from tests.actors import TEST_ACTOR
from tests.course.factories import (
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    PlacementFactory,
    SectionFactory,
    build_course,
    quiz_lesson,
)
from tests.member.factories import EnrollmentFactory, OrgMemberFactory


@pytest.fixture
def gated(in_org, org_a):
    """A course with an open lesson, a tier-1 preview, and a VIP (tier 3 via its module) lesson."""
    in_org(org_a)
    course = CourseFactory()
    basic_section = SectionFactory(module=ModuleFactory(course=course, position=0))
    open_lesson = PlacementFactory(section=basic_section, lesson__body_markdown="OPEN-BODY", position=0)
    preview = PlacementFactory(
        section=basic_section, lesson__body_markdown="PREVIEW-BODY", is_preview=True, position=1
    )
    vip_module = ModuleFactory(course=course, position=1, required_access_tier=3)
    vip = PlacementFactory(
        section=SectionFactory(module=vip_module),
        lesson__title="VIP masterclass",
        lesson__body_markdown="VIP-SECRET-BODY",
        is_preview=True,  # a preview flag never opens a lesson above tier 1
    )
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=course, access_tier=1)
    return course, open_lesson, preview, vip, learner


def _lesson_url(course, placement):
    return reverse("course_lesson", args=[course.pk, placement.pk])


def test_a_lesson_above_the_tier_is_a_403_with_upgrade_offer_and_no_content(gated, host_client, org_a):
    course, _open_lesson, _preview, vip, learner = gated
    client = host_client(org_a, user=learner.user)
    response = client.get(_lesson_url(course, vip))
    assert response.status_code == 403
    body = response.content.decode()
    assert "VIP-SECRET-BODY" not in body
    assert "Upgrade to tier 3" in body
    assert not OrgMemberLessonProgress.objects.filter(member=learner, lesson=vip.lesson).exists()


def test_gated_content_is_absent_from_every_page_the_learner_loads(gated, host_client, org_a):
    course, open_lesson, preview, vip, learner = gated
    client = host_client(org_a, user=learner.user)
    pages = [
        reverse("course_detail", args=[course.pk]),
        _lesson_url(course, open_lesson),
        _lesson_url(course, preview),
        _lesson_url(course, vip),
        reverse("my_learning"),
        reverse("course_list"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        assert "VIP-SECRET-BODY" not in response.content.decode(), url
    assert "OPEN-BODY" in client.get(_lesson_url(course, open_lesson)).content.decode()


def test_the_outline_shows_locks_with_the_tier_that_unlocks(gated, host_client, org_a):
    course, open_lesson, _preview, vip, learner = gated
    body = (
        host_client(org_a, user=learner.user).get(reverse("course_detail", args=[course.pk])).content.decode()
    )
    assert "Unlock with tier 3" in body
    assert _lesson_url(course, vip) not in body
    assert _lesson_url(course, open_lesson) in body


def test_a_locked_module_has_one_upgrade_call_and_one_lock_icon_per_lesson(gated, host_client, org_a):
    course, open_lesson, _preview, vip, learner = gated
    for position in range(1, 4):
        PlacementFactory(section=vip.section, lesson__title=f"VIP extra {position}", position=position)
    client = host_client(org_a, user=learner.user)
    body = client.get(_lesson_url(course, open_lesson)).content.decode()
    outline = body.split('class="course-outline"', 1)[1].split("</nav>", 1)[0]
    assert outline.count("Unlock with tier 3") == 1  # the module's call, not one per lesson
    assert outline.count('class="course-outline__locked"') == 4
    assert outline.count('class="icon-lock"') == 5 and "🔒" not in outline
    assert outline.count('<details class="course-outline__module" open>') == 2  # collapsible per module


def test_the_lesson_page_has_keyboard_shortcuts_and_the_player_script(gated, host_client, org_a):
    course, open_lesson, _preview, _vip, learner = gated
    body = host_client(org_a, user=learner.user).get(_lesson_url(course, open_lesson)).content.decode()
    assert 'rel="next"' in body and 'aria-keyshortcuts="]"' in body
    assert "/static/js/player.js" in body and 'data-course="' in body


def test_tier_three_learner_opens_the_vip_lesson(gated, host_client, org_a):
    course, _open_lesson, _preview, vip, _learner = gated
    vip_learner = OrgMemberFactory()
    EnrollmentFactory(member=vip_learner, course=course, access_tier=3)
    response = host_client(org_a, user=vip_learner.user).get(_lesson_url(course, vip))
    assert response.status_code == 200
    assert "VIP-SECRET-BODY" in response.content.decode()


def test_visitors_open_tier_one_previews_only(gated, host_client, org_a):
    course, open_lesson, preview, vip, _learner = gated
    visitor = host_client(org_a)
    assert "PREVIEW-BODY" in visitor.get(_lesson_url(course, preview)).content.decode()
    for placement in (open_lesson, vip):
        response = visitor.get(_lesson_url(course, placement))
        assert response.status_code == 403
        assert placement.lesson.body_markdown not in response.content.decode()


def test_completing_a_locked_lesson_over_http_is_refused(gated, host_client, org_a):
    course, _open_lesson, _preview, vip, learner = gated
    client = host_client(org_a, user=learner.user)
    response = client.post(reverse("course_lesson_complete", args=[course.pk, vip.pk]))
    assert response.status_code == 403
    assert not OrgMemberLessonProgress.objects.filter(member=learner, lesson=vip.lesson).exists()


def test_mark_complete_continue_and_my_learning(
    gated, host_client, org_a, django_capture_on_commit_callbacks, in_org
):
    course, open_lesson, preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    client.get(_lesson_url(course, open_lesson))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("course_lesson_complete", args=[course.pk, open_lesson.pk]),
            {"next_placement": preview.pk},
        )
    assert response.status_code == 302
    assert response.url == _lesson_url(course, preview)
    in_org(org_a)
    row = OrgMemberProductCourseProgress.objects.get(member=learner, course=course)
    assert (row.required_total, row.required_completed, row.percent) == (2, 1, 50)
    assert row.last_placement_id == open_lesson.pk
    body = client.get(reverse("my_learning")).content.decode()
    assert "50% of required lessons in your tier" in body
    assert _lesson_url(course, open_lesson) in body


def test_quiz_over_http_grades_and_shows_attempts(in_org, org_a, host_client):
    in_org(org_a)
    lesson = quiz_lesson()
    placement = PlacementFactory(lesson=lesson)
    learner = OrgMemberFactory()
    EnrollmentFactory(member=learner, course=placement.section.module.course)
    single, short = list(lesson.questions.order_by("position"))
    right = single.options.get(is_correct=True)
    client = host_client(org_a, user=learner.user)
    url = reverse("course_quiz_submit", args=[placement.section.module.course_id, placement.pk])
    response = client.post(
        url, {f"q{single.pk}": right.pk, f"q{short.pk}": "paris", f"kind{short.pk}": "short"}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "100.00%" in page
    assert "Passed" in page
    response = client.post(url, {"q999999": "1"}, follow=True)
    assert "not in this quiz" in response.content.decode()


PINNED_QUERIES = {"outline": 5, "player": 0}  # warm: outline from the cache; lesson page from its shell
PINNED_COLD_QUERIES = {"outline": 18, "player": 14}  # cold: plus a fixed set of queries to build them


def test_player_and_outline_query_counts_do_not_grow_with_the_course(
    in_org, org_a, host_client, django_assert_max_num_queries
):
    in_org(org_a)
    small = build_course(modules=1, sections=1, lessons=2)
    big = build_course(modules=8, sections=4, lessons=5)
    learner = OrgMemberFactory()
    for course in (small, big):
        EnrollmentFactory(member=learner, course=course, access_tier=3)
    client = host_client(org_a, user=learner.user)
    pages = []
    for course in (small, big):
        first = course.modules.first().sections.first().placements.first()
        pages += [
            ("outline", course, reverse("course_detail", args=[course.pk])),
            ("player", course, _lesson_url(course, first)),
        ]
    for _name, _course, url in pages:
        client.get(url)  # warm the session, caches and the learner's progress rows
    counts = {}
    for name, course, url in pages:
        with django_assert_max_num_queries(PINNED_QUERIES[name]) as captured:
            assert client.get(url).status_code == 200
        counts[(name, course.pk, "warm")] = len(captured)
    for name, course, url in pages:
        caches["default"].clear()
        with django_assert_max_num_queries(PINNED_COLD_QUERIES[name]) as captured:
            assert client.get(url).status_code == 200
        counts[(name, course.pk, "cold")] = len(captured)
    for name in ("outline", "player"):
        for state in ("warm", "cold"):
            assert counts[(name, small.pk, state)] == counts[(name, big.pk, state)], (name, state, counts)


def test_unknown_or_other_courses_placements_are_404(gated, host_client, org_a):
    course, _open_lesson, _preview, _vip, learner = gated
    other = PlacementFactory()
    client = host_client(org_a, user=learner.user)
    assert client.get(_lesson_url(course, other)).status_code == 404
    assert client.get(reverse("course_lesson", args=[course.pk, 999999])).status_code == 404


def test_draft_courses_are_not_on_the_storefront(in_org, org_a, host_client):
    in_org(org_a)
    course = CourseFactory(product__status="draft")
    assert host_client(org_a).get(reverse("course_detail", args=[course.pk])).status_code == 404


def test_browse_by_skill_includes_descendants(in_org, org_a, host_client):
    from apps.skill.models import Skill
    from tests.course.factories import CourseSkillFactory

    in_org(org_a)
    django_course = CourseFactory(product__title="Django for pros")
    CourseSkillFactory(course=django_course, skill=Skill.objects.get(slug="django"))
    design_course = CourseFactory(product__title="Color basics")
    CourseSkillFactory(course=design_course, skill=Skill.objects.get(slug="color-theory"))
    body = host_client(org_a).get(reverse("course_list") + "?skill=software-development").content.decode()
    assert "Django for pros" in body
    assert "Color basics" not in body


def test_instructors_see_role_403_not_learner_pages(in_org, org_a, host_client):
    in_org(org_a)
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    assert host_client(org_a, user=instructor.user).get(reverse("manage_enrollments")).status_code == 403
    LessonFactory()


def test_lesson_files_download_only_through_the_access_check(in_org, org_a, host_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.course.services.lessons import lesson_create

    in_org(org_a)
    lesson = lesson_create(
        lesson_type="file",
        title="Secret PDF",
        actor=TEST_ACTOR,
        file=SimpleUploadedFile("vip.pdf", b"%PDF-VIP"),
    )
    assert "/vip.pdf" in lesson.file.name
    assert lesson.file.name.startswith(f"orgs/{org_a.schema_name}/lessons/")  # .../<random>/vip.pdf
    placement = PlacementFactory(lesson=lesson, required_access_tier=3)
    course = placement.section.module.course
    basic, vip = OrgMemberFactory(), OrgMemberFactory()
    EnrollmentFactory(member=basic, course=course, access_tier=1)
    EnrollmentFactory(member=vip, course=course, access_tier=3)
    url = reverse("course_lesson_file", args=[course.pk, placement.pk])
    assert host_client(org_a, user=basic.user).get(url).status_code == 403
    assert host_client(org_a).get(url).status_code == 403
    response = host_client(org_a, user=vip.user).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-VIP"
    page = host_client(org_a, user=vip.user).get(_lesson_url(course, placement)).content.decode()
    assert url in page
    assert lesson.file.name not in page


def test_a_lesson_cached_for_tier_three_stays_locked_for_tier_one(gated, host_client, org_a):
    course, _open_lesson, _preview, vip, learner = gated
    vip_learner = OrgMemberFactory()
    EnrollmentFactory(member=vip_learner, course=course, access_tier=3)
    assert (
        "VIP-SECRET-BODY"
        in host_client(org_a, user=vip_learner.user).get(_lesson_url(course, vip)).content.decode()
    )
    response = host_client(org_a, user=learner.user).get(_lesson_url(course, vip))
    assert response.status_code == 403
    assert "VIP-SECRET-BODY" not in response.content.decode()


def test_a_new_tier_opens_the_lesson_at_once_despite_the_caches(gated, host_client, org_a):
    course, _open_lesson, _preview, vip, learner = gated
    client = host_client(org_a, user=learner.user)
    assert client.get(_lesson_url(course, vip)).status_code == 403
    EnrollmentFactory(member=learner, course=course, access_tier=3)
    response = client.get(_lesson_url(course, vip))
    assert response.status_code == 200
    assert "VIP-SECRET-BODY" in response.content.decode()


def test_editing_a_placed_lesson_shows_in_the_player_at_once(gated, host_client, org_a):
    from apps.course.services.lessons import lesson_update

    course, open_lesson, _preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    assert "OPEN-BODY" in client.get(_lesson_url(course, open_lesson)).content.decode()
    lesson_update(
        lesson=open_lesson.lesson, actor=TEST_ACTOR, title="Renamed lesson", body_markdown="EDITED-BODY"
    )
    body = client.get(_lesson_url(course, open_lesson)).content.decode()
    assert "EDITED-BODY" in body
    assert "OPEN-BODY" not in body
    assert "Renamed lesson" in body


def test_a_completion_shows_as_done_in_the_cached_outline_at_once(gated, host_client, org_a):
    course, open_lesson, preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    assert "badge--success" not in client.get(_lesson_url(course, preview)).content.decode()
    client.post(reverse("course_lesson_complete", args=[course.pk, open_lesson.pk]))
    assert "badge--success" in client.get(_lesson_url(course, preview)).content.decode()


def test_visits_record_start_and_continue_point_and_a_revisit_writes_nothing(
    gated, host_client, org_a, django_assert_max_num_queries
):
    course, open_lesson, preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    client.get(_lesson_url(course, open_lesson))
    progress = OrgMemberProductCourseProgress.objects.get(member=learner, course=course)
    assert progress.last_placement_id == open_lesson.pk
    first_activity = progress.last_activity_at
    assert OrgMemberLessonProgress.objects.filter(member=learner, lesson=open_lesson.lesson).count() == 1
    with django_assert_max_num_queries(PINNED_QUERIES["player"]) as captured:
        client.get(_lesson_url(course, open_lesson))
    assert not [q for q in captured.captured_queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    progress.refresh_from_db()
    assert progress.last_activity_at == first_activity
    client.get(_lesson_url(course, preview))
    progress.refresh_from_db()
    assert progress.last_placement_id == preview.pk
    assert OrgMemberProductCourseProgress.objects.filter(member=learner, course=course).count() == 1
    assert OrgMemberLessonProgress.objects.filter(member=learner).count() == 2
