"""Writes to membership in the active org's schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.general.tiers import tier_validate
from apps.member.models import OrgMember, OrgMemberProductCourseEnrollment
from apps.member.selectors import MEMO_ATTRIBUTE
from volmify.tasks import enqueue_on_commit


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


# Enrollments ---------------------------------------------------------------------------------


def _enrollment_validate(*, access_tier: int, starts_at: datetime, ends_at: datetime | None) -> None:
    tier_validate(access_tier)
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(_("The end must be after the start."), code="window")


def _enrollment_rollup(enrollment: OrgMemberProductCourseEnrollment) -> None:
    from apps.course.tasks import progress_rollup

    enqueue_on_commit(
        progress_rollup,
        schema_name=connection.schema_name,  # type: ignore[attr-defined]
        member_ids=[enrollment.member_id],
        course_ids=[enrollment.course_id],
    )


@transaction.atomic
def enrollment_grant(
    *,
    member: OrgMember,
    course: Any,
    access_tier: int,
    actor: OrgMember | None,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    source: str = OrgMemberProductCourseEnrollment.Source.MANUAL,
) -> OrgMemberProductCourseEnrollment:
    """Enroll ``member`` in ``course`` at ``access_tier`` (payments call this with source=purchase)."""
    starts_at = starts_at or timezone.now()
    _enrollment_validate(access_tier=access_tier, starts_at=starts_at, ends_at=ends_at)
    enrollment = OrgMemberProductCourseEnrollment.objects.create(
        member=member,
        course=course,
        access_tier=access_tier,
        starts_at=starts_at,
        ends_at=ends_at,
        source=source,
        granted_by=actor,
    )
    _enrollment_rollup(enrollment)
    return enrollment


@transaction.atomic
def enrollment_change(
    *,
    enrollment: OrgMemberProductCourseEnrollment,
    access_tier: int,
    ends_at: datetime | None,
    actor: OrgMember | None,
) -> OrgMemberProductCourseEnrollment:
    """Change the tier or end of an enrollment (the learner's progress is rolled up again)."""
    _enrollment_validate(access_tier=access_tier, starts_at=enrollment.starts_at, ends_at=ends_at)
    enrollment.access_tier = access_tier
    enrollment.ends_at = ends_at
    enrollment.save(update_fields=["access_tier", "ends_at"])
    _enrollment_rollup(enrollment)
    return enrollment


@transaction.atomic
def enrollment_revoke(
    *, enrollment: OrgMemberProductCourseEnrollment, actor: OrgMember | None
) -> OrgMemberProductCourseEnrollment:
    """End access now; the row stays for history. Revoking twice changes nothing."""
    if enrollment.revoked_at is None:
        enrollment.revoked_at = timezone.now()
        enrollment.save(update_fields=["revoked_at"])
        _enrollment_rollup(enrollment)
    return enrollment
