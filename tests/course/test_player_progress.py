"""Progress in the player's outline: per module and for the course, filled per learner into the cached
outline and page shell, with no query for it."""

import re

from django.core.cache import caches
from django.urls import reverse

from apps.course.models import OrgMemberProductCourseProgress
from apps.course.rollup import progress_rollup_run
from tests.actors import TEST_ACTOR
from tests.course.test_player_shell import _rendered
from tests.course.test_player_views import _lesson_url, gated  # noqa: F401 (a fixture)
from tests.member.factories import EnrollmentFactory, OrgMemberFactory

COURSE_BAR = re.compile(
    r'<span class="outline-progress outline-progress--course"><progress max="100" value="(\d+)"'
    r' aria-hidden="true"></progress><span class="outline-progress__text">([^<]+)</span>'
)
MODULE_BARS = re.compile(
    r'<progress max="100" value="(\d+)" aria-hidden="true"></progress>'
    r'<span class="outline-progress__text">(\d+% · [^<]+ lessons?)</span>'
)


def _bars(body: str) -> tuple[tuple[str, str] | None, list[tuple[str, str]]]:
    course = COURSE_BAR.search(body)
    return (course.groups() if course else None), MODULE_BARS.findall(body)


def test_completing_a_lesson_shows_the_new_progress_on_a_cached_page(gated, host_client, org_a):  # noqa: F811
    course, open_lesson, preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    url = _lesson_url(course, preview)
    client.get(url)  # stores the shell
    cached = client.get(url)
    assert not _rendered(cached)
    # The tier-3 module counts nothing for a tier-1 learner: one module bar, two lessons.
    assert _bars(cached.content.decode()) == (
        ("0", "Course progress: 0% · 0 of 2 required lessons done"),
        [("0", "0% · 0 of 2 lessons")],
    )
    client.post(reverse("course_lesson_complete", args=[course.pk, open_lesson.pk]))
    with_message = client.get(url)  # "Lesson marked complete.": rendered, not from the shell
    client.cookies.pop("messages", None)  # expired by that response; a browser drops it
    after = client.get(url)
    assert not _rendered(after)  # the shell again, with this learner's new figures
    assert _bars(with_message.content.decode()) == _bars(after.content.decode())
    assert _bars(after.content.decode()) == (
        ("50", "Course progress: 50% · 1 of 2 required lessons done"),
        [("50", "50% · 1 of 2 lessons")],
    )
    # The same figure as the learner's progress rollup.
    progress_rollup_run(actor=TEST_ACTOR, member_ids=[learner.pk])
    assert OrgMemberProductCourseProgress.objects.get(member=learner, course=course).percent == 50
    caches["default"].clear()
    rendered = client.get(url)
    assert _rendered(rendered)
    assert _bars(rendered.content.decode()) == _bars(after.content.decode())


def test_each_learner_sees_their_own_tier_and_figures(gated, host_client, org_a):  # noqa: F811
    course, open_lesson, _preview, vip, learner = gated
    client = host_client(org_a, user=learner.user)
    client.post(reverse("course_lesson_complete", args=[course.pk, open_lesson.pk]))
    vip_member = OrgMemberFactory()
    EnrollmentFactory(member=vip_member, course=course, access_tier=3)
    body = host_client(org_a, user=vip_member.user).get(_lesson_url(course, vip)).content.decode()
    assert _bars(body) == (
        ("0", "Course progress: 0% · 0 of 3 required lessons done"),
        [("0", "0% · 0 of 2 lessons"), ("0", "0% · 0 of 1 lesson")],
    )
    # The first learner's completion shows on their page only, not on the peer's (same shell).
    peer = OrgMemberFactory()
    EnrollmentFactory(member=peer, course=course, access_tier=1)
    own = client.get(_lesson_url(course, open_lesson)).content.decode()
    other = host_client(org_a, user=peer.user).get(_lesson_url(course, open_lesson)).content.decode()
    assert _bars(own)[0][0] == "50"
    assert _bars(other)[0][0] == "0"


def test_a_visitor_sees_no_progress(gated, host_client, org_a):  # noqa: F811
    course, _open_lesson, preview, _vip, _learner = gated
    body = host_client(org_a).get(_lesson_url(course, preview)).content.decode()
    assert "outline-progress" not in body
    assert "slot:" not in body


def test_the_player_query_count_is_pinned(gated, host_client, org_a, django_assert_num_queries):  # noqa: F811
    course, open_lesson, preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    client.get(_lesson_url(course, open_lesson))  # the session, the visit and the caches
    client.get(_lesson_url(course, preview))
    caches["default"].clear()
    with django_assert_num_queries(COLD_QUERIES):
        assert client.get(_lesson_url(course, preview)).status_code == 200
    with django_assert_num_queries(0):
        assert client.get(_lesson_url(course, preview)).status_code == 200


COLD_QUERIES = 12  # as before the progress bars: they cost no query


def test_the_progress_text_is_in_each_request_s_language():
    """The bars are built once per process and reused: one built in Spanish is never shown in English."""
    from django.utils import translation

    from apps.storefront.views.player import progress_meter

    with translation.override("es"):
        spanish = progress_meter(5, 2, kind="course")
    with translation.override("en"):
        english = progress_meter(5, 2, kind="course")
    assert "Course progress: 40% · 2 of 5 required lessons done" in english
    assert spanish != english and "40%" in spanish
    assert progress_meter(0, 0, kind="module") == ""
