"""The lesson page shell: one cached page per tier and role, with each learner's own marks and token."""

import re

import pytest
from django.urls import reverse

from apps.course.services import learning
from apps.course.services.lessons import lesson_update
from apps.course.services.outline import module_update
from apps.member.models import OrgMember
from tests.actors import TEST_ACTOR
from tests.course.factories import PlacementFactory, quiz_lesson
from tests.course.test_player_views import _lesson_url, gated  # noqa: F401 (a fixture)
from tests.member.factories import EnrollmentFactory, OrgMemberFactory

LESSON_TEMPLATE = "storefront/course_lesson.html"


@pytest.fixture
def two_learners(gated):  # noqa: F811
    """``gated`` plus a second learner at the same tier 1."""
    course, open_lesson, preview, vip, learner = gated
    peer = OrgMemberFactory()
    EnrollmentFactory(member=peer, course=course, access_tier=1)
    return course, open_lesson, preview, vip, learner, peer


def _rendered(response) -> bool:
    return LESSON_TEMPLATE in [template.name for template in response.templates]


def _csrf_token(body: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


def test_a_peer_gets_the_shell_with_only_their_own_done_marks_and_csrf_token(
    two_learners, host_client, org_a
):
    course, open_lesson, preview, _vip, learner, peer = two_learners
    learning.lesson_complete(actor=TEST_ACTOR, member=learner, placement=open_lesson)
    own = host_client(org_a, user=learner.user).get(_lesson_url(course, preview))
    peer_client = host_client(org_a, user=peer.user)
    peer_client.handler.enforce_csrf_checks = True
    shared = peer_client.get(_lesson_url(course, preview))
    assert (_rendered(own), _rendered(shared)) == (True, False)
    own_body, shared_body = own.content.decode(), shared.content.decode()
    assert own_body.count("badge--success") == 1
    assert "badge--success" not in shared_body
    assert "slot:" not in own_body + shared_body  # neither a slot nor an escaped one is left
    complete = reverse("course_lesson_complete", args=[course.pk, preview.pk])
    response = peer_client.post(complete, {"csrfmiddlewaretoken": _csrf_token(shared_body)})
    assert response.status_code == 302


def test_a_tier_one_learner_never_gets_the_shell_of_a_tier_three_lesson(gated, host_client, org_a):  # noqa: F811
    course, _open_lesson, _preview, vip, learner = gated
    vip_learners = OrgMemberFactory.create_batch(2)
    for member in vip_learners:
        EnrollmentFactory(member=member, course=course, access_tier=3)
    pages = [host_client(org_a, user=member.user).get(_lesson_url(course, vip)) for member in vip_learners]
    assert [_rendered(page) for page in pages] == [True, False]  # the second came from the shell
    assert "VIP-SECRET-BODY" in pages[1].content.decode()
    response = host_client(org_a, user=learner.user).get(_lesson_url(course, vip))
    assert response.status_code == 403
    assert "VIP-SECRET-BODY" not in response.content.decode()


@pytest.mark.parametrize("first", ["learner", "peer"])
def test_mark_complete_or_completed_follows_the_learners_own_state(two_learners, host_client, org_a, first):
    course, open_lesson, _preview, _vip, learner, peer = two_learners
    learning.lesson_complete(actor=TEST_ACTOR, member=learner, placement=open_lesson)
    members = {"learner": learner, "peer": peer}
    order = [first, *(name for name in members if name != first)]
    url = _lesson_url(course, open_lesson)
    bodies = {name: host_client(org_a, user=members[name].user).get(url).content.decode() for name in order}
    assert ("Completed" in bodies["learner"], "Mark complete" in bodies["learner"]) == (True, False)
    assert ("Completed" in bodies["peer"], "Mark complete" in bodies["peer"]) == (False, True)


@pytest.mark.parametrize("edit", ["module", "lesson"])
def test_an_edit_shows_at_once_to_a_learner_whose_shell_is_cached(gated, host_client, org_a, edit):  # noqa: F811
    course, open_lesson, _preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    url = _lesson_url(course, open_lesson)
    client.get(url)
    assert not _rendered(client.get(url))  # served from the shell
    if edit == "module":
        module = open_lesson.section.module
        module_update(actor=TEST_ACTOR, module=module, title="RENAMED-MODULE", required_access_tier=None)
        expected = "RENAMED-MODULE"
    else:
        lesson_update(
            lesson=open_lesson.lesson, actor=TEST_ACTOR, title="Renamed", body_markdown="EDITED-BODY"
        )
        expected = "EDITED-BODY"
    assert expected in client.get(url).content.decode()


def test_a_pending_message_is_shown_on_a_page_whose_shell_is_cached(gated, host_client, org_a):  # noqa: F811
    course, open_lesson, preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    client.get(_lesson_url(course, preview))
    complete = reverse("course_lesson_complete", args=[course.pk, open_lesson.pk])
    response = client.post(complete, {"next_placement": preview.pk}, follow=True)
    assert response.redirect_chain == [(_lesson_url(course, preview), 302)]
    assert "Lesson marked complete." in response.content.decode()


def test_a_quiz_shows_each_learner_only_their_own_attempts(in_org, org_a, host_client):
    in_org(org_a)
    placement = PlacementFactory(lesson=quiz_lesson())
    course = placement.section.module.course
    learner, peer = OrgMemberFactory.create_batch(2)
    for member in (learner, peer):
        EnrollmentFactory(member=member, course=course)
    learning.quiz_attempt_submit(
        actor=TEST_ACTOR, member=learner, placement=placement, answers={}
    )  # failed: not completed
    own_body = host_client(org_a, user=learner.user).get(_lesson_url(course, placement)).content.decode()
    assert "Your attempts" in own_body
    peer_body = host_client(org_a, user=peer.user).get(_lesson_url(course, placement)).content.decode()
    assert "Your attempts" not in peer_body


def test_an_instructor_at_a_learners_tier_gets_their_own_page(two_learners, host_client, org_a):
    course, open_lesson, _preview, _vip, learner, instructor = two_learners
    instructor.role = OrgMember.Role.INSTRUCTOR
    instructor.save()
    studio, url = reverse("studio_home"), _lesson_url(course, open_lesson)
    assert studio not in host_client(org_a, user=learner.user).get(url).content.decode()
    assert studio in host_client(org_a, user=instructor.user).get(url).content.decode()


def test_a_warm_lesson_page_costs_no_query(gated, host_client, org_a, django_assert_num_queries):  # noqa: F811
    course, open_lesson, _preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    url = _lesson_url(course, open_lesson)
    client.get(url)  # records the visit and stores the shell
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
