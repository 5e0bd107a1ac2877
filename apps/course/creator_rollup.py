"""The org's part of the public creator rollups: which published products each credited profile
has here with their sales, enrollments and completions, and its teaching figures (learners,
enrollments, completions); the ledger's rollup adds the profile's earnings per product. Run per
org by a Celery task; it writes absolute values and removes what no longer holds, so a re-run (or
a run after one killed midway) converges on the same rows, nothing doubled."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from apps.course.models import OrgMemberProductCourseEnrollment, OrgMemberProductCourseProgress
from apps.instructor.models import InstructorProductRollup, InstructorReputationRollup
from apps.org.models import Org
from apps.org.selectors import org_url, tenant_connection
from apps.payment.models import OrgOrder, OrgOrderLine
from apps.product.models import OrgProduct, OrgProductInstructorAttribution


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


def _product_rows(org: Org) -> list[InstructorProductRollup]:
    now = timezone.now()
    sold = _units_sold()
    courses = _course_figures()
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
                refreshed_at=now,
            )
        )
    return rows


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
    return [
        InstructorReputationRollup(
            profile_id=row["course__product__instructor_attributions__profile_id"],
            org=org,
            learners=row["learners"],
            enrollments=row["enrollments"],
            completions=row["completions"],
            refreshed_at=now,
        )
        for row in figures
    ]


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
        update_fields=["learners", "enrollments", "completions", "refreshed_at"],
    )
    InstructorReputationRollup.objects.filter(org=org).exclude(
        profile_id__in=[row.profile_id for row in reputation]
    ).delete()
    return CreatorRollupResult(products=len(products), profiles=len(reputation))
