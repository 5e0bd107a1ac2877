"""The org's part of the public creator rollups: which published products each credited profile
has here with their sales, enrollments and completions, and its teaching figures (learners,
enrollments, completions); the ledger's rollup adds the profile's earnings per product. Run per
org by a Celery task; it writes absolute values and removes what no longer holds, so a re-run (or
a run after one killed midway) converges on the same rows, nothing doubled."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Case, Count, DecimalField, Exists, F, Func, OuterRef, Q, Sum, Value, When
from django.utils import timezone

from apps.course.models import (
    OrgMemberProductCourseChallengeRating,
    OrgMemberProductCourseEnrollment,
    OrgMemberProductCourseProgress,
)
from apps.general.ratings import rating_round
from apps.instructor.models import InstructorProductRollup, InstructorReputationRollup
from apps.org.models import Org
from apps.org.selectors import org_url, tenant_connection
from apps.payment.models import OrgOrder, OrgOrderLine
from apps.product.models import OrgProduct, OrgProductInstructorAttribution
from apps.product.reviews import product_rating_totals


@dataclass(frozen=True)
class CreatorRollupResult:
    products: int
    profiles: int


# Orders whose lines still count as sold: paid, partly refunded, or under a dispute not yet lost.
_SOLD = [OrgOrder.Status.PAID, OrgOrder.Status.PARTIALLY_REFUNDED, OrgOrder.Status.DISPUTED]


def _units_sold() -> dict[int, int]:
    rows = (
        OrgOrderLine.objects.filter(order__status__in=_SOLD)
        .values("product_id")
        .annotate(units=Sum("quantity"))
        .order_by()
    )
    return {row["product_id"]: row["units"] for row in rows}


def _course_figures() -> dict[int, tuple[int, int]]:
    """(enrollments not revoked, of them completed) per course, which shares its product's id."""
    completed = OrgMemberProductCourseProgress.objects.filter(
        member_id=OuterRef("member_id"), course_id=OuterRef("course_id"), is_completed=True
    )
    rows = (
        OrgMemberProductCourseEnrollment.objects.filter(revoked_at__isnull=True)
        .annotate(is_done=Exists(completed))
        .values("course_id")
        .annotate(enrollments=Count("pk"), completions=Count("pk", filter=Q(is_done=True)))
        .order_by()
    )
    return {row["course_id"]: (row["enrollments"], row["completions"]) for row in rows}


_DECIMAL = DecimalField(max_digits=12, decimal_places=4)


def _challenge_match() -> dict[int, tuple[int, Decimal]]:
    """(ratings, sum of matches) per course. A learner's rating matches the course by half when the
    level it felt like is the stated level, plus half x (1 - |felt - stated difficulty| / 9): 1 for a
    course exactly as described, 0 for the wrong level at the far end of the difficulty scale."""
    level = Case(
        When(perceived_level=F("course__level"), then=Value(Decimal("0.5"))), default=Value(Decimal(0))
    )
    gap = Func(F("perceived_difficulty") - F("course__difficulty"), function="ABS")
    difficulty = Value(Decimal("0.5")) - gap * Value(Decimal("0.5")) / Value(Decimal(9))
    rows = (
        OrgMemberProductCourseChallengeRating.objects.values("course_id")
        .annotate(count=Count("pk"), match=Sum(level + difficulty, output_field=_DECIMAL))
        .order_by()
    )
    return {row["course_id"]: (row["count"], row["match"]) for row in rows}


def _product_rows(org: Org) -> list[InstructorProductRollup]:
    now = timezone.now()
    sold = _units_sold()
    courses = _course_figures()
    ratings = product_rating_totals()
    credits = (
        OrgProductInstructorAttribution.objects.filter(product__status=OrgProduct.Status.PUBLISHED)
        .select_related("product")
        .prefetch_related("product__translations")
        .order_by("product_id", "position")
    )
    rows = []
    for credit in credits:
        product = credit.product
        rows.append(
            InstructorProductRollup(
                profile_id=credit.profile_id,
                org=org,
                product_id=product.pk,
                product_type=product.product_type,
                title=str(product)[:200],
                url=org_url(org, f"/p/{product.safe_translation_getter('slug', any_language=True)}/"),
                role=credit.role,
                sales=sold.get(product.pk, 0),
                enrollments=courses.get(product.pk, (0, 0))[0],
                completions=courses.get(product.pk, (0, 0))[1],
                rating_count=ratings.get(product.pk, (0, 0))[0],
                rating_average=_average(ratings.get(product.pk)),
                refreshed_at=now,
            )
        )
    return rows


