"""Reads of instructor profiles, affiliations, compensation, invitations and rollups."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch, QuerySet, Sum
from django.http import Http404

from apps.general.ratings import rating_round
from apps.instructor.models import (
    InstructorOrgAffiliation,
    InstructorOrgAffiliationCompensation,
    InstructorOrgAffiliationCompensationAmount,
    InstructorOrgAffiliationStatusChange,
    InstructorOrgInvitation,
    InstructorProductRollup,
    InstructorReputationRollup,
    UserInstructorProfile,
)
from apps.instructor.money import currency_quantize
from apps.instructor.terms import CompensationKind, MonthlyAmount
from apps.org.models import InstructorEarningsRollup, Org


def profiles_of_user(*, user) -> list[UserInstructorProfile]:
    return list(UserInstructorProfile.objects.filter(user=user).order_by("pk"))


def profile_get_own(*, user, profile_id: int) -> UserInstructorProfile:
    """One of ``user``'s profiles for editing: the same 404 for missing and another user's."""
    profile = (
        UserInstructorProfile.objects.filter(user=user, pk=profile_id)
        .prefetch_related("translations", "skills")
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def profile_get_public(*, slug: str) -> UserInstructorProfile:
    """A public profile by its address, with its skills; 404 otherwise."""
    profile = (
        UserInstructorProfile.objects.filter(slug=slug, is_public=True)
        .prefetch_related("translations", "skills__translations")
        .first()
    )
    if profile is None:
        raise Http404
    return profile


def affiliations_for_org(*, org: Org) -> list[InstructorOrgAffiliation]:
    """The org's affiliations with their profile and whole compensation history (newest first)."""
    history = InstructorOrgAffiliationCompensation.objects.prefetch_related("amounts").order_by(
        "-effective_from"
    )
    return list(
        InstructorOrgAffiliation.objects.filter(org=org)
        .select_related("profile__user")
        .prefetch_related(Prefetch("compensations", queryset=history))
        .order_by("status", "profile__display_name", "pk")
    )


def affiliation_get_for_org(*, org: Org, affiliation_id: int) -> InstructorOrgAffiliation:
    """One affiliation of ``org``: the same 404 for missing and another org's."""
    affiliation = (
        InstructorOrgAffiliation.objects.filter(org=org, pk=affiliation_id)
        .select_related("profile__user", "org")
        .first()
    )
    if affiliation is None:
        raise Http404
    return affiliation


def active_affiliations_for_org(*, org: Org) -> QuerySet[InstructorOrgAffiliation]:
    return InstructorOrgAffiliation.objects.filter(
        org=org, status=InstructorOrgAffiliation.Status.ACTIVE
    ).select_related("profile")


def invitations_for_org(*, org: Org) -> list[InstructorOrgInvitation]:
    return list(
        InstructorOrgInvitation.objects.filter(org=org).select_related(
            "invited_by", "approved_by", "counter_profile"
        )
    )


def invitations_for_product(*, org: Org, product_id: int) -> list[InstructorOrgInvitation]:
    """The collaborator invitations made for one of the org's products, newest first (1 query)."""
    return list(
        InstructorOrgInvitation.objects.filter(org=org, product_id=product_id).select_related("invited_by")
    )


def invitation_get_for_org(*, org: Org, invitation_id: int) -> InstructorOrgInvitation:
    invitation = (
        InstructorOrgInvitation.objects.filter(org=org, pk=invitation_id).select_related("org").first()
    )
    if invitation is None:
        raise Http404
    return invitation


def invitation_by_token(*, token: str) -> InstructorOrgInvitation:
    invitation = InstructorOrgInvitation.objects.filter(token=token).select_related("org").first()
    if invitation is None:
        raise Http404
    return invitation


def compensation_at(
    *, affiliation_ids: list[int], at: datetime
) -> dict[int, InstructorOrgAffiliationCompensation]:
    """The compensation each affiliation stood on at ``at`` (the latest starting at or before it),
    with its amounts: two queries whatever the number of affiliations."""
    rows = (
        InstructorOrgAffiliationCompensation.objects.filter(
            affiliation_id__in=affiliation_ids, effective_from__lte=at
        )
        .order_by("affiliation_id", "-effective_from")
        .distinct("affiliation_id")
        .prefetch_related("amounts")
    )
    return {row.affiliation_id: row for row in rows}


