"""The acting user on org and membership writes: sign-up, provisioning, joining, the security setting."""

import pytest
from django_tenants.utils import schema_context

from apps.audit.models import OrgAuditEntry
from apps.member.models import OrgMember
from apps.member.services import member_add, member_join
from apps.org.models import Org
from apps.org.services import org_create
from tests.member.factories import OrgMemberFactory
from tests.user.factories import UserFactory, sign_in_with_totp


def _log() -> list[tuple]:
    return list(
        OrgAuditEntry.objects.order_by("id").values_list(
            "actor_id", "actor_label", "verb", "object_type", "changes"
        )
    )


def test_sign_up_records_the_creator_as_the_first_entry_of_the_new_orgs_log(
    host_client, django_capture_on_commit_callbacks, db
):
    creator = UserFactory(email="founder@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client(user=creator).post("/orgs/new/", {"name": "Fresh Academy", "slug": "fresh"})
    assert response.status_code == 302
    org = Org.objects.get(slug="fresh")
    with schema_context("org_fresh"):
        create, owner = _log()
    assert create == (
        creator.pk,
        "founder@example.com",
        "create",
        "org.org",
        {
            "name": [None, "Fresh Academy"],
            "slug": [None, "fresh"],
            "schema_name": [None, "org_fresh"],
            "created_by": [None, creator.email],
        },
    )
    assert owner == (None, "system:provisioning", "add", "member.orgmember", {"role": [None, "owner"]})
    assert org.created_by == creator


def test_sign_up_without_an_actor_is_refused_and_creates_nothing(db):
    with pytest.raises(TypeError):
        org_create(actor=None, name="Nobody", slug="nobody")
    assert not Org.objects.filter(slug="nobody").exists()


def test_joining_records_the_user_who_joined(org_a, in_org):
    in_org(org_a)
    user = UserFactory(email="learner@example.com")
    member = member_join(actor=user, user=user)
    member_join(actor=user, user=user)  # already a member: nothing new
    assert _log() == [
        (user.pk, "learner@example.com", "join", "member.orgmember", {"role": [None, "learner"]})
    ]
    assert OrgAuditEntry.objects.get().object_label == "learner@example.com"
    assert member.role == OrgMember.Role.LEARNER


def test_a_role_change_records_before_and_after(org_a, in_org):
    in_org(org_a)
    owner = OrgMemberFactory(role=OrgMember.Role.OWNER).user
    member = OrgMemberFactory(role=OrgMember.Role.LEARNER)
    member_add(actor=owner, user=member.user, role=OrgMember.Role.INSTRUCTOR)
    member_add(actor=owner, user=member.user, role=OrgMember.Role.INSTRUCTOR)  # no change: not recorded
    assert _log() == [
        (owner.pk, owner.email, "update", "member.orgmember", {"role": ["learner", "instructor"]})
    ]


def test_the_security_setting_records_the_owner_in_the_orgs_log_only(org_a, org_b, in_org, host_client):
    in_org(org_a)
    owner = OrgMemberFactory(role=OrgMember.Role.OWNER)
    client = host_client(org_a)
    sign_in_with_totp(client, owner.user)
    assert client.post("/manage/security/", {"require_two_factor": "on"}).status_code == 302
    assert _log() == [
        (owner.user.pk, owner.user.email, "security", "org.org", {"require_two_factor": [False, True]})
    ]
    in_org(org_b)
    assert _log() == []


def test_a_refused_security_change_records_nothing(org_a, in_org, host_client):
    in_org(org_a)
    owner = OrgMemberFactory(role=OrgMember.Role.OWNER)
    response = host_client(org_a, user=owner.user).post("/manage/security/", {"require_two_factor": "on"})
    assert response.status_code == 400
    assert _log() == []


def test_public_schema_writes_without_an_actor_are_refused(org_a):
    from apps.general.services import registries_sync
    from apps.org.domains import org_domain_claim
    from apps.org.models import OrgDomain
    from apps.skill.services import skill_taxonomy_load
    from apps.user.services import user_create_verified

    for call in (
        lambda: org_domain_claim(actor=None, org=org_a, host="shop.alpha.example"),
        lambda: registries_sync(actor=None),
        lambda: skill_taxonomy_load(actor=None),
        lambda: user_create_verified(actor=None, email="x@example.com", password="x" * 12),
    ):
        with pytest.raises(TypeError):
            call()
    assert not OrgDomain.objects.filter(domain="shop.alpha.example").exists()
