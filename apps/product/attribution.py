"""Which creators share in a product's sales, and on which terms (read by the ledger); and the
writes that credit instructor profiles on products.

A product's attributions give each profile a role and a share of the product's creators' pool
(shares sum to at most 100%; the rest stays with the org). What the profile is paid is its
affiliation with this org and that affiliation's compensation in force at the moment of sale.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_record
from apps.instructor.models import InstructorOrgAffiliation, UserInstructorProfile
from apps.instructor.money import currency_quantize, percent_validate
from apps.instructor.selectors import compensations_until
from apps.instructor.terms import CompensationKind, CreatorTerm
from apps.locale_region.selectors import storefront_content_changed
from apps.org.selectors import tenant_connection
from apps.product.models import OrgProduct, OrgProductInstructorAttribution
from volmify.actors import Actor, actor_check

Attribution = OrgProductInstructorAttribution
HUNDRED = Decimal(100)
LIVE_STATUSES = [
    InstructorOrgAffiliation.Status.ACTIVE,
    InstructorOrgAffiliation.Status.SUSPENDED,
    InstructorOrgAffiliation.Status.AWAITING_APPROVAL,
    InstructorOrgAffiliation.Status.INVITED,
]


def _current_affiliations(profile_ids: Iterable[int]) -> dict[int, InstructorOrgAffiliation]:
    """Each profile's affiliation with the org whose schema is active: the live one, else the last."""
    rows = InstructorOrgAffiliation.objects.filter(
        org__schema_name=tenant_connection().schema_name, profile_id__in=list(profile_ids)
    ).order_by("profile_id", "-created_at", "-pk")
    found: dict[int, InstructorOrgAffiliation] = {}
    for row in rows:
        current = found.get(row.profile_id)
        if current is None or (
            current.status == InstructorOrgAffiliation.Status.ENDED and row.status != current.status
        ):
            found[row.profile_id] = row
    return found


def creator_terms_for(*, product_ids: Iterable[int], at: datetime) -> dict[int, list[CreatorTerm]]:
    """The creators of each product with their terms at `at`, keyed by product id.

    Products without creators are absent from the result; so is a creator whose affiliation had no
    compensation in force at `at` (nothing was agreed, nothing is owed). A creator whose affiliation
    is not active (awaiting approval, suspended, ended) comes with ``is_active=False``: no earnings.
    Four queries whatever the number of products.
    """
    return creator_terms_at(product_ids=product_ids, moments=[at]).get(at, {})


def creator_terms_at(
    *, product_ids: Iterable[int], moments: Iterable[datetime]
) -> dict[datetime, dict[int, list[CreatorTerm]]]:
    """``creator_terms_for`` at each of ``moments`` at once (the ledger posts a batch of orders each
    paid at its own moment): four queries whatever the number of products and moments; each
    affiliation's compensation history is read once and the terms in force at each moment picked
    from it."""
    wanted = sorted(set(moments))
    if not wanted:
        return {}
    attributions = list(
        Attribution.objects.filter(product_id__in=list(product_ids), share_percent__gt=0)
        .order_by("product_id", "position", "pk")
        .values_list("product_id", "profile_id", "share_percent")
    )
    if not attributions:
        return {}
    affiliations = _current_affiliations({profile_id for _p, profile_id, _s in attributions})
    history = compensations_until(affiliation_ids=[a.pk for a in affiliations.values()], until=wanted[-1])
    # Terms change only when some compensation starts: the moments between two starts share one
    # answer (the same dict and lists), worked out once, so a batch of 25,000 orders each paid at
    # its own moment costs a bisection per moment, and a caller can work out each list once.
    starts = sorted({start for rows in history.starts.values() for start in rows})
    by_interval: dict[int, dict[int, list[CreatorTerm]]] = {}
    result: dict[datetime, dict[int, list[CreatorTerm]]] = {}
    for at in wanted:
        interval = bisect_right(starts, at)
        if interval not in by_interval:
            by_interval[interval] = _terms_in_force(attributions, affiliations, history, at)
        result[at] = by_interval[interval]
    return result


def _terms_in_force(attributions, affiliations, history, at: datetime) -> dict[int, list[CreatorTerm]]:
    terms_at: dict[int, list[CreatorTerm]] = {}
    for product_id, profile_id, share in attributions:
        affiliation = affiliations.get(profile_id)
        compensation = history.at(affiliation.pk, at) if affiliation else None
        if affiliation is not None and compensation is not None:
            terms_at.setdefault(product_id, []).append(_term(profile_id, affiliation, share, compensation))
    return terms_at