@dataclass(frozen=True)
class CompensationHistory:
    """Affiliations' compensation rows, each affiliation's oldest first, with their amounts."""

    rows: dict[int, list[InstructorOrgAffiliationCompensation]]
    starts: dict[int, list[datetime]]

    def at(self, affiliation_id: int, moment: datetime) -> InstructorOrgAffiliationCompensation | None:
        """The row in force at ``moment`` (the latest starting at or before it)."""
        index = bisect_right(self.starts.get(affiliation_id, []), moment)
        return self.rows[affiliation_id][index - 1] if index else None


def compensations_until(*, affiliation_ids: list[int], until: datetime) -> CompensationHistory:
    """Every compensation of the affiliations that started by ``until``, with their amounts (two
    queries whatever the number of affiliations)."""
    rows: dict[int, list[InstructorOrgAffiliationCompensation]] = {}
    found = (
        InstructorOrgAffiliationCompensation.objects.filter(
            affiliation_id__in=affiliation_ids, effective_from__lte=until
        )
        .order_by("affiliation_id", "effective_from")
        .prefetch_related("amounts")
    )
    for row in found:
        rows.setdefault(row.affiliation_id, []).append(row)
    starts = {pk: [row.effective_from for row in history] for pk, history in rows.items()}
    return CompensationHistory(rows, starts)


MONTHLY_KINDS = [CompensationKind.FIXED, CompensationKind.HYBRID]


def monthly_amounts_first_start(*, org_id: int) -> datetime | None:
    """When the org's earliest terms with a fixed amount per month came into force (None: none has)."""
    return (
        InstructorOrgAffiliationCompensationAmount.objects.filter(
            compensation__affiliation__org_id=org_id,
            compensation__kind__in=MONTHLY_KINDS,
            per_month__gt=0,
        )
        .order_by("compensation__effective_from")
        .values_list("compensation__effective_from", flat=True)
        .first()
    )


def _active_at(affiliations: list[InstructorOrgAffiliation], at: datetime) -> set[int]:
    """The affiliations whose status at ``at`` was active, by their status history; one recorded
    before the history existed counts by its current status from its start."""
    ids = [a.pk for a in affiliations]
    changes = (
        InstructorOrgAffiliationStatusChange.objects.filter(affiliation_id__in=ids, changed_at__lte=at)
        .order_by("affiliation_id", "-changed_at", "-id")
        .distinct("affiliation_id")
        .values_list("affiliation_id", "status")
    )
    status_at = dict(changes)
    with_history = set(
        InstructorOrgAffiliationStatusChange.objects.filter(affiliation_id__in=ids)
        .values_list("affiliation_id", flat=True)
        .distinct()
    )
    active = {pk for pk, status in status_at.items() if status == InstructorOrgAffiliation.Status.ACTIVE}
    for affiliation in affiliations:
        started = affiliation.started_at or affiliation.created_at
        if affiliation.pk not in with_history and affiliation.is_active and started <= at:
            active.add(affiliation.pk)
    return active


def monthly_amounts_at(*, org_id: int, at: datetime) -> list[MonthlyAmount]:
    """The fixed amounts per month owed for the month that starts at ``at``: each affiliation of
    the org that was active at that moment, on fixed or hybrid terms in force at that moment, per
    currency (a change of terms or status during a month counts from the next month). Four
    queries whatever the number of affiliations."""
    affiliations = list(
        InstructorOrgAffiliation.objects.filter(
            org_id=org_id,
            compensations__kind__in=MONTHLY_KINDS,
            compensations__amounts__per_month__gt=0,
            compensations__effective_from__lte=at,
        ).distinct()
    )
    if not affiliations:
        return []
    active = _active_at(affiliations, at)
    terms = compensation_at(affiliation_ids=sorted(active), at=at)
    profiles = {a.pk: a.profile_id for a in affiliations}
    return [
        MonthlyAmount(
            affiliation_id=affiliation_id,
            profile_id=profiles[affiliation_id],
            currency=amount.currency,
            amount=currency_quantize(amount.per_month, amount.currency),
        )
        for affiliation_id, compensation in sorted(terms.items())
        if compensation.kind in MONTHLY_KINDS
        for amount in compensation.amounts.all()
        if currency_quantize(amount.per_month, amount.currency) > 0
    ]


@dataclass(frozen=True)
class Reputation:
    learners: int
    enrollments: int
    completions: int
    completion_rate: Decimal | None  # percent, None before anyone enrolled
    review_count: int
    rating_average: Decimal | None  # 1-5, None before any approved review
    challenge_count: int
    challenge_match: Decimal | None  # percent, None before any level and difficulty rating
    score: Decimal


_PERCENT = Decimal("0.1")


