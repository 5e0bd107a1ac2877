"""Writes to membership in the active org's schema."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from apps.member.models import OrgMember
from apps.member.selectors import MEMO_ATTRIBUTE


def member_add(*, user: AbstractBaseUser, role: str) -> OrgMember:
    """Make ``user`` a member with ``role``, or give an existing member that role."""
    member, created = OrgMember.objects.get_or_create(user_id=user.pk, defaults={"role": role})
    if not created and member.role != role:
        member.role = role
        member.save(update_fields=["role"])
    _forget_remembered_membership(user)
    return member


def member_join(*, user: AbstractBaseUser) -> OrgMember:
    """A user joining the storefront becomes a learner; an existing member keeps their role."""
    member, _ = OrgMember.objects.get_or_create(user_id=user.pk, defaults={"role": OrgMember.Role.LEARNER})
    _forget_remembered_membership(user)
    return member


def _forget_remembered_membership(user: AbstractBaseUser) -> None:
    user.__dict__.pop(MEMO_ATTRIBUTE, None)