def _average(rating: tuple[int, int] | None) -> Decimal | None:
    """The approved reviews' average as the product page shows it (one decimal)."""
    return rating_round(Decimal(rating[1]) / rating[0]) if rating else None


def _review_and_challenge_figures() -> dict[int, list]:
    """[reviews, rating total, challenge ratings, match total] per credited profile, summed over
    every product credited to it (published or not: the learners' ratings stand either way)."""
    ratings, matches = product_rating_totals(), _challenge_match()
    figures: dict[int, list] = defaultdict(lambda: [0, 0, 0, Decimal(0)])
    for profile_id, product_id in OrgProductInstructorAttribution.objects.values_list(
        "profile_id", "product_id"
    ):
        reviews, total = ratings.get(product_id, (0, 0))
        challenges, match = matches.get(product_id, (0, Decimal(0)))
        if reviews or challenges:
            sums = figures[profile_id]
            sums[0], sums[1] = sums[0] + reviews, sums[1] + total
            sums[2], sums[3] = sums[2] + challenges, sums[3] + match
    return figures


def _reputation_rows(org: Org) -> list[InstructorReputationRollup]:
    completed = OrgMemberProductCourseProgress.objects.filter(
        member_id=OuterRef("member_id"), course_id=OuterRef("course_id"), is_completed=True
    )
    credited = OrgProductInstructorAttribution.objects.filter(product_id=OuterRef("course_id"))
    figures = (
        OrgMemberProductCourseEnrollment.objects.filter(revoked_at__isnull=True)
        .annotate(is_done=Exists(completed))
        .filter(Exists(credited))
        .values("course__product__instructor_attributions__profile_id")
        .annotate(
            learners=Count("member_id", distinct=True),
            enrollments=Count("pk", distinct=True),
            completions=Count("pk", filter=Q(is_done=True), distinct=True),
        )
    )
    now = timezone.now()
    teaching: dict[int, dict[str, Any]] = {
        row["course__product__instructor_attributions__profile_id"]: dict(row) for row in figures
    }
    reviews = _review_and_challenge_figures()
    rows = []
    for profile_id in sorted(teaching.keys() | reviews.keys()):
        taught: dict[str, Any] = teaching.get(profile_id, {})
        review_count, rating_total, challenge_count, match_total = reviews.get(profile_id, [0, 0, 0, 0])
        rows.append(
            InstructorReputationRollup(
                profile_id=profile_id,
                org=org,
                learners=taught.get("learners", 0),
                enrollments=taught.get("enrollments", 0),
                completions=taught.get("completions", 0),
                review_count=review_count,
                rating_total=rating_total,
                challenge_count=challenge_count,
                challenge_match_total=match_total,
                refreshed_at=now,
            )
        )
    return rows


@transaction.atomic
def creator_rollup_run() -> CreatorRollupResult:
    """Rewrite this org's rows of the public creator rollups (set-based; two upserts, two deletes)."""
    org = Org.objects.get(schema_name=tenant_connection().schema_name)
    products = _product_rows(org)
    InstructorProductRollup.objects.bulk_create(
        products,
        update_conflicts=True,
        unique_fields=["profile", "org", "product_id"],
        update_fields=[
            "product_type",
            "title",
            "url",
            "role",
            "sales",
            "enrollments",
            "completions",
            "rating_count",
            "rating_average",
            "refreshed_at",
        ],
    )
    kept = {(row.profile_id, row.product_id) for row in products}
    stale = [
        pk
        for pk, profile_id, product_id in InstructorProductRollup.objects.filter(org=org).values_list(
            "pk", "profile_id", "product_id"
        )
        if (profile_id, product_id) not in kept
    ]
    InstructorProductRollup.objects.filter(pk__in=stale).delete()
    reputation = _reputation_rows(org)
    InstructorReputationRollup.objects.bulk_create(
        reputation,
        update_conflicts=True,
        unique_fields=["profile", "org"],
        update_fields=[
            "learners",
            "enrollments",
            "completions",
            "review_count",
            "rating_total",
            "challenge_count",
            "challenge_match_total",
            "refreshed_at",
        ],
    )
    InstructorReputationRollup.objects.filter(org=org).exclude(
        profile_id__in=[row.profile_id for row in reputation]
    ).delete()
    return CreatorRollupResult(products=len(products), profiles=len(reputation))
