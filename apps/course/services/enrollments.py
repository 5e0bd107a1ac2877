"""Enrollments granted, changed and revoked by hand (admins) or by the system."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_created, audit_fields, audit_record_many, audited
from apps.course.cache import player_states_forget_learners
from apps.course.models import (
    OrgMemberProductCourseEnrollment,
    OrgProductCourse,
)
from apps.course.services.common import (
    Verb,
    actor_member,
    rollup_enqueue,
)
from apps.general.tiers import tier_validate
from apps.member.models import OrgMember
from apps.payment.models import OrgOrderLine
from volmify.actors import Actor

ENROLLMENT_FIELDS = ("member", "course", "access_tier", "starts_at", "ends_at", "source", "order_line")


def _enrollment_validate(*, access_tier: int, starts_at: datetime, ends_at: datetime | None) -> None:
    tier_validate(access_tier)
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError(_("The end must be after the start."), code="window")


def _enrollment_label(enrollment: OrgMemberProductCourseEnrollment) -> str:
    return f"{enrollment.member.user} → {enrollment.course}"


@transaction.atomic
def enrollment_grant(
    *,
    actor: Actor,
    member: OrgMember,
    course: OrgProductCourse,
    access_tier: int,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    source: str = OrgMemberProductCourseEnrollment.Source.MANUAL,
    order_line: OrgOrderLine | None = None,
) -> OrgMemberProductCourseEnrollment:
    """Enroll ``member`` in ``course`` at ``access_tier`` (payments call this with source=purchase).

    Granted by hand by an admin or owner (recorded as ``granted_by``), or by a system actor."""
    granted_by = actor_member(actor, minimum_role=OrgMember.Role.ADMIN)
    starts_at = starts_at or timezone.now()
    _enrollment_validate(access_tier=access_tier, starts_at=starts_at, ends_at=ends_at)
    enrollment = OrgMemberProductCourseEnrollment.objects.create(
        member=member,
        course=course,
        access_tier=access_tier,
        starts_at=starts_at,
        ends_at=ends_at,
        source=source,
        granted_by=granted_by,
        order_line=order_line,
    )
    audit_created(
        actor=actor,
        target=enrollment,
        fields=ENROLLMENT_FIELDS,
        verb=Verb.GRANT,
        label=_enrollment_label(enrollment),
    )
    rollup_enqueue(member_ids=[enrollment.member_id], course_ids=[enrollment.course_id])
    return enrollment


@transaction.atomic
def enrollment_change(
    *,
    actor: Actor,
    enrollment: OrgMemberProductCourseEnrollment,
    access_tier: int,
    ends_at: datetime | None,
) -> OrgMemberProductCourseEnrollment:
    """Change the tier or end of an enrollment as an admin, owner or system actor (the learner's
    progress is rolled up again)."""
    actor_member(actor, minimum_role=OrgMember.Role.ADMIN)
    _enrollment_validate(access_tier=access_tier, starts_at=enrollment.starts_at, ends_at=ends_at)
    fields = ["access_tier", "ends_at"]
    with audited(
        actor=actor, verb=Verb.UPDATE, target=enrollment, fields=fields, label=_enrollment_label(enrollment)
    ):
        enrollment.access_tier = access_tier
        enrollment.ends_at = ends_at
        enrollment.save(update_fields=fields)
    rollup_enqueue(member_ids=[enrollment.member_id], course_ids=[enrollment.course_id])
    return enrollment


@transaction.atomic
def enrollment_revoke(
    *, actor: Actor, enrollment: OrgMemberProductCourseEnrollment
) -> OrgMemberProductCourseEnrollment:
    """End access now, as an admin, owner or system actor; the row stays for history. Revoking twice
    changes nothing."""
    actor_member(actor, minimum_role=OrgMember.Role.ADMIN)
    if enrollment.revoked_at is None:
        label = _enrollment_label(enrollment)
        with audited(actor=actor, verb=Verb.REVOKE, target=enrollment, fields=("revoked_at",), label=label):
            enrollment.revoked_at = timezone.now()
            enrollment.save(update_fields=["revoked_at"])
        rollup_enqueue(member_ids=[enrollment.member_id], course_ids=[enrollment.course_id])
    return enrollment


def enrollment_grant_for_line(
    *, actor: Actor, line: OrgOrderLine, member: OrgMember
) -> OrgMemberProductCourseEnrollment | None:
    """What a paid course line grants: an enrollment at the plan's tier for its access days (the
    best active tier wins, as for every enrollment). A repeat for the same line changes nothing;
    a line of anything but a course grants nothing here."""
    course = OrgProductCourse.objects.filter(product_id=line.product_id).first()
    if course is None:
        return None
    existing = OrgMemberProductCourseEnrollment.objects.filter(order_line=line).first()
    if existing is not None:
        return existing
    starts_at = timezone.now()
    enrollment = enrollment_grant(
        actor=actor,
        member=member,
        course=course,
        access_tier=line.access_tier,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(days=line.access_days) if line.access_days else None,
        source=OrgMemberProductCourseEnrollment.Source.PURCHASE,
        order_line=line,
    )
    return enrollment


@transaction.atomic
def enrollments_grant_for_lines(
    *, actor: Actor, lines: Sequence[tuple[OrgOrderLine, OrgMember]]
) -> list[OrgMemberProductCourseEnrollment]:
    """``enrollment_grant_for_line`` for many paid lines (each with its buyer) in a few statements
    whatever their number: the same enrollments, audit entries, rollups and cache bookkeeping."""
    granted_by = actor_member(actor, minimum_role=OrgMember.Role.ADMIN)
    product_ids = {line.product_id for line, _member in lines}
    courses = {
        course.product_id: course
        for course in OrgProductCourse.objects.filter(product_id__in=product_ids).select_related("product")
    }
    course_lines = [(line, member) for line, member in lines if line.product_id in courses]
    if not course_lines:
        return []
    existing = set(
        OrgMemberProductCourseEnrollment.objects.filter(
            order_line__in=[line.pk for line, _member in course_lines]
        ).values_list("order_line_id", flat=True)
    )
    starts_at = timezone.now()
    enrollments = []
    for line, member in course_lines:
        if line.pk in existing:
            continue
        ends_at = starts_at + timedelta(days=line.access_days) if line.access_days else None
        _enrollment_validate(access_tier=line.access_tier, starts_at=starts_at, ends_at=ends_at)
        enrollments.append(
            OrgMemberProductCourseEnrollment(
                member=member,
                course=courses[line.product_id],
                access_tier=line.access_tier,
                starts_at=starts_at,
                ends_at=ends_at,
                source=OrgMemberProductCourseEnrollment.Source.PURCHASE,
                granted_by=granted_by,
                order_line=line,
            )
        )
    OrgMemberProductCourseEnrollment.objects.bulk_create(enrollments)  # sends no post_save: hence
    player_states_forget_learners(enrollment.member.user_id for enrollment in enrollments)
    titles = {product_id: str(course) for product_id, course in courses.items()}
    audit_record_many(
        actor=actor,
        verb=Verb.GRANT,
        records=(
            (
                enrollment,
                audit_fields(enrollment, ENROLLMENT_FIELDS),
                f"{enrollment.member.user} → {titles[enrollment.course.product_id]}",
            )
            for enrollment in enrollments
        ),
    )
    if enrollments:
        rollup_enqueue(
            member_ids=sorted({enrollment.member_id for enrollment in enrollments}),
            course_ids=sorted({enrollment.course_id for enrollment in enrollments}),
        )
    return enrollments


@transaction.atomic
def enrollments_follow_line(*, actor: Actor, line: OrgOrderLine, access: str) -> None:
    """The enrollments a line granted follow its access: suspended during a dispute, open again
    when it is won, revoked after a refund or a lost dispute."""
    for enrollment in OrgMemberProductCourseEnrollment.objects.select_for_update().filter(order_line=line):
        if access == OrgOrderLine.Access.REVOKED:
            enrollment_revoke(actor=actor, enrollment=enrollment)
        else:
            suspended_at = timezone.now() if access == OrgOrderLine.Access.SUSPENDED else None
            with audited(
                actor=actor,
                verb=Verb.UPDATE,
                target=enrollment,
                fields=("suspended_at",),
                label=_enrollment_label(enrollment),
            ):
                enrollment.suspended_at = suspended_at
                enrollment.save(update_fields=["suspended_at"])
            rollup_enqueue(member_ids=[enrollment.member_id], course_ids=[enrollment.course_id])
