"""Counter-offers: the invitee proposes other terms on /invitations/<token>/; an admin accepts
(an affiliation on the counter terms) or declines in /manage/instructors/."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.instructor.models import InstructorOrgAffiliation, InstructorOrgInvitation
from apps.instructor.services.invitations import (
    counter_offer_accept,
    invitation_counter_offer,
    invitation_create,
    invitation_revoke,
)
from apps.member.models import OrgMember
from apps.product.models import OrgProductInstructorAttribution
from tests.actors import TEST_ACTOR
from tests.course.factories import CourseFactory
from tests.instructor.factories import InstructorProfileFactory
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.user.factories import UserFactory

COUNTER = {"counter-profile": "new", "counter-new_display_name": "Guest", "counter-kind": "revenue_share"}


@pytest.fixture
def admin(org_a, in_org):
    in_org(org_a)
    market(2)  # sells in USD and EUR
    return OrgMemberFactory(role=OrgMember.Role.ADMIN, user=UserFactory(email="boss@example.com")).user


def invite(org, admin, **kwargs):
    return invitation_create(
        actor=admin,
        org=org,
        email="guest@example.com",
        by_admin=True,
        kind="revenue_share",
        percent="30",
        selling_currencies={"USD", "EUR"},
        **kwargs,
    )


def counter_offer(host_client, invitation, captured, user=None, **changes):
    user = user or UserFactory(email="guest@example.com")
    with captured(execute=True):
        return host_client(None, user).post(
            f"/invitations/{invitation.token}/counter-offer/",
            {**COUNTER, "counter-percent": "45", "counter-message": "I bring the videos.", **changes},
        )


def test_invitee_counter_offers_and_the_admin_accepts_on_the_counter_terms(
    admin, org_a, host_client, django_capture_on_commit_callbacks
):
    invitation = invite(org_a, admin)
    page = host_client(None, UserFactory(email="guest@example.com")).get(f"/invitations/{invitation.token}/")
    assert "Propose different terms" in page.content.decode()
    response = counter_offer(
        host_client, invitation, django_capture_on_commit_callbacks, user=page.wsgi_request.user
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "counter_offered"
    assert invitation.counter_terms == {"kind": "revenue_share", "percent": "45.00", "amounts": {}}
    assert invitation.counter_profile.display_name == "Guest"
    assert not InstructorOrgAffiliation.objects.filter(org=org_a).exists()
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == ["boss@example.com", "owner@alpha.test"]
    assert (
        "proposed different terms" in mail.outbox[0].subject and "I bring the videos." in mail.outbox[0].body
    )

    client = host_client(org_a, admin)
    listing = client.get("/manage/instructors/").content.decode()
    assert "Counter-offer as Guest" in listing and "45.00% share" in listing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/manage/instructors/invitations/{invitation.pk}/counter-accept/")
    assert response.status_code == 302
    affiliation = InstructorOrgAffiliation.objects.get(org=org_a)
    assert (affiliation.status, affiliation.profile.display_name) == ("active", "Guest")
    assert affiliation.compensations.get().percent == Decimal("45.00")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.affiliation) == ("accepted", affiliation)
    assert (
        mail.outbox[0].to == ["guest@example.com"] and "accepted your counter-offer" in mail.outbox[0].subject
    )


def test_the_admin_declines_a_counter_offer_and_the_invitee_is_told(
    admin, org_a, host_client, django_capture_on_commit_callbacks
):
    invitation = invite(org_a, admin)
    counter_offer(host_client, invitation, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client(org_a, admin).post(
            f"/manage/instructors/invitations/{invitation.pk}/counter-decline/"
        )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert not InstructorOrgAffiliation.objects.filter(org=org_a).exists()
    assert (
        mail.outbox[0].to == ["guest@example.com"] and "declined your counter-offer" in mail.outbox[0].subject
    )
    # answering again changes nothing
    again = host_client(org_a, admin).post(f"/manage/instructors/invitations/{invitation.pk}/counter-accept/")
    assert again.status_code == 302
    assert not InstructorOrgAffiliation.objects.filter(org=org_a).exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("expire", "This invitation has expired. Ask the organization for a new one."),
        ("revoke", "This invitation was withdrawn by the organization."),
    ],
)
def test_expired_and_revoked_invitations_refuse_counter_offers_cleanly(
    admin, org_a, host_client, django_capture_on_commit_callbacks, change, message
):
    invitation = invite(org_a, admin)
    if change == "expire":
        InstructorOrgInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    else:
        invitation_revoke(actor=TEST_ACTOR, invitation=invitation)
    mail.outbox.clear()
    user = UserFactory(email="guest@example.com")
    response = counter_offer(host_client, invitation, django_capture_on_commit_callbacks, user=user)
    assert response.status_code == 400
    assert message in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == ("pending" if change == "expire" else "revoked")
    assert invitation.counter_terms == {}
    assert not user.instructor_profiles.exists()  # the new profile was not kept
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"counter-percent": "101"}, "Enter a percentage from 0 to 100."),
        ({"counter-percent": "12.345"}, "at most two decimal places"),
        ({"counter-percent": "30"}, "These are the terms you were offered"),
        (
            {"counter-profile": "new", "counter-new_display_name": ""},
            "Choose one of your profiles or name a new one.",
        ),
    ],
)
def test_bad_counter_offers_are_inline_errors_and_change_nothing(
    admin, org_a, host_client, django_capture_on_commit_callbacks, changes, message
):
    invitation = invite(org_a, admin)
    mail.outbox.clear()
    response = counter_offer(host_client, invitation, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.status, invitation.counter_terms) == ("pending", {})
    assert mail.outbox == []


def test_someone_else_cannot_counter_offer(admin, org_a, host_client, django_capture_on_commit_callbacks):
    invitation = invite(org_a, admin)
    response = counter_offer(host_client, invitation, django_capture_on_commit_callbacks, user=UserFactory())
    assert response.status_code == 400
    assert "sent to another email address" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_another_org_cannot_answer_the_counter_offer(
    admin, org_a, org_b, in_org, host_client, django_capture_on_commit_callbacks
):
    invitation = invite(org_a, admin)
    counter_offer(host_client, invitation, django_capture_on_commit_callbacks)
    in_org(org_b)
    outsider = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    for action in ("counter-accept", "counter-decline"):
        response = host_client(org_b, outsider).post(
            f"/manage/instructors/invitations/{invitation.pk}/{action}/"
        )
        assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "counter_offered"
    assert not InstructorOrgAffiliation.objects.exists()


def test_the_invitee_cannot_accept_their_own_counter_offer(admin, org_a):
    invitation = invite(org_a, admin)
    user = UserFactory(email="guest@example.com")
    profile = InstructorProfileFactory(user=user)
    invitation_counter_offer(
        actor=user,
        invitation=invitation,
        profile=profile,
        kind="fixed",
        amounts={"USD": {"per_sale": "3"}},
        selling_currencies={"USD"},
    )
    with pytest.raises(ValidationError) as caught:
        counter_offer_accept(actor=user, invitation=invitation)
    assert caught.value.messages == ["Another admin must answer your own counter-offer."]


def test_accepting_a_collaborators_counter_offer_credits_them_on_the_course(
    admin, org_a, in_org, host_client, django_capture_on_commit_callbacks
):
    course = CourseFactory()
    invitation = invite(org_a, admin, product_id=course.pk, share_percent="25")
    counter_offer(host_client, invitation, django_capture_on_commit_callbacks)
    response = host_client(org_a, admin).post(
        f"/manage/instructors/invitations/{invitation.pk}/counter-accept/"
    )
    assert response.status_code == 302
    in_org(org_a)
    credit = OrgProductInstructorAttribution.objects.get(product_id=course.pk)
    assert (credit.profile.display_name, credit.share_percent) == ("Guest", Decimal("25.00"))
    assert course.instructors.filter(user__email="guest@example.com").exists()
