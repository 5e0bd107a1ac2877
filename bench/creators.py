"""The creator dashboard benchmark's data: one creator (``CREATOR``, two profiles) affiliated with
20 orgs, each with a year of earnings in two currencies and three credited products in the public
rollups, as the orgs' rollup tasks would have written them.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=<bench db> python -m bench.creators [--orgs 20]

The orgs are provisioned once (``bench-creator-<i>``, their own prefix, so the earnings and scale
benchmarks' clean-ups leave them alone) and reused; the rollup rows are rewritten each run, so the
page always has 20 orgs x 2 currencies x 12 months of rows and 60 products. ``make bench`` runs it
while preparing the database; ``bench.pages`` measures ``/creator/`` on the platform host signed in
as ``CREATOR``.
"""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal

import django

CREATOR = "creator.bench@example.com"
ORGS = 20
SLUG_PREFIX = "bench-creator-"
SCHEMA_PREFIX = "bench_creator_"
MONTHS = 12
PRODUCTS_PER_ORG = 3


def _orgs(count: int) -> list:
    from django.utils import timezone

    from apps.org.models import Org, OrgDomain
    from apps.org.services import org_provision
    from volmify.actors import MAINTENANCE

    for index in range(1, count + 1):
        org = Org.objects.filter(slug=f"{SLUG_PREFIX}{index}").first()
        if org is None:
            org = Org.objects.create(
                name=f"Creator bench {index}",
                slug=f"{SLUG_PREFIX}{index}",
                schema_name=f"{SCHEMA_PREFIX}{index}",
            )
            OrgDomain.objects.create(
                domain=f"{SLUG_PREFIX}{index}.localhost",
                tenant=org,
                is_verified=True,
                verified_at=timezone.now(),
            )
        if not org.is_active:
            org = org_provision(actor=MAINTENANCE, org_id=org.pk)
            if not org.is_active:
                raise RuntimeError(f"provisioning {org.slug} failed: {org.failure_reason}")
    return list(Org.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk")[:count])


def _creator():
    from apps.instructor.models import UserInstructorProfile
    from apps.user.models import User

    user = User.objects.filter(email=CREATOR).first() or User.objects.create_user(CREATOR, None)
    profiles = []
    for number, name in enumerate(("Bench Designer", "Bench Coder"), 1):
        slug = f"bench-creator-profile-{number}"
        profile = UserInstructorProfile.objects.filter(slug=slug).first()
        if profile is None:
            profile = UserInstructorProfile.objects.create(user=user, display_name=name, slug=slug, links=[])
        profiles.append(profile)
    return user, profiles


def _month(back: int) -> date:
    from django.utils import timezone

    today = timezone.now().date()
    total = today.year * 12 + today.month - 1 - back
    return date(total // 12, total % 12 + 1, 1)


def creator_setup(orgs_count: int = ORGS) -> tuple[int, int]:
    """The creator, its affiliations and rollup rows in ``orgs_count`` orgs; (orgs, rollup rows)."""
    from django.db import transaction
    from django.utils import timezone

    from apps.instructor.models import InstructorOrgAffiliation, InstructorProductRollup
    from apps.org.models import InstructorEarningsRollup

    orgs = _orgs(orgs_count)
    _user, profiles = _creator()
    now = timezone.now()
    with transaction.atomic():
        for index, org in enumerate(orgs):
            profile = profiles[index % 2]
            InstructorOrgAffiliation.objects.get_or_create(
                profile=profile,
                org=org,
                defaults={"status": InstructorOrgAffiliation.Status.ACTIVE, "started_at": now},
            )
        profile_ids = [profile.pk for profile in profiles]
        InstructorEarningsRollup.objects.filter(profile_id__in=profile_ids).delete()
        InstructorProductRollup.objects.filter(profile_id__in=profile_ids).delete()
        earnings = [
            InstructorEarningsRollup(
                profile_id=profiles[index % 2].pk,
                org=org,
                currency=currency,
                month=_month(back),
                earned=Decimal(amount) * (back + 1),
                pending=Decimal(amount) if back == 0 else Decimal(0),
                paid=Decimal(amount) * back // 2,
                refreshed_at=now,
            )
            for index, org in enumerate(orgs)
            for currency, amount in (("EUR", "12.340"), ("JPY", "1234"))
            for back in range(MONTHS)
        ]
        products = [
            InstructorProductRollup(
                profile=profiles[index % 2],
                org=org,
                product_id=number,
                product_type="course" if number == 1 else "digital",
                title=f"{org.name}: product {number}",
                url=f"http://{org.slug}.localhost/p/product-{number}/",
                role="author",
                sales=10 * number,
                enrollments=8 * number if number == 1 else 0,
                completions=3 if number == 1 else 0,
                rating_average=Decimal("4.3"),
                rating_count=5,
                earned={"EUR": "123.400", "JPY": "12340"},
                refreshed_at=now,
            )
            for index, org in enumerate(orgs)
            for number in range(1, PRODUCTS_PER_ORG + 1)
        ]
        InstructorEarningsRollup.objects.bulk_create(earnings)
        InstructorProductRollup.objects.bulk_create(products)
    return len(orgs), len(earnings) + len(products)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--orgs", type=int, default=ORGS)
    args = parser.parse_args()
    django.setup()
    orgs, rows = creator_setup(args.orgs)
    print(f"bench: {CREATOR} works with {orgs} orgs ({rows} rollup rows)")


if __name__ == "__main__":
    main()