def _term(
    profile_id: int, affiliation: InstructorOrgAffiliation, share: Decimal, compensation
) -> CreatorTerm:
    amounts = list(compensation.amounts.all())
    return CreatorTerm(
        profile_id=profile_id,
        affiliation_id=affiliation.pk,
        kind=compensation.kind,
        contribution_share=share / HUNDRED,
        percent=compensation.percent if compensation.kind != CompensationKind.FIXED else Decimal(0),
        fixed_per_sale={
            a.currency: currency_quantize(a.per_sale, a.currency)
            for a in amounts
            if compensation.kind != CompensationKind.REVENUE_SHARE and a.per_sale
        },
        is_active=affiliation.status == InstructorOrgAffiliation.Status.ACTIVE,
        fixed_per_month={
            a.currency: currency_quantize(a.per_month, a.currency)
            for a in amounts
            if compensation.kind != CompensationKind.REVENUE_SHARE and a.per_month
        },
    )


@dataclass(frozen=True)
class Credit:
    """One wanted attribution: a profile, its role and its share (percent of the creators' pool)."""

    profile_id: int
    role: str
    share_percent: Decimal | str


def attribution_set(*, actor: Actor, product: OrgProduct, credits: Sequence[Credit]) -> list[Attribution]:
    """Credit exactly these profiles on ``product`` (replacing the previous credits).

    Each profile needs a live affiliation with this org; shares are percentages with at most two
    decimals and sum to at most 100; a share of 0 credits without pay. Refused as a whole,
    nothing changed, otherwise.
    """
    actor_check(actor)
    with transaction.atomic():
        OrgProduct.objects.select_for_update().filter(pk=product.pk).first()  # one writer per product
        checked = _credits_validate(credits)
        before = _snapshot(product)
        Attribution.objects.filter(product=product).delete()
        Attribution.objects.bulk_create(
            Attribution(
                product=product, profile_id=profile_id, role=role, share_percent=share, position=position
            )
            for position, (profile_id, role, share) in enumerate(checked)
        )
        audit_record(
            actor=actor,
            verb=OrgAuditEntry.Verb.UPDATE,
            target=product,
            before={"creators": before},
            after={"creators": _snapshot(product)},
        )
        storefront_content_changed()
    return attributions_for_product(product=product)


def _credits_validate(credits: Sequence[Credit]) -> list[tuple[int, str, Decimal]]:
    checked: list[tuple[int, str, Decimal]] = []
    for credit in credits:
        if credit.role not in Attribution.Role.values:
            raise ValidationError({"role": _("Choose a role for each creator.")})
        # A share of 0 credits the profile without pay (a reviewer, or a course's editor).
        share = percent_validate(credit.share_percent, field_name="share_percent")
        checked.append((int(credit.profile_id), credit.role, share))
    profile_ids = [profile_id for profile_id, _r, _s in checked]
    if len(set(profile_ids)) != len(profile_ids):
        raise ValidationError(_("Credit each profile once."))
    total = sum((share for _p, _r, share in checked), Decimal(0))
    if total > HUNDRED:
        raise ValidationError(
            {
                "share_percent": _(
                    "The creators' shares add up to %(total)s%%; they can total at most 100%%."
                )
                % {"total": total}
            }
        )
    live = set(
        InstructorOrgAffiliation.objects.filter(
            org__schema_name=tenant_connection().schema_name, profile_id__in=profile_ids
        )
        .exclude(status=InstructorOrgAffiliation.Status.ENDED)
        .values_list("profile_id", flat=True)
    )
    if set(profile_ids) - live:
        raise ValidationError(_("Credit only instructors who work with this organization."))
    return checked


def _snapshot(product: OrgProduct) -> list[str]:
    rows = Attribution.objects.filter(product=product).order_by("position", "pk")
    return [f"{row.profile_id}:{row.role}:{row.share_percent}" for row in rows]


def attributions_for_product(*, product: OrgProduct) -> list[Attribution]:
    return list(
        Attribution.objects.filter(product=product).select_related("profile").order_by("position", "pk")
    )


def creators_for_products(*, product_ids: Iterable[int]) -> dict[int, list[Attribution]]:
    """The public profiles credited on each product (the storefront's "by …"), in one query."""
    rows = (
        Attribution.objects.filter(product_id__in=list(product_ids), profile__is_public=True)
        .select_related("profile")
        .order_by("product_id", "position", "pk")
    )
    grouped: dict[int, list[Attribution]] = {}
    for row in rows:
        grouped.setdefault(row.product_id, []).append(row)
    return grouped


def attributable_profiles() -> list[UserInstructorProfile]:
    """Profiles with a live affiliation with the active org (whom a product may credit)."""
    return list(
        UserInstructorProfile.objects.filter(
            affiliations__org__schema_name=tenant_connection().schema_name,
            affiliations__status__in=LIVE_STATUSES,
        )
        .distinct()
        .order_by("display_name", "pk")
    )
