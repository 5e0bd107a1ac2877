"""A signed-in storefront request reads its session and its user with the market version, in one
Redis MGET; the user row read ahead serves only the session's own user, and only while current."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.urls import reverse

from apps.user.backends import ModelBackend
from tests.course.test_player_views import _lesson_url, gated  # noqa: F401 (a fixture)
from tests.test_cache_shared import names, redis_caches, redis_commands  # noqa: F401 (fixtures)
from tests.user.factories import UserFactory
from volmify import sessions
from volmify.usercache import user_cache_forget, user_cache_get, user_cache_key, user_cache_keys, users_primed


@pytest.fixture
def warm(gated, redis_caches, host_client, org_a):  # noqa: F811
    """A learner signed in on the Redis caches, whose lesson page this process has served twice:
    the shell, the user row and the session's user id are all remembered. Returns the client, the
    learner's user, the lesson URL and the session key."""
    course, open_lesson, _preview, _vip, learner = gated
    client = host_client(org_a, user=learner.user)
    url = _lesson_url(course, open_lesson)
    for _ in range(2):
        assert client.get(url).status_code == 200
    session_key = client.session.session_key
    assert sessions._USER_IDS[session_key] == str(learner.user.pk)
    return client, learner.user, url, session_key


def _read_ahead(sent) -> list[str]:
    """The full keys of every MGET sent."""
    return [str(key) for args in sent if str(args[0]).upper() == "MGET" for key in args[1:]]


def _full_user_key(user_id) -> str:
    return caches["platform"].make_key(user_cache_key(user_id))


def test_a_warm_signed_in_request_sends_one_redis_command(warm, redis_commands):  # noqa: F811
    client, user, url, _session_key = warm
    redis_commands.clear()
    response = client.get(url)
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == user.pk
    assert names(redis_commands) == ["MGET"]  # market version, session and user row together
    assert _full_user_key(user.pk) in _read_ahead(redis_commands)


def test_a_row_read_ahead_for_another_user_is_never_used(
    warm,
    redis_commands,  # noqa: F811
    host_client,
    org_a,
    monkeypatch,
):
    """A wrong memo (the process's id for the session no longer the session's) reads another
    user's row ahead; authentication still takes the id from the session."""
    client, user, url, session_key = warm
    other = UserFactory()
    assert host_client(org_a, user=other).get(reverse("my_learning")).status_code == 200
    assert user_cache_get(other.pk)[0] == other  # their row is cached
    monkeypatch.setitem(sessions._USER_IDS, session_key, other.pk)
    redis_commands.clear()
    response = client.get(url)
    assert _full_user_key(other.pk) in _read_ahead(redis_commands)  # the other row was read ...
    assert response.status_code == 200  # ... but not used: the other user is not enrolled
    assert response.wsgi_request.user.pk == user.pk
    assert client.get(reverse("my_learning")).context["user"].pk == user.pk


def test_a_user_deactivated_after_their_session_was_remembered_is_signed_out(warm, redis_commands):  # noqa: F811
    client, user, _url, _session_key = warm
    user.is_active = False
    user.save()
    redis_commands.clear()
    response = client.get(reverse("my_learning"))
    assert _full_user_key(user.pk) in _read_ahead(redis_commands)  # the prefetch path was taken
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def _primed_row(user) -> dict:
    """What the session's read-ahead holds for a cached row (read under no generation yet)."""
    key, generation_key = user_cache_keys(user.pk)
    return {key: (None, user), generation_key: None}


def test_forgetting_a_user_drops_the_row_the_request_already_read(db):
    """A user saved during a request (``user_cache_forget`` on save) is read afresh by a later
    ``get_user`` of the same request, not from the row read ahead with the session."""
    user = UserFactory(email="before@example.com")
    stale = get_user_model().objects.get(pk=user.pk)
    get_user_model().objects.filter(pk=user.pk).update(email="after@example.com")  # no signal
    with users_primed(_primed_row(stale)):
        assert ModelBackend().get_user(user.pk).email == "before@example.com"  # the primed row
        user_cache_forget(user.pk)
        assert ModelBackend().get_user(user.pk).email == "after@example.com"


def test_saving_a_user_during_a_request_drops_the_row_read_ahead(db):
    user = UserFactory(email="before@example.com")
    stale = get_user_model().objects.get(pk=user.pk)
    with users_primed(_primed_row(stale)):
        user.email = "after@example.com"
        user.save()
        assert ModelBackend().get_user(user.pk).email == "after@example.com"


@pytest.mark.parametrize("lost", ["session", "session-user-and-memo"])
def test_a_session_missing_from_the_cache_loads_from_the_database(warm, redis_commands, lost):  # noqa: F811
    client, user, url, session_key = warm
    store = client.session
    caches["platform"].delete(store.cache_key)
    if lost == "session-user-and-memo":  # as after an eviction in a process that just started
        caches["platform"].delete(user_cache_key(user.pk))
        sessions._USER_IDS.pop(session_key)
    response = client.get(url)
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == user.pk
    assert caches["platform"].get(store.cache_key) is not None  # stored again for the next request
    redis_commands.clear()
    assert client.get(url).wsgi_request.user.pk == user.pk
    assert names(redis_commands) == ["MGET"]  # and warm again
