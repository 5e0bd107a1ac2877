"""Invitations to work with an org, and applications to one, with their approvals.

An org admin's invitation is sent at once; an instructor's (a profile with an active affiliation
in the org) waits for an admin, and nobody approves an invitation they made. The invitee accepts
signed in with the invited email, choosing one of their profiles; the proposed terms become the
affiliation's first compensation. Whether the actor is the org's admin is the caller's to say
(membership lives in the org's schema, in an app above this one): console views pass
``by_admin=True``.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_created, audited
from apps.instructor.emails import instructor_email_send
from apps.instructor.models import InstructorOrgAffiliation, InstructorOrgInvitation, UserInstructorProfile
from apps.instructor.money import percent_validate, terms_from_json, terms_validate
from apps.instructor.services.affiliations import (
    affiliation_create,
    affiliation_status_set,
    compensation_record,
    compensation_set,
    in_org_log,
)
from apps.org.models import Org
from apps.org.selectors import org_url, platform_url
from apps.user.models import User
from volmify.actors import Actor, SystemActor, actor_check

INVITATION_DAYS = 14
INVITATION_FIELDS = ("email", "role", "status", "expires_at", "product_id", "share_percent")

Invitation = InstructorOrgInvitation
AffStatus = InstructorOrgAffiliation.Status


def _user_of(actor: Actor) -> User | None:
    return None if isinstance(actor, SystemActor) else actor  # type: ignore[return-value]


def _is_active_instructor(user: User | None, org: Org) -> bool:
    return (
        user is not None
        and InstructorOrgAffiliation.objects.filter(
            profile__user=user, org=org, status=AffStatus.ACTIVE
        ).exists()
    )


def _accept_url(invitation: Invitation) -> str:
    return platform_url(
        reverse("instructor_invitation", args=[invitation.token], urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    )


def _send_to_invitee(invitation: Invitation) -> None:
    instructor_email_send(
        to=invitation.email,
        template="invitation",
        context={"org_name": invitation.org.name, "invitation": invitation, "url": _accept_url(invitation)},
        fallback_language=invitation.language,
    )


@transaction.atomic
def invitation_create(
    *,
    actor: Actor,
    org: Org,
    email: str,
    by_admin: bool,
    kind: str,
    percent: Any = 0,
    amounts: Mapping[str, Mapping[str, Any]] | None = None,
    selling_currencies: Collection[str],
    role: str = InstructorOrgAffiliation.Role.INSTRUCTOR,
    message: str = "",
    language: str = "en",
    product_id: int | None = None,
    share_percent: Any = None,
    admin_emails: Collection[str] = (),
) -> Invitation:
    """Invite ``email`` with proposed terms; sent at once when an admin invites, held for an admin's
    approval when an instructor of the org does (``admin_emails`` are told). Anyone else is refused.

    With ``product_id`` it is a collaborator invitation: on accepting, the invitee is credited on
    that product with ``share_percent`` of its creators' pool (the product is the caller's to
    resolve in the org's schema; the credit is written by ``apps.course.services.collaborators``).
    """
    actor_check(actor)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid email address.")}) from error
    if role not in InstructorOrgAffiliation.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if not by_admin and not _is_active_instructor(_user_of(actor), org):
        raise ValidationError(_("Only this organization's admins and active instructors can invite."))
    terms = terms_validate(kind=kind, percent=percent, amounts=amounts, selling_currencies=selling_currencies)
    share = None
    if product_id is not None:
        share = percent_validate(share_percent, field_name="share_percent")
        if share == 0:
            raise ValidationError({"share_percent": _("The collaborator's share must be above zero.")})
    if Invitation.objects.filter(
        org=org,
        email=email,
        status__in=[Invitation.Status.PENDING, Invitation.Status.AWAITING_APPROVAL],
        expires_at__gt=timezone.now(),
    ).exists():
        raise ValidationError({"email": _("This person already has an open invitation.")})
    invitation = Invitation.objects.create(
        org=org,
        email=email,
        token=secrets.token_urlsafe(32),
        role=role,
        message=message.strip(),
        terms=terms.as_json(),
        language=language,
        status=Invitation.Status.PENDING if by_admin else Invitation.Status.AWAITING_APPROVAL,
        invited_by=_user_of(actor),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        product_id=product_id,
        share_percent=share,
    )
    with in_org_log(org):
        audit_created(actor=actor, target=invitation, fields=INVITATION_FIELDS)
    if by_admin:
        transaction.on_commit(lambda: _send_to_invitee(invitation))
    else:
        _tell_admins(invitation, admin_emails, template="invitation_to_approve")
    return invitation


def _manage_url(org: Org) -> str:
    return org_url(org, reverse("manage_instructors", urlconf=settings.ROOT_URLCONF))


def _tell_admins(
    invitation: Invitation, admin_emails: Collection[str], *, template: str, and_inviter: bool = False
) -> None:
    """Tell the org's admins (and the inviter, when asked and not among them) that an invitation
    waits for them."""
    recipients = list(dict.fromkeys(e.lower() for e in admin_emails if e))
    inviter = invitation.invited_by
    if and_inviter and inviter is not None and inviter.email and inviter.email.lower() not in recipients:
        recipients.append(inviter.email.lower())
    context = {"org_name": invitation.org.name, "invitation": invitation, "url": _manage_url(invitation.org)}

    def send() -> None:
        for email in recipients:
            instructor_email_send(to=email, template=template, context=context)

    transaction.on_commit(send)


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("org", "invited_by")
        .get(pk=invitation.pk)
    )


def _set_status(*, actor: Actor, invitation: Invitation, status: str, **fields: Any) -> None:
    with (
        in_org_log(invitation.org),
        audited(actor=actor, verb=OrgAuditEntry.Verb.UPDATE, target=invitation, fields=INVITATION_FIELDS),
    ):
        invitation.status = status
        for name, value in fields.items():
            setattr(invitation, name, value)
        invitation.save()


@transaction.atomic
def invitation_approve(*, actor: Actor, invitation: Invitation) -> Invitation:
    """An admin approves an instructor's invitation, which is then sent; never its own maker."""
    actor_check(actor)
    invitation = _locked(invitation)
    if invitation.status != Invitation.Status.AWAITING_APPROVAL:
        raise ValidationError(_("This invitation is not waiting for approval."))
    if invitation.invited_by_id is not None and invitation.invited_by_id == getattr(actor, "pk", None):
        raise ValidationError(_("Another admin must approve an invitation you made."))
    _set_status(
        actor=actor,
        invitation=invitation,
        status=Invitation.Status.PENDING,
        approved_by=_user_of(actor),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    transaction.on_commit(lambda: _send_to_invitee(invitation))
    return invitation


@transaction.atomic
def invitation_reject(*, actor: Actor, invitation: Invitation) -> Invitation:
    actor_check(actor)
    invitation = _locked(invitation)
    if invitation.status != Invitation.Status.AWAITING_APPROVAL:
        raise ValidationError(_("This invitation is not waiting for approval."))
    _set_status(actor=actor, invitation=invitation, status=Invitation.Status.REJECTED)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    actor_check(actor)
    invitation = _locked(invitation)
    if invitation.status not in (Invitation.Status.PENDING, Invitation.Status.AWAITING_APPROVAL):
        raise ValidationError(_("Only an open invitation can be revoked."))
    _set_status(actor=actor, invitation=invitation, status=Invitation.Status.REVOKED)
    return invitation


def _answerable(user: User, invitation: Invitation) -> None:
    """Refuse an invitation that is not the signed-in user's to answer, or no longer open."""
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        raise ValidationError(
            _("This invitation was sent to another email address. Sign in with the address it was sent to.")
        )
    if invitation.status == Invitation.Status.REVOKED:
        raise ValidationError(_("This invitation was withdrawn by the organization."))
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask the organization for a new one."))


def _affiliation_from(
    actor: Actor,
    invitation: Invitation,
    profile: UserInstructorProfile,
    *,
    terms: dict,
    message: str,
    **status: Any,
) -> InstructorOrgAffiliation:
    """The accepted invitation's active affiliation on ``terms``; the invitation marked accepted."""
    affiliation = affiliation_create(
        actor=actor,
        profile=profile,
        org=invitation.org,
        role=invitation.role,
        source=InstructorOrgAffiliation.Source.INVITATION,
        message=message,
    )
    compensation_record(actor=actor, affiliation=affiliation, terms=terms_from_json(terms))
    _set_status(
        actor=actor,
        invitation=invitation,
        status=Invitation.Status.ACCEPTED,
        affiliation=affiliation,
        **status,
    )
    return affiliation


@transaction.atomic
def invitation_accept(
    *, actor: User, invitation: Invitation, profile: UserInstructorProfile
) -> InstructorOrgAffiliation:
    """The invitee accepts with one of their profiles: an active affiliation with the proposed terms."""
    actor_check(actor)
    invitation = _locked(invitation)
    _answerable(actor, invitation)
    if profile.user_id != actor.pk:
        raise ValidationError({"profile": _("Choose one of your own profiles.")})
    affiliation = _affiliation_from(
        actor,
        invitation,
        profile,
        terms=invitation.terms,
        message=invitation.message,
        responded_at=timezone.now(),
    )
    _tell_inviter(invitation, template="invitation_accepted", profile=profile)
    return affiliation


@transaction.atomic
def invitation_decline(*, actor: User, invitation: Invitation) -> Invitation:
    actor_check(actor)
    invitation = _locked(invitation)
    _answerable(actor, invitation)
    _set_status(
        actor=actor, invitation=invitation, status=Invitation.Status.DECLINED, responded_at=timezone.now()
    )
    _tell_inviter(invitation, template="invitation_declined", profile=None)
    return invitation


@transaction.atomic
def invitation_counter_offer(
    *,
    actor: User,
    invitation: Invitation,
    profile: UserInstructorProfile,
    kind: str,
    percent: Any = 0,
    amounts: Mapping[str, Mapping[str, Any]] | None = None,
    selling_currencies: Collection[str],
    message: str = "",
    admin_emails: Collection[str] = (),
) -> Invitation:
    """The invitee proposes other terms instead of accepting, as one of their profiles; the
    invitation waits for an admin to accept or decline the counter-offer."""
    actor_check(actor)
    invitation = _locked(invitation)
    _answerable(actor, invitation)
    if profile.user_id != actor.pk:
        raise ValidationError({"profile": _("Choose one of your own profiles.")})
    terms = terms_validate(kind=kind, percent=percent, amounts=amounts, selling_currencies=selling_currencies)
    if terms.as_json() == invitation.terms:
        raise ValidationError(_("These are the terms you were offered: accept the invitation instead."))
    _set_status(
        actor=actor,
        invitation=invitation,
        status=Invitation.Status.COUNTER_OFFERED,
        counter_terms=terms.as_json(),
        counter_message=message.strip(),
        counter_profile=profile,
        responded_at=timezone.now(),
    )
    _tell_admins(invitation, admin_emails, template="counter_offer", and_inviter=True)
    return invitation


def _counter_offered(invitation: Invitation) -> Invitation:
    invitation = _locked(invitation)
    if invitation.status != Invitation.Status.COUNTER_OFFERED or invitation.counter_profile_id is None:
        raise ValidationError(_("This invitation has no counter-offer waiting for an answer."))
    return invitation


@transaction.atomic
def counter_offer_accept(*, actor: Actor, invitation: Invitation) -> InstructorOrgAffiliation:
    """An admin accepts the invitee's counter-offer: an active affiliation on the counter terms."""
    actor_check(actor)
    invitation = _counter_offered(invitation)
    profile = UserInstructorProfile.objects.select_related("user").get(pk=invitation.counter_profile_id)
    if profile.user_id == getattr(actor, "pk", None):
        raise ValidationError(_("Another admin must answer your own counter-offer."))
    message = invitation.counter_message or invitation.message
    affiliation = _affiliation_from(
        actor, invitation, profile, terms=invitation.counter_terms, message=message
    )
    _tell_invitee(invitation, template="counter_offer_accepted", profile=profile)
    return affiliation


@transaction.atomic
def counter_offer_decline(*, actor: Actor, invitation: Invitation) -> Invitation:
    """An admin declines the counter-offer; the invitation ends there (a new one may be sent)."""
    actor_check(actor)
    invitation = _counter_offered(invitation)
    _set_status(actor=actor, invitation=invitation, status=Invitation.Status.DECLINED)
    _tell_invitee(invitation, template="counter_offer_declined", profile=None)
    return invitation


def _tell_invitee(invitation: Invitation, *, template: str, profile: UserInstructorProfile | None) -> None:
    context = {"org_name": invitation.org.name, "invitation": invitation, "profile": profile}
    to, language = invitation.email, invitation.language
    transaction.on_commit(
        lambda: instructor_email_send(to=to, template=template, context=context, fallback_language=language)
    )


def _tell_inviter(invitation: Invitation, *, template: str, profile: UserInstructorProfile | None) -> None:
    inviter = invitation.invited_by
    if inviter is None:
        return
    context = {
        "org_name": invitation.org.name,
        "invitation": invitation,
        "profile": profile,
        "url": _manage_url(invitation.org),
    }
    transaction.on_commit(lambda: instructor_email_send(to=inviter.email, template=template, context=context))


@transaction.atomic
def application_create(
    *, actor: User, profile: UserInstructorProfile, org: Org, message: str, admin_emails: Collection[str]
) -> InstructorOrgAffiliation:
    """An instructor asks to work with ``org`` (from its storefront); its admins are told."""
    actor_check(actor)
    if profile.user_id != actor.pk:
        raise ValidationError({"profile": _("Choose one of your own profiles.")})
    affiliation = affiliation_create(
        actor=actor,
        profile=profile,
        org=org,
        status=AffStatus.AWAITING_APPROVAL,
        source=InstructorOrgAffiliation.Source.APPLICATION,
        message=message,
    )
    context = {
        "org_name": org.name,
        "profile": profile,
        "url": org_url(org, reverse("manage_instructors", urlconf=settings.ROOT_URLCONF)),
    }

    def tell_admins() -> None:
        for email in admin_emails:
            instructor_email_send(to=email, template="application", context=context)

    transaction.on_commit(tell_admins)
    return affiliation


@transaction.atomic
def application_approve(
    *,
    actor: Actor,
    affiliation: InstructorOrgAffiliation,
    kind: str,
    percent: Any = 0,
    amounts: Mapping[str, Mapping[str, Any]] | None = None,
    selling_currencies: Collection[str],
) -> InstructorOrgAffiliation:
    """An admin approves an application with its terms; not the applicant themself."""
    actor_check(actor)
    if affiliation.status != AffStatus.AWAITING_APPROVAL:
        raise ValidationError(_("This application is not waiting for approval."))
    if affiliation.profile.user_id == getattr(actor, "pk", None):
        raise ValidationError(_("Another admin must approve your own application."))
    compensation_set(
        actor=actor,
        affiliation=affiliation,
        kind=kind,
        percent=percent,
        amounts=amounts,
        selling_currencies=selling_currencies,
    )
    affiliation = affiliation_status_set(actor=actor, affiliation=affiliation, status=AffStatus.ACTIVE)
    _tell_applicant(affiliation, template="application_approved")
    return affiliation


@transaction.atomic
def application_decline(*, actor: Actor, affiliation: InstructorOrgAffiliation) -> InstructorOrgAffiliation:
    actor_check(actor)
    if affiliation.status != AffStatus.AWAITING_APPROVAL:
        raise ValidationError(_("This application is not waiting for approval."))
    affiliation = affiliation_status_set(actor=actor, affiliation=affiliation, status=AffStatus.ENDED)
    _tell_applicant(affiliation, template="application_declined")
    return affiliation


def _tell_applicant(affiliation: InstructorOrgAffiliation, *, template: str) -> None:
    to = affiliation.profile.user.email
    context = {"org_name": affiliation.org.name, "profile": affiliation.profile}
    transaction.on_commit(lambda: instructor_email_send(to=to, template=template, context=context))
