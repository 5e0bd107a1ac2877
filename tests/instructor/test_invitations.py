from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.general.models import Locale
from apps.instructor.models import InstructorOrgAffiliation, InstructorOrgInvitation
from apps.instructor.services.invitations import (
    application_approve,
    application_create,
    invitation_accept,
    invitation_approve,
    invitation_create,
    invitation_decline,
    invitation_revoke,
)
from apps.user.models import UserProfile
from tests.actors import TEST_ACTOR
from tests.instructor.factories import InstructorProfileFactory, affiliation_with_share
from tests.user.factories import UserFactory

SELLS = {"USD"}


def invite(org, email="invitee@example.com", **kwargs):
    defaults = {"by_admin": True, "kind": "revenue_share", "percent": "30", "selling_currencies": SELLS}
    return invitation_create(actor=TEST_ACTOR, org=org, email=email, **{**defaults, **kwargs})


def test_admin_invitation_is_sent_and_accepted_with_one_of_the_invitees_profiles(
    org_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(org_a)
    assert invitation.status == "pending"
    assert mail.outbox[0].to == ["invitee@example.com"]
    assert f"/invitations/{invitation.token}/" in mail.outbox[0].body
    user = UserFactory(email="invitee@example.com")
    profile = InstructorProfileFactory(user=user)
    affiliation = invitation_accept(actor=user, invitation=invitation, profile=profile)
    assert (affiliation.status, affiliation.profile, affiliation.org) == ("active", profile, org_a)
    terms = affiliation.compensations.get()
    assert (terms.kind, str(terms.percent)) == ("revenue_share", "30.00")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.affiliation) == ("accepted", affiliation)


def test_email_is_in_the_recipients_language(org_a, django_capture_on_commit_callbacks):
    user = UserFactory(email="lectora@example.com")
    UserProfile.objects.filter(user=user).delete()
    UserProfile(user=user, preferred_locale=Locale.objects.get(locale_key="es-ES")).save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(org_a, email="lectora@example.com")
    assert mail.outbox[0].subject == "Alpha te invita a enseñar con ellos"


def test_someone_elses_invitation_is_refused(org_a):
    invitation = invite(org_a)
    stranger = UserFactory(email="stranger@example.com")
    profile = InstructorProfileFactory(user=stranger)
    with pytest.raises(ValidationError) as caught:
        invitation_accept(actor=stranger, invitation=invitation, profile=profile)
    assert "another email address" in caught.value.messages[0]
    assert not InstructorOrgAffiliation.objects.filter(org=org_a).exists()


def test_accepting_with_someone_elses_profile_is_refused(org_a):
    invitation = invite(org_a)
    user = UserFactory(email="invitee@example.com")
    with pytest.raises(ValidationError) as caught:
        invitation_accept(actor=user, invitation=invitation, profile=InstructorProfileFactory())
    assert caught.value.message_dict == {"profile": ["Choose one of your own profiles."]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("expire", "This invitation has expired. Ask the organization for a new one."),
        ("revoke", "This invitation was withdrawn by the organization."),
    ],
)
def test_expired_and_revoked_invitations_refuse_cleanly(org_a, change, message):
    invitation = invite(org_a)
    if change == "expire":
        InstructorOrgInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    else:
        invitation_revoke(actor=TEST_ACTOR, invitation=invitation)
    invitation.refresh_from_db()
    user = UserFactory(email="invitee@example.com")
    for answer in (
        lambda: invitation_accept(
            actor=user, invitation=invitation, profile=InstructorProfileFactory(user=user)
        ),
        lambda: invitation_decline(actor=user, invitation=invitation),
    ):
        with pytest.raises(ValidationError) as caught:
            answer()
        assert caught.value.messages == [message]
    assert not InstructorOrgAffiliation.objects.filter(org=org_a).exists()


def test_instructor_invites_a_collaborator_and_an_admin_other_than_them_approves(
    org_a, django_capture_on_commit_callbacks
):
    instructor = affiliation_with_share(org_a).profile.user
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            actor=instructor,
            org=org_a,
            email="friend@example.com",
            by_admin=False,
            kind="revenue_share",
            percent="10",
            selling_currencies=SELLS,
        )
    assert invitation.status == "awaiting_approval" and mail.outbox == []
    with pytest.raises(ValidationError) as caught:
        invitation_approve(actor=instructor, invitation=invitation)
    assert caught.value.messages == ["Another admin must approve an invitation you made."]
    invitation.refresh_from_db()
    assert invitation.status == "awaiting_approval"
    admin = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation_approve(actor=admin, invitation=invitation)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.approved_by) == ("pending", admin)
    assert mail.outbox[0].to == ["friend@example.com"]


def test_a_non_instructor_cannot_invite(org_a):
    with pytest.raises(ValidationError) as caught:
        invitation_create(
            actor=UserFactory(),
            org=org_a,
            email="x@example.com",
            by_admin=False,
            kind="revenue_share",
            percent="10",
            selling_currencies=SELLS,
        )
    assert caught.value.messages == ["Only this organization's admins and active instructors can invite."]
    assert not InstructorOrgInvitation.objects.exists()


def test_invitation_with_terms_in_a_currency_the_org_does_not_sell_in_is_refused(org_a):
    with pytest.raises(ValidationError) as caught:
        invite(org_a, kind="fixed", amounts={"EUR": {"per_sale": "5"}})
    assert caught.value.message_dict == {
        "amounts": ["This organization does not sell in EUR; it sells in USD."]
    }
    assert not InstructorOrgInvitation.objects.exists()


def test_application_is_approved_by_an_admin_with_terms(org_a, django_capture_on_commit_callbacks):
    user = UserFactory()
    profile = InstructorProfileFactory(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        affiliation = application_create(
            actor=user, profile=profile, org=org_a, message="I teach SQL", admin_emails=["owner@alpha.test"]
        )
    assert affiliation.status == "awaiting_approval"
    assert mail.outbox[0].to == ["owner@alpha.test"]
    with pytest.raises(ValidationError):
        application_approve(
            actor=user, affiliation=affiliation, kind="revenue_share", percent="20", selling_currencies=SELLS
        )
    affiliation = application_approve(
        actor=UserFactory(),
        affiliation=affiliation,
        kind="fixed",
        amounts={"USD": {"per_sale": "3"}},
        selling_currencies=SELLS,
    )
    assert affiliation.status == "active"
    assert affiliation.compensations.get().amounts.get().per_sale == 3
