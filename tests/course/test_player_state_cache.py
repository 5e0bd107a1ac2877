"""The cached player state (apps.course.cache): a warm lesson page costs no query, every change to
access counts on the very next request, and a state read before a change is never taken."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from apps.course.cache import player_state_cache_get, player_state_cache_set, player_state_keys
from apps.course.services.outline import placement_move
from apps.member.models import OrgMember
from tests.actors import TEST_ACTOR
from tests.course.test_player_views import _lesson_url, gated  # noqa: F401 (a fixture)
from tests.member.factories import EnrollmentFactory, OrgMemberFactory
from tests.test_cache_shared import names, redis_caches, redis_commands  # noqa: F401 (fixtures)


@pytest.fixture
def warm(gated, host_client, org_a):  # noqa: F811
    """``gated``'s learner with the open lesson's page served twice (visit recorded, shell and state
    cached). Returns the course, the placements, the learner, their enrollment and client."""
    course, open_lesson, preview, vip, learner = gated
    client = host_client(org_a, user=learner.user)
    for _ in range(2):
        assert client.get(_lesson_url(course, open_lesson)).status_code == 200
    enrollment = learner.enrollments.get()
    return course, open_lesson, preview, vip, learner, enrollment, client


def _revoke(enrollment, **_kwargs):
    enrollment.revoked_at = timezone.now()
    enrollment.save()


def _delete_member(enrollment, **_kwargs):
    OrgMember.objects.get(pk=enrollment.member_id).delete()


def _expire(enrollment, monkeypatch):
    """An enrollment that ends in an hour, and then the clock two hours on (nothing is written)."""
    enrollment.ends_at = timezone.now() + timedelta(hours=1)
    enrollment.save()
    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr("apps.course.selectors.player.timezone.now", lambda: later)


def _unpublish(enrollment, **_kwargs):
    product = enrollment.course.product
    product.status = type(product).Status.DRAFT
    product.save(update_fields=["status"])


@pytest.mark.parametrize(
    ("change", "status"), [(_revoke, 403), (_delete_member, 403), (_expire, 403), (_unpublish, 404)]
)
def test_a_change_to_access_counts_on_the_very_next_request(warm, change, status, monkeypatch):
    course, open_lesson, _preview, _vip, _learner, enrollment, client = warm
    change(enrollment, monkeypatch=monkeypatch)
    assert client.get(_lesson_url(course, open_lesson)).status_code == status


def test_a_tier_drop_closes_the_lesson_the_old_tier_opened(warm):
    course, _open_lesson, _preview, vip, _learner, enrollment, client = warm
    enrollment.access_tier = 3
    enrollment.save()
    for _ in range(2):  # the VIP page's shell and state cached at tier 3
        assert "VIP-SECRET-BODY" in client.get(_lesson_url(course, vip)).content.decode()
    enrollment.access_tier = 1
    enrollment.save()
    response = client.get(_lesson_url(course, vip))
    assert response.status_code == 403
    assert "VIP-SECRET-BODY" not in response.content.decode()


def test_a_role_change_counts_on_the_very_next_request(warm):
    course, open_lesson, _preview, _vip, learner, _enrollment, client = warm
    assert client.get(_lesson_url(course, open_lesson)).wsgi_request.user.pk == learner.user_id
    learner.role = OrgMember.Role.INSTRUCTOR
    learner.save()
    assert "/studio/" in client.get(_lesson_url(course, open_lesson)).content.decode()


def test_a_lesson_moved_into_a_higher_tier_module_closes_at_once(warm):
    """The outline's moves are queryset updates (no signal): the service's version bump must also
    end every cached state that read the old outline."""
    course, open_lesson, _preview, vip, _learner, _enrollment, client = warm
    placement_move(actor=TEST_ACTOR, course=course, placement=open_lesson, section=vip.section)
    response = client.get(_lesson_url(course, open_lesson))
    assert response.status_code == 403
    assert "OPEN-BODY" not in response.content.decode()


def test_a_warm_page_reads_its_state_ahead_in_the_one_mget(warm, redis_caches, redis_commands):  # noqa: F811
    course, open_lesson, _preview, _vip, learner, _enrollment, client = warm
    url = _lesson_url(course, open_lesson)
    for _ in range(2):  # warm again on the Redis caches
        client.get(url)
    redis_commands.clear()
    assert client.get(url).status_code == 200
    assert names(redis_commands) == ["MGET"]
    sent = [str(key) for key in redis_commands[0][1:]]
    state_key = caches["default"].make_key(player_state_keys(learner.user_id, course.pk)[0])
    assert state_key in sent


@pytest.mark.parametrize("change", [_revoke, _unpublish])
def test_a_state_cached_from_before_a_change_is_never_taken(warm, change):
    """A slow request that read the state before a concurrent change caches it after the change:
    under the old generations, so no later reader takes it."""
    course, open_lesson, _preview, _vip, learner, enrollment, client = warm
    stale, generations = player_state_cache_get(learner.user_id, course.pk)
    assert stale is not None
    change(enrollment)
    player_state_cache_set(learner.user_id, course.pk, stale, generations)
    assert player_state_cache_get(learner.user_id, course.pk)[0] is None
    assert client.get(_lesson_url(course, open_lesson)).status_code in (403, 404)


def test_a_state_read_between_a_change_and_its_commit_is_dropped_on_commit(
    warm, django_capture_on_commit_callbacks
):
    """A concurrent request reads the committed (still enrolled) rows after the change replaced the
    generation but before it committed; the commit replaces it again."""
    course, open_lesson, _preview, _vip, learner, enrollment, client = warm
    stale, _generations = player_state_cache_get(learner.user_id, course.pk)
    with django_capture_on_commit_callbacks(execute=True):
        _revoke(enrollment)
        _entry, between = player_state_cache_get(learner.user_id, course.pk)
        player_state_cache_set(learner.user_id, course.pk, stale, between)
        assert player_state_cache_get(learner.user_id, course.pk)[0] == stale  # until the commit
    assert player_state_cache_get(learner.user_id, course.pk)[0] is None
    assert client.get(_lesson_url(course, open_lesson)).status_code == 403


def test_two_learners_states_are_separate(warm, host_client, org_a, django_assert_num_queries):
    course, _open_lesson, _preview, vip, learner, enrollment, client = warm
    peer = OrgMemberFactory()
    EnrollmentFactory(member=peer, course=course, access_tier=3)
    peer_client = host_client(org_a, user=peer.user)
    for _ in range(2):
        assert peer_client.get(_lesson_url(course, vip)).status_code == 200
    assert client.get(_lesson_url(course, vip)).status_code == 403  # not the peer's tier
    _revoke(enrollment)  # replaces the learner's generation only
    with django_assert_num_queries(0):
        assert peer_client.get(_lesson_url(course, vip)).status_code == 200
    assert player_state_cache_get(learner.user_id, course.pk)[0] is None


def test_two_orgs_states_are_separate(warm, org_a, org_b, in_org):
    course, _open_lesson, _preview, _vip, learner, _enrollment, _client = warm
    cached, _generations = player_state_cache_get(learner.user_id, course.pk)
    assert cached is not None
    in_org(org_b)
    assert player_state_cache_get(learner.user_id, course.pk)[0] is None
    OrgMemberFactory(user=learner.user)  # replaces the learner's generation in org_b only
    in_org(org_a)
    assert player_state_cache_get(learner.user_id, course.pk)[0] == cached
