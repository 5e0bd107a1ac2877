"""Accepting a collaborator invitation (an instructor's invitation for one course): the invitee's
profile is credited on the product with the invitation's share and may edit the course in the
studio.

The invitation lives in the public schema, the product and its credits in the org's; both are
written in one transaction (one database), so a refusal (the course's shares would go over 100%)
changes nothing on either side, and the emails, sent on commit, are not sent.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from apps.course.models import OrgProductCourse
from apps.course.services.common import Verb, actor_member
from apps.course.services.courses import (
    course_instructor_add,
    course_instructor_ids_sorted,
    instructors_record,
)
from apps.instructor.models import InstructorOrgAffiliation, InstructorOrgInvitation, UserInstructorProfile
from apps.instructor.services.invitations import counter_offer_accept, invitation_accept
from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.services import member_add
from apps.product.attribution import Attribution, Credit, attribution_set, attributions_for_product
from apps.product.models import OrgProduct
from apps.user.models import User
from volmify.actors import Actor

HUNDRED = Decimal(100)


@transaction.atomic
def collaborator_invitation_accept(
    *, actor: User, invitation: InstructorOrgInvitation, profile: UserInstructorProfile
) -> InstructorOrgAffiliation:
    """The invitee accepts with ``profile`` (``invitation_accept``), credited on the invitation's
    product when there is one."""
    affiliation = invitation_accept(actor=actor, invitation=invitation, profile=profile)
    _credit(actor=actor, invitation=invitation, profile=profile)
    return affiliation


@transaction.atomic
def collaborator_counter_offer_accept(
    *, actor: Actor, invitation: InstructorOrgInvitation
) -> InstructorOrgAffiliation:
    """An admin accepts a counter-offer (``counter_offer_accept``), crediting the counter-offer's
    profile on the invitation's product when there is one."""
    affiliation = counter_offer_accept(actor=actor, invitation=invitation)
    _credit(actor=actor, invitation=invitation, profile=affiliation.profile)
    return affiliation


def _credit(*, actor: Actor, invitation: InstructorOrgInvitation, profile: UserInstructorProfile) -> None:
    if invitation.product_id is None or invitation.share_percent is None:
        return
    with schema_context(invitation.org.schema_name):
        product = OrgProduct.objects.filter(pk=invitation.product_id).first()
        if product is None:
            raise ValidationError(_("The course of this invitation no longer exists."))
        existing = attributions_for_product(product=product)
        if any(row.profile_id == profile.pk for row in existing):
            raise ValidationError(_("This profile is already credited on this course."))
        taken = sum((row.share_percent for row in existing), Decimal(0))
        if taken + invitation.share_percent > HUNDRED:
            raise ValidationError(
                _(
                    "This course's creators already share %(taken)s%% of its pool, so a %(share)s%% "
                    "share would take them over 100%%. Ask the organization to adjust the shares, "
                    "then accept again."
                )
                % {"taken": taken, "share": invitation.share_percent}
            )
        credits = [
            Credit(profile_id=row.profile_id, role=row.role, share_percent=row.share_percent)
            for row in existing
        ]
        credits.append(
            Credit(
                profile_id=profile.pk, role=Attribution.Role.CO_AUTHOR, share_percent=invitation.share_percent
            )
        )
        attribution_set(actor=actor, product=product, credits=credits)
        course = OrgProductCourse.objects.filter(product=product).first()
        if course is not None:
            member = OrgMember.objects.filter(user_id=profile.user_id).first()
            if member is None or not role_at_least(member.role, OrgMember.Role.INSTRUCTOR):
                member = member_add(actor=actor, user=profile.user, role=OrgMember.Role.INSTRUCTOR)
            course_instructor_add(actor=actor, course=course, member=member)


@transaction.atomic
def product_creators_set(
    *, actor: Actor, product: OrgProduct, credits: Sequence[Credit], editor_profile_ids: Collection[int]
) -> list[Attribution]:
    """Credit exactly ``credits`` on ``product`` (``attribution_set``: who is paid, and how much of
    the creators' pool) and, on a course, let exactly the credited profiles of
    ``editor_profile_ids`` edit it in the studio: two separate permissions, so an editor may be
    credited with a share of 0 (paid nothing) and a paid creator need not edit.

    The people of the other credited profiles lose their studio rights on this course; members the
    console does not list (not credited here) keep theirs. Only admins set this; refused as a whole,
    nothing changed, otherwise."""
    actor_member(actor, minimum_role=OrgMember.Role.ADMIN)
    editors = set(editor_profile_ids)
    if editors - {credit.profile_id for credit in credits}:
        raise ValidationError(_("Only a credited profile can be allowed to edit in the studio."))
    course = OrgProductCourse.objects.filter(product=product).first()
    if course is None and editors:
        raise ValidationError(_("Only a course is edited in the studio; this product is not a course."))
    credited = attribution_set(actor=actor, product=product, credits=credits)
    if course is not None:
        _editors_set(actor=actor, course=course, credited=credited, editors=editors)
    return credited


def _editors_set(
    *, actor: Actor, course: OrgProductCourse, credited: list[Attribution], editors: set[int]
) -> None:
    users = {row.profile.user_id: row.profile.user for row in credited}
    editor_users = {row.profile.user_id for row in credited if row.profile_id in editors}
    members = {member.user_id: member for member in OrgMember.objects.filter(user_id__in=list(users))}
    before = course_instructor_ids_sorted(course)
    for user_id in sorted(editor_users):
        member = members.get(user_id)
        if member is None or not role_at_least(member.role, OrgMember.Role.INSTRUCTOR):
            member = member_add(actor=actor, user=users[user_id], role=OrgMember.Role.INSTRUCTOR)
        course.instructors.add(member)
    course.instructors.remove(*[m.pk for user_id, m in members.items() if user_id not in editor_users])
    instructors_record(actor=actor, verb=Verb.UPDATE, course=course, before=before)
