"""The signed-in user is read from the platform cache, and a change to the user signs them out at once."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.user.factories import UserFactory
from volmify.usercache import USER_CACHE_ALIAS, user_cache_key


@pytest.fixture
def signed_in(host_client, org_a):
    """A signed-in client whose user has been loaded once (so is cached), and that user."""
    user = UserFactory()
    client = host_client(org_a, user=user)
    assert client.get(reverse("my_learning")).status_code == 200
    return client, user


def _user_table_queries(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if 'FROM "user"' in query["sql"]]


def test_a_signed_in_request_reads_the_user_from_the_cache(signed_in):
    client, _user = signed_in
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("my_learning"))
    assert response.status_code == 200
    assert response.context["user"].is_authenticated
    assert _user_table_queries(captured) == []


@pytest.mark.parametrize("change", ["deactivate", "password"])
def test_a_change_to_the_user_signs_them_out_on_the_next_request(signed_in, change):
    client, user = signed_in
    if change == "deactivate":
        user.is_active = False
    else:
        user.set_password("a-brand-new-passphrase-7")
    user.save()
    response = client.get(reverse("my_learning"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_deleting_the_user_drops_the_cached_entry(signed_in):
    _client, user = signed_in
    cache, key = caches[USER_CACHE_ALIAS], user_cache_key(user.pk)
    assert cache.get(key) is not None
    user.delete()
    assert cache.get(key) is None


def test_a_row_cached_by_a_concurrent_request_before_the_commit_is_dropped_on_commit(
    signed_in, django_capture_on_commit_callbacks
):
    _client, user = signed_in
    cache, key = caches[USER_CACHE_ALIAS], user_cache_key(user.pk)
    stale = type(user).objects.get(pk=user.pk)
    with django_capture_on_commit_callbacks(execute=True):
        user.is_active = False
        user.save()
        cache.set(key, stale)  # another request read the committed (still active) row meanwhile
    assert cache.get(key) is None
