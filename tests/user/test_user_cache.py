"""The signed-in user is read from the platform cache, and a change to the user signs them out at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.user.factories import UserFactory
from volmify.usercache import user_cache_get, user_cache_set


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


def test_deleting_the_user_makes_the_cached_entry_unusable(signed_in):
    _client, user = signed_in
    assert user_cache_get(user.pk)[0] == user
    user.delete()
    assert user_cache_get(user.pk)[0] is None


def test_a_row_cached_from_before_a_change_is_never_taken(signed_in):
    """A request that read the row before a concurrent change, and caches it after that change
    committed, stores it under the old generation: no later reader takes it."""
    client, user = signed_in
    _entry, generation_before = user_cache_get(user.pk)
    stale = type(user).objects.get(pk=user.pk)
    user.is_active = False
    user.save()  # the concurrent change
    user_cache_set(user.pk, stale, generation_before)  # the slow request caches its old row
    assert user_cache_get(user.pk)[0] is None
    assert client.get(reverse("my_learning")).status_code == 302


def test_a_row_read_between_a_change_and_its_commit_is_dropped_on_commit(
    signed_in, django_capture_on_commit_callbacks
):
    """A concurrent request reads the committed (still active) row after the save replaced the
    generation but before the commit; the commit replaces it again."""
    _client, user = signed_in
    stale = type(user).objects.get(pk=user.pk)
    with django_capture_on_commit_callbacks(execute=True):
        user.is_active = False
        user.save()
        _entry, between = user_cache_get(user.pk)
        user_cache_set(user.pk, stale, between)
        assert user_cache_get(user.pk)[0] == stale  # until the commit
    assert user_cache_get(user.pk)[0] is None
