"""Roles: /manage/ needs owner or admin, /studio/ instructor or above; others 403 or the login page."""

import pytest

from apps.member.models import OrgMember
from apps.member.selectors import member_for_user
from apps.member.services import member_add
from tests.actors import TEST_ACTOR
from tests.member.factories import OrgMemberFactory
from tests.user.factories import UserFactory

Role = OrgMember.Role


@pytest.mark.parametrize(
    ("role", "manage_status", "studio_status"),
    [
        (Role.OWNER, 200, 200),
        (Role.ADMIN, 200, 200),
        (Role.INSTRUCTOR, 403, 200),
        (Role.LEARNER, 403, 403),
    ],
)
def test_console_and_studio_by_role(host_client, in_org, org_a, role, manage_status, studio_status):
    in_org(org_a)
    member = OrgMemberFactory(role=role)
    client = host_client(org_a, user=member.user)
    assert client.get("/manage/").status_code == manage_status
    assert client.get("/studio/").status_code == studio_status


def test_403_page_is_the_designed_one(host_client, in_org, org_a):
    in_org(org_a)
    learner = OrgMemberFactory(role=Role.LEARNER)
    response = host_client(org_a, user=learner.user).get("/manage/")
    assert b"You do not have access to this page" in response.content


def test_signed_in_non_member_gets_403(host_client, org_a):
    assert host_client(org_a, user=UserFactory()).get("/studio/").status_code == 403


@pytest.mark.parametrize("path", ["/manage/", "/studio/"])
def test_signed_out_visitor_is_sent_to_the_login_page(host_client, org_a, path):
    response = host_client(org_a).get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_an_admin_of_one_org_has_no_rights_on_another(host_client, in_org, org_a, org_b):
    in_org(org_a)
    admin = OrgMemberFactory(role=Role.ADMIN)
    assert host_client(org_a, user=admin.user).get("/manage/").status_code == 200
    assert host_client(org_b, user=admin.user).get("/manage/").status_code == 403
    assert host_client(org_b, user=admin.user).get("/studio/").status_code == 403


@pytest.mark.parametrize(
    ("role", "shows_studio", "shows_manage"),
    [
        (Role.OWNER, True, True),
        (Role.ADMIN, True, True),
        (Role.INSTRUCTOR, True, False),
        (Role.LEARNER, False, False),
    ],
)
def test_the_header_links_only_to_what_the_role_may_open(
    host_client, in_org, org_a, role, shows_studio, shows_manage
):
    in_org(org_a)
    member = OrgMemberFactory(role=role)
    content = host_client(org_a, user=member.user).get("/").content.decode()
    assert ('href="/studio/"' in content, 'href="/manage/"' in content) == (shows_studio, shows_manage)


def test_membership_is_looked_up_once_per_request_and_forgotten_when_it_changes(
    in_org, org_a, django_assert_num_queries
):
    in_org(org_a)
    user = UserFactory()
    with django_assert_num_queries(1):
        assert member_for_user(user) is None
        assert member_for_user(user) is None
    member_add(actor=TEST_ACTOR, user=user, role=Role.INSTRUCTOR)
    assert member_for_user(user).role == Role.INSTRUCTOR


def test_the_storefront_header_links_to_courses_and_to_my_learning_when_signed_in(host_client, in_org, org_a):
    in_org(org_a)
    anonymous = host_client(org_a).get("/").content.decode()
    assert ('href="/courses/"' in anonymous, 'href="/learning/"' in anonymous) == (True, False)
    member = OrgMemberFactory(role=Role.LEARNER)
    signed_in = host_client(org_a, user=member.user).get("/").content.decode()
    assert ('href="/courses/"' in signed_in, 'href="/learning/"' in signed_in) == (True, True)
