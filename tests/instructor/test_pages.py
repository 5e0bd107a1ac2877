import pytest
from django.core import mail

from apps.instructor.models import InstructorOrgAffiliation, InstructorOrgInvitation
from apps.instructor.services.invitations import invitation_create
from apps.member.models import OrgMember
from tests.actors import TEST_ACTOR
from tests.instructor.factories import InstructorProfileFactory, affiliation_with_share
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.user.factories import UserFactory


@pytest.fixture
def admin(org_a, in_org):
    in_org(org_a)
    market(2)  # sells in USD and EUR
    return OrgMemberFactory(role=OrgMember.Role.ADMIN).user


def test_admin_invites_with_terms_from_the_console(
    admin, host_client, org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client(org_a, admin).post(
            "/manage/instructors/",
            {
                "email": "new@example.com",
                "role": "instructor",
                "kind": "hybrid",
                "percent": "30",
                "per_sale_EUR": "2",
            },
        )
    assert response.status_code == 302
    invitation = InstructorOrgInvitation.objects.get(org=org_a)
    assert invitation.terms == {
        "kind": "hybrid",
        "percent": "30.00",
        "amounts": {"EUR": {"per_sale": "2.00", "per_month": "0.00"}},
    }
    assert mail.outbox[0].to == ["new@example.com"]


def test_bad_terms_in_the_console_are_inline_errors_and_save_nothing(admin, host_client, org_a):
    response = host_client(org_a, admin).post(
        "/manage/instructors/",
        {"email": "new@example.com", "role": "instructor", "kind": "revenue_share", "percent": "101"},
    )
    assert response.status_code == 400
    assert "Enter a percentage from 0 to 100." in response.content.decode()
    assert not InstructorOrgInvitation.objects.exists()


def test_list_and_detail_show_affiliations_and_compensation(admin, host_client, org_a):
    affiliation = affiliation_with_share(org_a, percent="25")
    client = host_client(org_a, admin)
    html = client.get("/manage/instructors/").content.decode()
    assert affiliation.profile.display_name in html and "25.00% share" in html
    response = client.post(
        f"/manage/instructors/{affiliation.pk}/", {"kind": "revenue_share", "percent": "35"}
    )
    assert response.status_code == 302
    assert list(affiliation.compensations.order_by("effective_from").values_list("percent", flat=True)) == [
        25,
        35,
    ]
    response = client.post(f"/manage/instructors/{affiliation.pk}/status/", {"status": "suspended"})
    affiliation.refresh_from_db()
    assert affiliation.status == "suspended"


def test_org_b_cannot_see_or_change_org_as_affiliations_and_invitations(
    org_a, org_b, in_org, host_client, django_capture_on_commit_callbacks
):
    affiliation = affiliation_with_share(org_a, percent="25")
    invitation = invitation_create(
        actor=TEST_ACTOR,
        org=org_a,
        email="a@example.com",
        by_admin=True,
        kind="revenue_share",
        percent="5",
        selling_currencies={"USD"},
    )
    in_org(org_b)
    admin_b = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    client = host_client(org_b, admin_b)
    html = client.get("/manage/instructors/").content.decode()
    assert affiliation.profile.display_name not in html and "a@example.com" not in html
    assert client.get(f"/manage/instructors/{affiliation.pk}/").status_code == 404
    assert (
        client.post(f"/manage/instructors/{affiliation.pk}/status/", {"status": "ended"}).status_code == 404
    )
    assert client.post(f"/manage/instructors/invitations/{invitation.pk}/revoke/").status_code == 404
    affiliation.refresh_from_db()
    invitation.refresh_from_db()
    assert (affiliation.status, invitation.status) == ("active", "pending")
    assert affiliation.compensations.count() == 1


@pytest.mark.parametrize("role", [OrgMember.Role.INSTRUCTOR, OrgMember.Role.LEARNER])
def test_non_admins_get_403_and_change_nothing(org_a, in_org, host_client, role):
    in_org(org_a)
    user = OrgMemberFactory(role=role).user
    response = host_client(org_a, user).post(
        "/manage/instructors/",
        {"email": "x@example.com", "role": "instructor", "kind": "revenue_share", "percent": "5"},
    )
    assert response.status_code == 403
    assert not InstructorOrgInvitation.objects.exists()


def test_invitee_accepts_on_the_platform_with_a_new_profile(org_a, host_client):
    invitation = invitation_create(
        actor=TEST_ACTOR,
        org=org_a,
        email="guest@example.com",
        by_admin=True,
        kind="revenue_share",
        percent="30",
        selling_currencies={"USD"},
    )
    user = UserFactory(email="guest@example.com")
    client = host_client(None, user)
    page = client.get(f"/invitations/{invitation.token}/")
    assert page.status_code == 200 and "30.00% share" in page.content.decode()
    response = client.post(
        f"/invitations/{invitation.token}/", {"profile": "new", "new_display_name": "Guest Star"}
    )
    assert response.status_code == 302
    affiliation = InstructorOrgAffiliation.objects.get(org=org_a)
    assert (affiliation.profile.display_name, affiliation.profile.user) == ("Guest Star", user)
    assert response["Location"] == f"/creators/{affiliation.profile.slug}/"


def test_someone_else_signed_in_cannot_accept_on_the_platform(org_a, host_client):
    invitation = invitation_create(
        actor=TEST_ACTOR,
        org=org_a,
        email="guest@example.com",
        by_admin=True,
        kind="revenue_share",
        percent="30",
        selling_currencies={"USD"},
    )
    other = UserFactory()
    profile = InstructorProfileFactory(user=other)
    response = host_client(None, other).post(
        f"/invitations/{invitation.token}/", {"profile": str(profile.pk)}
    )
    assert response.status_code == 400
    assert "sent to another email address" in response.content.decode()
    assert not InstructorOrgAffiliation.objects.exists()


def test_unknown_token_is_404_and_signed_out_visitors_sign_in_first(org_a, host_client):
    user = UserFactory()
    assert host_client(None, user).get("/invitations/nope/").status_code == 404
    assert host_client().get("/invitations/nope/").status_code == 302


def test_instructor_applies_from_the_storefront_and_admins_are_told(
    org_a, in_org, host_client, django_capture_on_commit_callbacks
):
    in_org(org_a)
    market(1)
    OrgMemberFactory(role=OrgMember.Role.ADMIN, user=UserFactory(email="boss@alpha.test"))
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client(org_a, user).post(
            "/teach/", {"profile": "new", "new_display_name": "Data Dana", "message": "SQL courses"}
        )
    assert response.status_code == 302
    affiliation = InstructorOrgAffiliation.objects.get(org=org_a)
    assert (affiliation.status, affiliation.profile.display_name) == ("awaiting_approval", "Data Dana")
    assert sorted(message.to[0] for message in mail.outbox) == ["boss@alpha.test", "owner@alpha.test"]
    response = host_client(org_a, user).post(
        "/teach/", {"profile": str(affiliation.profile_id), "message": "again"}
    )
    assert response.status_code == 400
    assert "already works with this organization" in response.content.decode()
