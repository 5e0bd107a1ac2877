"""Writes to affiliations and their compensation history, recorded in the org's own audit log.

The org's selling currencies (its regions' currencies) live in its schema, in an app above this
one: callers pass them as ``selling_currencies`` (``apps.locale_region.selectors``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_created, audit_fields, audit_record, audited
from apps.instructor.models import (
    InstructorOrgAffiliation,
    InstructorOrgAffiliationCompensation,
    InstructorOrgAffiliationCompensationAmount,
    InstructorOrgAffiliationStatusChange,
    UserInstructorProfile,
)
from apps.instructor.money import Terms, terms_validate
from apps.org.models import Org
from volmify.actors import Actor, SystemActor, actor_check

AFFILIATION_FIELDS = ("profile", "role", "status", "started_at", "ended_at")
COMPENSATION_FIELDS = ("affiliation", "kind", "percent", "effective_from")

Status = InstructorOrgAffiliation.Status


@contextmanager
def in_org_log(org: Org) -> Iterator[None]:
    """The org's schema for the audit entry of a public-schema change (the log is per org)."""
    with schema_context(org.schema_name):
        yield


def _live_exists(*, profile: UserInstructorProfile, org: Org) -> bool:
    return (
        InstructorOrgAffiliation.objects.filter(profile=profile, org=org)
        .exclude(status=Status.ENDED)
        .exists()
    )


@transaction.atomic
def affiliation_create(
    *,
    actor: Actor,
    profile: UserInstructorProfile,
    org: Org,
    role: str = InstructorOrgAffiliation.Role.INSTRUCTOR,
    status: str = Status.ACTIVE,
    source: str = InstructorOrgAffiliation.Source.DIRECT,
    message: str = "",
) -> InstructorOrgAffiliation:
    """A new relationship of ``profile`` with ``org``; refused while another is live."""
    actor_check(actor)
    if role not in InstructorOrgAffiliation.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    if _live_exists(profile=profile, org=org):
        raise ValidationError(_("This profile already works with this organization."))
    affiliation = InstructorOrgAffiliation.objects.create(
        profile=profile,
        org=org,
        role=role,
        status=status,
        source=source,
        message=message.strip(),
        started_at=timezone.now() if status == Status.ACTIVE else None,
    )
    InstructorOrgAffiliationStatusChange.objects.create(
        affiliation=affiliation, status=status, changed_at=affiliation.created_at
    )
    with in_org_log(org):
        audit_created(actor=actor, target=affiliation, fields=AFFILIATION_FIELDS)
    return affiliation


@transaction.atomic
def compensation_set(
    *,
    actor: Actor,
    affiliation: InstructorOrgAffiliation,
    kind: str,
    percent: Any = 0,
    amounts: Mapping[str, Mapping[str, Any]] | None = None,
    selling_currencies: Collection[str],
    effective_from: datetime | None = None,
) -> InstructorOrgAffiliationCompensation:
    """New terms for the affiliation from ``effective_from`` (now by default) on.

    Never retroactive: a date in the past, or before the latest terms already set, is refused, so
    sales already made keep the terms they were made under; earlier rows stay as the history.
    """
    actor_check(actor)
    terms = terms_validate(kind=kind, percent=percent, amounts=amounts, selling_currencies=selling_currencies)
    return compensation_record(
        actor=actor, affiliation=affiliation, terms=terms, effective_from=effective_from
    )


def compensation_record(
    *,
    actor: Actor,
    affiliation: InstructorOrgAffiliation,
    terms: Terms,
    effective_from: datetime | None = None,
) -> InstructorOrgAffiliationCompensation:
    """Store validated ``terms`` (see ``compensation_set``)."""
    now = timezone.now()
    starts = effective_from or now
    if starts < now - timedelta(minutes=1):
        raise ValidationError(
            {"effective_from": _("New terms apply from now on; a date in the past would change past sales.")}
        )
    latest = (
        affiliation.compensations.order_by("-effective_from").values_list("effective_from", flat=True).first()
    )
    if latest is not None and starts <= latest:
        raise ValidationError(
            {"effective_from": _("These terms must start after the latest terms already set.")}
        )
    if affiliation.status == Status.ENDED:
        raise ValidationError(_("This affiliation has ended; its terms can no longer change."))
    compensation = InstructorOrgAffiliationCompensation.objects.create(
        affiliation=affiliation,
        kind=terms.kind,
        percent=terms.percent,
        effective_from=starts,
        created_by=None if isinstance(actor, SystemActor) else actor,  # type: ignore[misc]
    )
    InstructorOrgAffiliationCompensationAmount.objects.bulk_create(
        InstructorOrgAffiliationCompensationAmount(
            compensation=compensation, currency=code, per_sale=amount.per_sale, per_month=amount.per_month
        )
        for code, amount in terms.amounts.items()
    )
    with in_org_log(affiliation.org):
        amounts = [
            f"{code}: {amount.per_sale} per sale, {amount.per_month} per month"
            for code, amount in terms.amounts.items()
        ]
        after = {**audit_fields(compensation, COMPENSATION_FIELDS), "amounts": amounts}
        audit_record(actor=actor, verb=OrgAuditEntry.Verb.CREATE, target=compensation, after=after)
    return compensation


ALLOWED_MOVES: dict[str, set[str]] = {
    Status.INVITED: {Status.ACTIVE, Status.ENDED},
    Status.AWAITING_APPROVAL: {Status.ACTIVE, Status.ENDED},
    Status.ACTIVE: {Status.SUSPENDED, Status.ENDED},
    Status.SUSPENDED: {Status.ACTIVE, Status.ENDED},
    Status.ENDED: set(),
}


@transaction.atomic
def affiliation_status_set(
    *, actor: Actor, affiliation: InstructorOrgAffiliation, status: str
) -> InstructorOrgAffiliation:
    """Suspend (no new earnings; old ones kept), resume, or end an affiliation."""
    actor_check(actor)
    affiliation = (
        InstructorOrgAffiliation.objects.select_for_update()
        .select_related("org", "profile")
        .get(pk=affiliation.pk)
    )
    if status not in ALLOWED_MOVES.get(affiliation.status, set()):
        raise ValidationError(
            _("An affiliation that is %(current)s cannot become %(wanted)s.")
            % {
                "current": affiliation.get_status_display().lower(),
                "wanted": str(Status(status).label).lower(),
            }
            if status in Status.values
            else _("Choose a status.")
        )
    with (
        in_org_log(affiliation.org),
        audited(actor=actor, verb=OrgAuditEntry.Verb.UPDATE, target=affiliation, fields=AFFILIATION_FIELDS),
    ):
        affiliation.status = status
        if status == Status.ACTIVE and affiliation.started_at is None:
            affiliation.started_at = timezone.now()
        if status == Status.ENDED:
            affiliation.ended_at = timezone.now()
        affiliation.save(update_fields=["status", "started_at", "ended_at", "updated_at"])
        InstructorOrgAffiliationStatusChange.objects.create(affiliation=affiliation, status=status)
    return affiliation
