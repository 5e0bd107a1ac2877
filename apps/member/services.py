"""Writes to membership in the active org's schema."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_record
from apps.member.models import OrgMember
from apps.member.selectors import MEMO_ATTRIBUTE
from volmify.actors import Actor


@transaction.atomic
def member_add(*, actor: Actor, user: AbstractBaseUser, role: str) -> OrgMember:
    """Make ``user`` a member with ``role``, or give an existing member that role."""
    member = OrgMember.objects.filter(user_id=user.pk).first()
    before = None if member is None else {"role": member.role}
    if member is None:
        member = OrgMember.objects.create(user_id=user.pk, role=role)
    elif member.role != role:
        member.role = role
        member.save(update_fields=["role"])
    verb = OrgAuditEntry.Verb.ADD if before is None else OrgAuditEntry.Verb.UPDATE
    audit_record(
        actor=actor, verb=verb, target=member, before=before, after={"role": role}, label=_label(user)
    )
    _forget_remembered_membership(user)
    return member


@transaction.atomic
def member_join(*, actor: Actor, user: AbstractBaseUser) -> OrgMember:
    """A user joining the storefront becomes a learner; an existing member keeps their role.
    ``actor`` is the user joining."""
    member, created = OrgMember.objects.get_or_create(
        user_id=user.pk, defaults={"role": OrgMember.Role.LEARNER}
    )
    if created:
        audit_record(
            actor=actor,
            verb=OrgAuditEntry.Verb.JOIN,
            target=member,
            after={"role": member.role},
            label=_label(user),
        )
    _forget_remembered_membership(user)
    return member


def _label(user: AbstractBaseUser) -> str:
    return getattr(user, "email", "") or str(user.pk)


def _forget_remembered_membership(user: AbstractBaseUser) -> None:
    user.__dict__.pop(MEMO_ATTRIBUTE, None)
