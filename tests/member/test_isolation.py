"""Data made in one org is invisible from another, through the ORM and over HTTP."""

from apps.member.models import OrgMember
from tests.member.factories import OrgMemberFactory


def test_members_of_one_org_are_invisible_in_the_other_through_the_orm(in_org, org_a, org_b):
    in_org(org_a)
    OrgMemberFactory(user__email="only-in-alpha@example.com")
    assert OrgMember.objects.filter(user__email="only-in-alpha@example.com").count() == 1
    in_org(org_b)
    assert OrgMember.objects.filter(user__email="only-in-alpha@example.com").count() == 0
    assert list(OrgMember.objects.values_list("user__email", flat=True)) == ["owner@beta.test"]


def test_the_console_lists_only_its_own_orgs_members(host_client, in_org, org_a, org_b):
    in_org(org_a)
    OrgMemberFactory(user__email="alpha-learner@example.com")
    in_org(org_b)
    admin_b = OrgMemberFactory(role=OrgMember.Role.ADMIN, user__email="beta-admin@example.com")
    response = host_client(org_b, user=admin_b.user).get("/manage/")
    emails = [member.user.email for member in response.context["members"]]
    assert emails == ["beta-admin@example.com", "owner@beta.test"]
    assert b"alpha-learner@example.com" not in response.content