def reputation_score(
    *,
    learners: int,
    completion_rate: Decimal | None,
    rating_average: Decimal | None = None,
    challenge_match: Decimal | None = None,
) -> Decimal:
    """The formula shown on the profile page, out of 100: completion rate (0-100) x 0.4, average
    rating as a percentage of 5 x 0.3, challenge match (0-100) x 0.1, plus reach, 20 points at
    1,000 learners or more (20 x learners / 1000, capped). A part with no data yet counts 0."""
    reach = min(Decimal(20), Decimal(20) * learners / 1000)
    rating = (rating_average or Decimal(0)) * 20
    return (
        (completion_rate or Decimal(0)) * Decimal("0.4")
        + rating * Decimal("0.3")
        + (challenge_match or Decimal(0)) * Decimal("0.1")
        + reach
    ).quantize(_PERCENT)


def profile_reputation(*, profile: UserInstructorProfile) -> Reputation:
    """The profile's figures summed over every org's rollup row (one query)."""
    fields = ("learners", "enrollments", "completions", "review_count", "rating_total", "challenge_count")
    totals = InstructorReputationRollup.objects.filter(profile=profile).aggregate(
        **{field: Sum(field) for field in fields}, match=Sum("challenge_match_total")
    )
    learners, enrollments, completions, reviews, rating_total, challenges = (totals[f] or 0 for f in fields)
    rate = (Decimal(100) * completions / enrollments).quantize(_PERCENT) if enrollments else None
    rating = (Decimal(rating_total) / reviews).quantize(Decimal("0.01")) if reviews else None
    match = (Decimal(100) * totals["match"] / challenges).quantize(_PERCENT) if challenges else None
    return Reputation(
        learners=learners,
        enrollments=enrollments,
        completions=completions,
        completion_rate=rate,
        review_count=reviews,
        rating_average=rating,
        challenge_count=challenges,
        challenge_match=match,
        score=reputation_score(
            learners=learners, completion_rate=rate, rating_average=rating, challenge_match=match
        ),
    )


def profile_products(*, profile: UserInstructorProfile) -> list[InstructorProductRollup]:
    return list(
        InstructorProductRollup.objects.filter(profile=profile)
        .select_related("org")
        .order_by("org__name", "title")
    )


def profile_orgs(*, profile: UserInstructorProfile) -> list[Org]:
    """The orgs the profile actively works with."""
    return list(
        Org.objects.filter(
            pk__in=InstructorOrgAffiliation.objects.filter(
                profile=profile, status=InstructorOrgAffiliation.Status.ACTIVE
            ).values("org_id")
        ).order_by("name")
    )


def compensation_history(
    *, affiliation: InstructorOrgAffiliation
) -> list[InstructorOrgAffiliationCompensation]:
    """The affiliation's terms, newest first, with their amounts."""
    return list(affiliation.compensations.prefetch_related("amounts").order_by("-effective_from", "-pk"))


def profile_by_slug(*, slug: str) -> UserInstructorProfile | None:
    return UserInstructorProfile.objects.filter(slug=slug).first()


def affiliation_live_for(*, profile: UserInstructorProfile, org: Org) -> InstructorOrgAffiliation | None:
    """The profile's affiliation with ``org`` that has not ended, if any."""
    return (
        InstructorOrgAffiliation.objects.filter(profile=profile, org=org)
        .exclude(status=InstructorOrgAffiliation.Status.ENDED)
        .first()
    )


def invitation_exists(*, org: Org, email: str) -> bool:
    return InstructorOrgInvitation.objects.filter(org=org, email__iexact=email).exists()


# --- the creator dashboard: earnings across orgs, from the public rollup only ----------------------


@dataclass(frozen=True)
class EarningsTotal:
    """A creator's totals from one org in one currency (never added across currencies).

    ``payable`` is what was earned outside the refund window less what was paid out."""

    org_name: str
    currency: str
    earned: Decimal
    pending: Decimal
    payable: Decimal
    paid: Decimal


@dataclass(frozen=True)
class EarningsBar:
    month: date
    amount: Decimal
    height: int  # percent of the currency's largest month, 0 for a month that took back more

    @property
    def top(self) -> int:
        return 105 - self.height

    @property
    def period(self) -> str:
        return f"{self.month:%Y-%m}"


@dataclass(frozen=True)
class EarningsMonth:
    """One profile's earnings from one org in one currency and month (a row of a month's details)."""

    month: date
    org_name: str
    profile_id: int
    profile_name: str
    currency: str
    earned: Decimal
    pending: Decimal
    paid: Decimal
    retainer: Decimal  # the part of earned that is a fixed amount per month


