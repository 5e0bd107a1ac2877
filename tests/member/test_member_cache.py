"""The cached membership row: no query once cached, and a role change counts on the next request."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection

from apps.member.cache import NOT_A_MEMBER, member_cache_get, member_cache_set
from apps.member.models import OrgMember
from apps.member.selectors import member_for_user
from apps.member.services import member_add
from tests.actors import TEST_ACTOR
from tests.member.factories import OrgMemberFactory
from tests.user.factories import UserFactory


def _fresh(user):
    """The user as a new request sees it (nothing remembered on the object)."""
    return type(user).objects.get(pk=user.pk)


def test_a_cached_membership_costs_no_query(org_a, in_org, django_assert_num_queries):
    in_org(org_a)
    member = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    user = member.user
    assert member_for_user(_fresh(user)) == member  # read from the database, then cached
    fresh = _fresh(user)
    with django_assert_num_queries(0):
        assert member_for_user(fresh).role == "instructor"


def test_a_user_without_membership_is_cached_as_such(org_a, in_org, django_assert_num_queries):
    in_org(org_a)
    user = UserFactory()
    assert member_for_user(_fresh(user)) is None
    fresh = _fresh(user)
    with django_assert_num_queries(0):
        assert member_for_user(fresh) is None
    assert member_for_user(AnonymousUser()) is None


def test_a_role_change_counts_at_once(org_a, in_org):
    in_org(org_a)
    member = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    user = member.user
    assert member_for_user(_fresh(user)).role == "admin"
    member_add(actor=TEST_ACTOR, user=user, role=OrgMember.Role.LEARNER)
    assert member_for_user(_fresh(user)).role == "learner"
    OrgMember.objects.get(pk=member.pk).delete()
    assert member_for_user(_fresh(user)) is None


def test_a_row_cached_from_before_a_change_is_never_taken(org_a, in_org):
    """A request that read the row before a concurrent change, and caches it after that change
    committed, stores it under the old generation: no later reader takes it."""
    in_org(org_a)
    member = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    user = member.user
    _entry, generation_before = member_cache_get(user.pk)
    stale = OrgMember.objects.get(pk=member.pk)
    member.role = OrgMember.Role.LEARNER
    member.save()  # the concurrent change
    member_cache_set(user.pk, stale, generation_before)  # the slow request caches its old row
    assert member_cache_get(user.pk)[0] is None
    assert member_for_user(_fresh(user)).role == "learner"


def test_memberships_are_cached_per_org(org_a, org_b, in_org):
    user = UserFactory()
    in_org(org_a)
    OrgMemberFactory(user=user, role=OrgMember.Role.OWNER)
    assert member_for_user(_fresh(user)).role == "owner"
    in_org(org_b)
    assert member_for_user(_fresh(user)) is None
    assert member_cache_get(user.pk)[0] == NOT_A_MEMBER
    connection.set_schema_to_public()
