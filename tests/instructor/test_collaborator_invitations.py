"""Collaborator invitations from the studio: an instructor invites onto a course they edit, an
admin other than them approves, the invitee accepts and is credited on the course."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.general.models import Locale
from apps.instructor.models import InstructorOrgAffiliation, InstructorOrgInvitation, UserInstructorProfile
from apps.instructor.services.invitations import invitation_approve
from apps.member.models import OrgMember
from apps.product.attribution import Credit, attribution_set
from apps.product.models import OrgProductInstructorAttribution
from apps.user.models import UserProfile
from tests.actors import TEST_ACTOR
from tests.course.factories import CourseFactory
from tests.instructor.factories import affiliation_with_share
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.user.factories import UserFactory

FORM = {"email": "friend@example.com", "share_percent": "40", "kind": "revenue_share", "percent": "20"}


@pytest.fixture
def studio(org_a, in_org):
    """An active instructor of org A editing a course, and an admin."""
    in_org(org_a)
    market(2)  # sells in USD and EUR
    affiliation = affiliation_with_share(org_a)
    member = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR, user=affiliation.profile.user)
    course = CourseFactory()
    course.instructors.add(member)
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN, user=UserFactory(email="boss@example.com")).user
    return {"instructor": member.user, "profile": affiliation.profile, "course": course, "admin": admin}


def _invite(studio, host_client, org, captured, **changes):
    url = f"/studio/courses/{studio['course'].pk}/collaborators/"
    with captured(execute=True):
        return host_client(org, studio["instructor"]).post(url, {**FORM, **changes})


def test_instructor_invites_from_the_studio_an_admin_approves_and_the_invitee_is_credited(
    studio, org_a, host_client, in_org, django_capture_on_commit_callbacks
):
    response = _invite(studio, host_client, org_a, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    invitation = InstructorOrgInvitation.objects.get(org=org_a)
    assert (invitation.status, invitation.product_id, invitation.share_percent) == (
        "awaiting_approval",
        studio["course"].pk,
        Decimal("40.00"),
    )
    assert invitation.terms["percent"] == "20.00"
    # the org's owner and admins are asked; the invitee hears nothing yet
    assert sorted(m.to[0] for m in mail.outbox) == ["boss@example.com", "owner@alpha.test"]
    assert "waits for your approval" in mail.outbox[0].subject
    assert "/manage/instructors/" in mail.outbox[0].body
    page = host_client(org_a, studio["instructor"]).get(
        f"/studio/courses/{studio['course'].pk}/collaborators/"
    )
    assert "friend@example.com" in page.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approved = host_client(org_a, studio["admin"]).post(
            f"/manage/instructors/invitations/{invitation.pk}/approve/"
        )
    assert approved.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "pending" and mail.outbox[0].to == ["friend@example.com"]

    mail.outbox.clear()
    friend = UserFactory(email="friend@example.com")
    client = host_client(None, friend)
    page = client.get(f"/invitations/{invitation.token}/")
    assert "40.00%" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/invitations/{invitation.token}/", {"profile": "new", "new_display_name": "Friend Co"}
        )
    assert response.status_code == 302
    in_org(org_a)  # the platform request left the public schema active
    profile = UserInstructorProfile.objects.get(user=friend)
    credit = OrgProductInstructorAttribution.objects.get(profile=profile)
    assert (credit.product_id, credit.share_percent, credit.role) == (
        studio["course"].pk,
        Decimal("40.00"),
        "co_author",
    )
    member = OrgMember.objects.get(user=friend)
    assert member.role == OrgMember.Role.INSTRUCTOR
    assert member in studio["course"].instructors.all()
    assert mail.outbox[0].to == [studio["instructor"].email]  # the inviter hears of the acceptance
    # the collaborator may now edit the course in the studio
    assert host_client(org_a, friend).get(f"/studio/courses/{studio['course'].pk}/").status_code == 200


def test_an_instructor_cannot_approve_their_own_invitation(
    studio, org_a, host_client, django_capture_on_commit_callbacks
):
    _invite(studio, host_client, org_a, django_capture_on_commit_callbacks)
    invitation = InstructorOrgInvitation.objects.get(org=org_a)
    with pytest.raises(ValidationError) as caught:
        invitation_approve(actor=studio["instructor"], invitation=invitation)
    assert caught.value.messages == ["Another admin must approve an invitation you made."]
    # nor from the console, which is for admins only
    response = host_client(org_a, studio["instructor"]).post(
        f"/manage/instructors/invitations/{invitation.pk}/approve/"
    )
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.status == "awaiting_approval"


def test_shares_over_100_are_refused_at_accept_time_and_nothing_changes(
    studio, org_a, host_client, in_org, django_capture_on_commit_callbacks
):
    _invite(studio, host_client, org_a, django_capture_on_commit_callbacks)
    invitation = InstructorOrgInvitation.objects.get(org=org_a)
    invitation_approve(actor=studio["admin"], invitation=invitation)
    product = studio["course"].product
    attribution_set(actor=TEST_ACTOR, product=product, credits=[Credit(studio["profile"].pk, "author", "70")])
    mail.outbox.clear()
    friend = UserFactory(email="friend@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client(None, friend).post(
            f"/invitations/{invitation.token}/", {"profile": "new", "new_display_name": "Friend Co"}
        )
    assert response.status_code == 400
    assert "already share 70.00% of its pool" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "pending" and invitation.affiliation is None
    assert not UserInstructorProfile.objects.filter(user=friend).exists()
    assert not InstructorOrgAffiliation.objects.filter(profile__user=friend).exists()
    in_org(org_a)
    assert list(OrgProductInstructorAttribution.objects.values_list("profile_id", "share_percent")) == [
        (studio["profile"].pk, Decimal("70.00"))
    ]
    assert not OrgMember.objects.filter(user=friend).exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"share_percent": "0"}, "The collaborator&#x27;s share must be above zero."),
        ({"share_percent": "101"}, "Enter a percentage from 0 to 100."),
        ({"share_percent": "12.345"}, "at most two decimal places"),
        ({"percent": "-1"}, "Enter a percentage from 0 to 100."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"kind": "fixed", "per_sale_GBP": "2"}, ""),  # not a selling currency: the field is absent
    ],
)
def test_bad_input_in_the_studio_is_an_inline_error_and_saves_nothing(
    studio, org_a, host_client, django_capture_on_commit_callbacks, changes, message
):
    response = _invite(studio, host_client, org_a, django_capture_on_commit_callbacks, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not InstructorOrgInvitation.objects.exists()
    assert mail.outbox == []


def test_a_course_the_instructor_does_not_edit_or_another_orgs_is_404(
    studio, org_a, org_b, in_org, host_client
):
    other_course = CourseFactory()
    url = f"/studio/courses/{other_course.pk}/collaborators/"
    assert host_client(org_a, studio["instructor"]).post(url, FORM).status_code == 404
    in_org(org_b)
    outsider = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    url = f"/studio/courses/{studio['course'].pk}/collaborators/"
    assert host_client(org_b, outsider).get(url).status_code == 404
    assert host_client(org_b, outsider).post(url, FORM).status_code == 404
    assert not InstructorOrgInvitation.objects.exists()


def test_an_instructor_without_an_active_affiliation_cannot_invite(
    studio, org_a, host_client, django_capture_on_commit_callbacks
):
    InstructorOrgAffiliation.objects.filter(profile=studio["profile"]).update(status="suspended")
    response = _invite(studio, host_client, org_a, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Only this organization" in response.content.decode()
    assert not InstructorOrgInvitation.objects.exists()


def test_the_approval_request_is_in_the_admins_language(
    studio, org_a, host_client, django_capture_on_commit_callbacks
):
    UserProfile.objects.filter(user=studio["admin"]).delete()
    UserProfile(user=studio["admin"], preferred_locale=Locale.objects.get(locale_key="es-ES")).save()
    _invite(studio, host_client, org_a, django_capture_on_commit_callbacks)
    to_admin = next(m for m in mail.outbox if m.to == ["boss@example.com"])
    assert to_admin.subject == "Una invitación para friend@example.com espera tu aprobación"


def test_an_expired_collaborator_invitation_credits_nobody(
    studio, org_a, host_client, in_org, django_capture_on_commit_callbacks
):
    _invite(studio, host_client, org_a, django_capture_on_commit_callbacks)
    invitation = InstructorOrgInvitation.objects.get(org=org_a)
    invitation_approve(actor=studio["admin"], invitation=invitation)
    InstructorOrgInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    friend = UserFactory(email="friend@example.com")
    response = host_client(None, friend).post(
        f"/invitations/{invitation.token}/", {"profile": "new", "new_display_name": "Friend Co"}
    )
    assert response.status_code == 400
    assert "This invitation has expired" in response.content.decode()
    in_org(org_a)
    assert not OrgProductInstructorAttribution.objects.filter(profile__user=friend).exists()
