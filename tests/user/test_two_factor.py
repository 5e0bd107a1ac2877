"""Two-factor authentication: staff need it for Django admin; an org can require it of owners and admins."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from apps.member.models import OrgMember
from apps.org.models import Org
from tests.member.factories import OrgMemberFactory
from tests.user.factories import PASSWORD, UserFactory, sign_in_with_totp
from volmify.mfa import totp_code_now

REQUIRED = "/accounts/2fa/required/"


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_staff_signed_in_without_a_second_factor_are_sent_to_set_one_up(staff, host_client):
    client = host_client(user=staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{REQUIRED}?next=%2Fadmin%2F&reason=staff")
    page = client.get(response["Location"]).content.decode()
    assert "open only to staff who sign in with two-factor authentication" in page
    assert reverse("mfa_activate_totp") in page
    assert client.get("/admin/org/org/").status_code == 302


def test_staff_who_sign_in_with_a_code_reach_the_admin(staff, host_client):
    client = host_client()
    sign_in_with_totp(client, staff)
    assert client.get("/admin/").status_code == 200


def test_a_password_only_session_must_confirm_a_code_first(staff, host_client):
    secret = _with_totp(staff)
    client = host_client(user=staff)  # a session that checked no second factor
    response = client.get("/admin/")
    page = client.get(response["Location"]).content.decode()
    assert "Enter a code" in page
    confirm = f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2F"
    assert confirm.replace("&", "&amp;") in page
    wrong = client.post(confirm, {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302
    response = client.post(confirm, {"code": totp_code_now(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_setting_up_an_authenticator_opens_the_admin_in_the_same_session(
    staff, host_client, django_capture_on_commit_callbacks
):
    client = host_client()
    client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302
    confirm_password = client.get(reverse("mfa_activate_totp"))["Location"]  # allauth asks again first
    client.post(confirm_password, {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # allauth announces the new authenticator on commit
        client.post(reverse("mfa_activate_totp"), {"code": totp_code_now(secret)})
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_signed_out_visitors_and_non_staff_still_get_the_admins_own_answers(db, host_client):
    response = host_client().get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]
    assert host_client(user=UserFactory()).get("/admin/").status_code != 200


@pytest.fixture
def strict_org(org_a, in_org):
    Org.objects.filter(pk=org_a.pk).update(require_two_factor=True)
    org = Org.objects.get(pk=org_a.pk)
    org.save()  # forgets the cached host lookup, as the console's service does
    in_org(org)
    return org


@pytest.mark.parametrize("role", [OrgMember.Role.OWNER, OrgMember.Role.ADMIN])
def test_an_org_that_requires_it_sends_owners_and_admins_to_set_it_up(strict_org, host_client, role):
    manager = OrgMemberFactory(role=role)
    client = host_client(strict_org, user=manager.user)
    for url in ("/manage/", "/manage/catalog/products/", "/studio/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{REQUIRED}?next=")
    page = client.get(response["Location"]).content.decode()
    assert f"{strict_org.name} requires owners and admins to use two-factor authentication" in page


def test_instructors_and_learners_are_not_asked(strict_org, host_client):
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    assert host_client(strict_org, user=instructor.user).get("/studio/").status_code == 200
    learner = OrgMemberFactory()
    assert host_client(strict_org, user=learner.user).get("/learning/").status_code == 200


def test_an_admin_who_signs_in_with_a_code_works_as_before(strict_org, host_client):
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    client = host_client(strict_org)
    sign_in_with_totp(client, admin.user)
    assert client.get("/manage/").status_code == 200


def test_orgs_that_do_not_require_it_are_unchanged(org_a, in_org, host_client):
    in_org(org_a)
    owner = OrgMemberFactory(role=OrgMember.Role.OWNER)
    assert host_client(org_a, user=owner.user).get("/manage/").status_code == 200


def test_the_owner_turns_the_requirement_on_and_off_on_the_security_page(org_a, in_org, host_client):
    in_org(org_a)
    owner = OrgMemberFactory(role=OrgMember.Role.OWNER)
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    client = host_client(org_a)
    sign_in_with_totp(client, owner.user)
    page = client.get("/manage/security/").content.decode()
    assert owner.user.email in page and admin.user.email in page
    assert "Not set up" in page
    response = client.post("/manage/security/", {"require_two_factor": "on"})
    assert response.status_code == 302
    assert Org.objects.get(pk=org_a.pk).require_two_factor
    assert client.get("/manage/").status_code == 200  # the owner's session passed with a code
    assert host_client(org_a, user=admin.user).get("/manage/").status_code == 302
    client.post("/manage/security/", {})
    assert not Org.objects.get(pk=org_a.pk).require_two_factor
    assert host_client(org_a, user=admin.user).get("/manage/").status_code == 200


def test_an_owner_without_an_authenticator_cannot_lock_themselves_out(org_a, in_org, host_client):
    in_org(org_a)
    owner = OrgMemberFactory(role=OrgMember.Role.OWNER)
    response = host_client(org_a, user=owner.user).post("/manage/security/", {"require_two_factor": "on"})
    assert response.status_code == 400
    assert "Set up two-factor authentication for your own account first" in response.content.decode()
    assert not Org.objects.get(pk=org_a.pk).require_two_factor


def test_only_owners_change_the_requirement(org_a, in_org, host_client):
    in_org(org_a)
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    _with_totp(admin.user)
    response = host_client(org_a, user=admin.user).post("/manage/security/", {"require_two_factor": "on"})
    assert response.status_code == 403
    assert not Org.objects.get(pk=org_a.pk).require_two_factor


def test_the_demo_staff_user_has_a_documented_authenticator():
    from apps.platform.management.commands.seed_demo import DEMO_STAFF_TOTP_SECRET

    code = totp_code_now(DEMO_STAFF_TOTP_SECRET)
    assert len(code) == 6 and code.isdigit()