@dataclass(frozen=True)
class EarningsMonthTotal:
    """What a creator earned in one month in one currency, summed across orgs and profiles (a row of
    "By month"; never summed across currencies)."""

    month: date
    currency: str
    earned: Decimal
    pending: Decimal
    paid: Decimal
    retainer: Decimal  # the part of earned that is a fixed amount per month
    orgs: int  # how many orgs it came from

    @property
    def period(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def period_text(self) -> str:
        """The month for a sentence: isolated left to right, so Arabic text does not show 2026-11
        as 11-2026 (digits after Arabic letters are Arabic numbers, which "-" does not join)."""
        return period_text(self.month)


def period_text(month: date) -> str:
    return f"\u2066{month:%Y-%m}\u2069"


@dataclass(frozen=True)
class CreatorEarnings:
    months: list[EarningsMonthTotal]  # per month and currency, newest month first, in the range shown
    totals: list[EarningsTotal]
    chart: dict[str, list[EarningsBar]]  # per currency, the months shown, oldest first
    earlier_months: int  # months with earnings before the range shown (0 when all are shown)

    @property
    def has_earnings(self) -> bool:
        return bool(self.totals)


# The months "By month" and the chart show unless the creator asks for all of them.
RECENT_MONTHS = 12


def _user_profile_ids(user) -> QuerySet[UserInstructorProfile]:
    return UserInstructorProfile.objects.filter(user=user).values("pk")


# One query (a few index-range aggregates, well under a millisecond at 20 orgs): what changes when
# a rollup task writes one of the user's rows. Both rollups stamp refreshed_at on every row they
# write, the counts see a row added or removed, and the sums (a change detector only, never shown:
# they add currencies together) see a write whose stamp did not move; the orgs' names are shown too.
_DASHBOARD_VERSION = """
WITH profiles AS (SELECT id FROM user_instructor_profile WHERE user_id = %(user)s),
     earnings AS (SELECT org_id, refreshed_at, earned, pending, paid, retainer
                    FROM instructor_earnings_rollup
                   WHERE profile_id IN (SELECT id FROM profiles)),
     products AS (SELECT org_id, refreshed_at FROM instructor_product_rollup
                   WHERE profile_id IN (SELECT id FROM profiles))
SELECT concat_ws('|',
    (SELECT concat_ws(':', count(*), max(refreshed_at), sum(earned), sum(pending), sum(paid), sum(retainer))
       FROM earnings),
    (SELECT concat_ws(':', count(*), max(refreshed_at)) FROM products),
    (SELECT md5(string_agg(o.id || ':' || o.name, ',' ORDER BY o.id)) FROM org o
      WHERE o.id IN (SELECT org_id FROM earnings UNION SELECT org_id FROM products)))
"""


def creator_dashboard_version(*, user) -> str:
    """A token that changes whenever anything the user's dashboard shows changes (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_DASHBOARD_VERSION, {"user": user.pk})
        (token,) = cursor.fetchone()
    return token


def _chart(by_month: dict[str, dict[date, Decimal]]) -> dict[str, list[EarningsBar]]:
    chart = {}
    for currency, months in sorted(by_month.items()):
        top = max([*months.values(), Decimal(0)])
        chart[currency] = [
            EarningsBar(
                month=month,
                amount=currency_quantize(amount, currency),
                height=int(amount * 100 / top) if top > 0 and amount > 0 else 0,
            )
            for month, amount in sorted(months.items())
        ]
    return chart


def creator_earnings(*, user, all_months: bool = False) -> CreatorEarnings:
    """The signed-in creator's earnings from every org in one query whatever the number of orgs:
    totals per org and currency over all time, and per month and currency (summed across orgs and
    profiles) for the last ``RECENT_MONTHS`` months with earnings, or all of them."""
    rows = (
        InstructorEarningsRollup.objects.filter(profile_id__in=_user_profile_ids(user))
        .order_by("-month", "currency")
        .values_list("org_id", "org__name", "currency", "month", "earned", "pending", "paid", "retainer")
    )
    totals: dict[tuple[str, int, str], list[Decimal]] = {}
    per_month: dict[tuple[date, str], list] = {}
    for org_id, org_name, currency, month, earned, pending, paid, retainer in rows:
        sums = totals.setdefault((org_name, org_id, currency), [Decimal(0)] * 3)
        sums[0] += earned
        sums[1] += pending
        sums[2] += paid
        month_sums = per_month.setdefault((month, currency), [Decimal(0)] * 4 + [set()])
        month_sums[0] += earned
        month_sums[1] += pending
        month_sums[2] += paid
        month_sums[3] += retainer
        month_sums[4].add(org_id)
    distinct_months = sorted({month for month, _currency in per_month}, reverse=True)
    shown = set(distinct_months if all_months else distinct_months[:RECENT_MONTHS])
    months = [
        EarningsMonthTotal(
            month=month,
            currency=currency,
            earned=currency_quantize(earned, currency),
            pending=currency_quantize(pending, currency),
            paid=currency_quantize(paid, currency),
            retainer=currency_quantize(retainer, currency),
            orgs=len(org_ids),
        )
        for (month, currency), (earned, pending, paid, retainer, org_ids) in per_month.items()
        if month in shown
    ]
    by_month: dict[str, dict[date, Decimal]] = {}
    for row in months:
        by_month.setdefault(row.currency, {})[row.month] = row.earned
    return CreatorEarnings(
        months=months,
        totals=[
            EarningsTotal(
                org_name=org_name,
                currency=currency,
                earned=currency_quantize(earned, currency),
                pending=currency_quantize(pending, currency),
                payable=currency_quantize(earned - pending - paid, currency),
                paid=currency_quantize(paid, currency),
            )
            for (org_name, _org_id, currency), (earned, pending, paid) in sorted(totals.items())
        ],
        chart=_chart(by_month),
        earlier_months=len(distinct_months) - len(shown),
    )


def creator_month_rows(*, user, month: date) -> list[EarningsMonth]:
    """One month's earnings per org, profile and currency (two queries: the rows with their orgs,
    and the names of the user's profiles), for the month's details page."""
    names = dict(UserInstructorProfile.objects.filter(user=user).values_list("pk", "display_name"))
    return [
        EarningsMonth(
            month=row.month,
            org_name=row.org.name,
            profile_id=row.profile_id,
            profile_name=names.get(row.profile_id, ""),
            currency=row.currency,
            earned=currency_quantize(row.earned, row.currency),
            pending=currency_quantize(row.pending, row.currency),
            paid=currency_quantize(row.paid, row.currency),
            retainer=currency_quantize(row.retainer, row.currency),
        )
        for row in creator_statement_rows(user=user, month=month)
    ]


def creator_statement_rows(*, user, month: date) -> list[InstructorEarningsRollup]:
    """The creator's rollup rows of one month (one query), for the CSV statement."""
    return list(
        InstructorEarningsRollup.objects.filter(profile_id__in=_user_profile_ids(user), month=month)
        .select_related("org")
        .order_by("org__name", "currency", "profile_id")
    )


@dataclass(frozen=True)
class ProductPerformance:
    """How one of the creator's credited products does in its org, from the org's last rollup."""

    org_name: str
    title: str
    url: str
    product_type: str
    sales: int
    enrollments: int
    completion_rate: Decimal | None  # percent of enrollments completed; None without enrollments
    rating_average: Decimal | None
    rating_count: int
    earned: list[tuple[str, Decimal]]  # per currency, never summed across


def _completion_rate(row: InstructorProductRollup) -> Decimal | None:
    if not row.enrollments:
        return None
    return (Decimal(row.completions) * 100 / row.enrollments).quantize(Decimal("0.1"))


def creator_products(*, user) -> list[ProductPerformance]:
    """The signed-in creator's credited products in every org, in one query."""
    rows = (
        InstructorProductRollup.objects.filter(profile_id__in=_user_profile_ids(user))
        .select_related("org")
        .order_by("org__name", "title", "product_id", "profile_id")
    )
    return [
        ProductPerformance(
            org_name=row.org.name,
            title=row.title,
            url=row.url,
            product_type=row.product_type,
            sales=row.sales,
            enrollments=row.enrollments,
            completion_rate=_completion_rate(row),
            rating_average=None if row.rating_average is None else rating_round(row.rating_average),
            rating_count=row.rating_count,
            earned=[
                (currency, currency_quantize(Decimal(amount), currency))
                for currency, amount in sorted(row.earned.items())
            ],
        )
        for row in rows
    ]


def profiles_for_org(*, org: Org) -> list[UserInstructorProfile]:
    """The profiles affiliated with ``org`` (in any status), by name."""
    return list(
        UserInstructorProfile.objects.filter(affiliations__org=org).distinct().order_by("display_name", "pk")
    )


def profile_get_for_org(*, org: Org, profile_id: object) -> UserInstructorProfile:
    """A profile affiliated with ``org``: the same 404 for missing, malformed and another org's."""
    try:
        profile_pk = int(str(profile_id))
    except ValueError as error:
        raise Http404 from error
    profile = UserInstructorProfile.objects.filter(affiliations__org=org, pk=profile_pk).first()
    if profile is None:
        raise Http404
    return profile
