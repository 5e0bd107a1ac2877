"""Per-product performance in the public creator rollup: units sold, enrollments and completions
from the creator rollup, the creator's earnings per currency from the ledger's rollup, and the
dashboard that shows them."""

from __future__ import annotations

from decimal import Decimal

from apps.course.creator_rollup import creator_rollup_run
from apps.instructor.models import InstructorProductRollup
from apps.ledger.rollup import earnings_rollup_refresh
from apps.ledger.services.posting import ledger_post_pending
from apps.payment.services.orders import order_mark_paid
from apps.payment.services.refunds import refund_request
from apps.product.attribution import Credit, attribution_set
from tests.actors import TEST_ACTOR
from tests.instructor.factories import affiliation_with_share
from volmify.actors import LEDGER


def _sell(shop, org, percent="40"):
    """A real profile credited on the course at 40%, and one paid course line (49.00 EUR)."""
    affiliation = affiliation_with_share(org, percent)
    product = shop.plans["course"].variant.product
    attribution_set(
        actor=TEST_ACTOR, product=product, credits=[Credit(affiliation.profile_id, "author", "100")]
    )
    order = shop.order("course")
    order = order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total).order
    ledger_post_pending(actor=LEDGER)
    return affiliation.profile, product, order


def test_the_rollups_write_sales_and_earnings_per_product(shop, org_a):
    profile, product, order = _sell(shop, org_a)
    creator_rollup_run()
    earnings_rollup_refresh(actor=LEDGER, org=org_a)
    row = InstructorProductRollup.objects.get(profile=profile, product_id=product.pk)
    assert (row.sales, row.earned) == (1, {"EUR": "19.600"})
    line = order.lines.get()
    refund_request(actor=TEST_ACTOR, order=order, line=line, amount=Decimal("49.00"), reason="Refunded")
    ledger_post_pending(actor=LEDGER)
    creator_rollup_run()
    earnings_rollup_refresh(actor=LEDGER, org=org_a)
    row.refresh_from_db()
    assert (row.sales, row.earned) == (0, {"EUR": "0.000"})  # a refunded order no longer counts


def test_the_dashboard_lists_the_creators_products_with_their_figures(shop, org_a, host_client):
    profile, product, _order = _sell(shop, org_a)
    creator_rollup_run()
    earnings_rollup_refresh(actor=LEDGER, org=org_a)
    html = host_client(user=profile.user).get("/creator/").content.decode()
    assert "Your products" in html and str(product) in html
    assert "€19.60" in html and "No reviews yet" in html


def test_another_creator_sees_none_of_the_products(shop, org_a, host_client):
    _profile, product, _order = _sell(shop, org_a)
    creator_rollup_run()
    other = affiliation_with_share(org_a, "10").profile
    html = host_client(user=other.user).get("/creator/").content.decode()
    assert str(product) not in html


def test_the_cached_dashboard_shows_what_the_next_rollup_writes(shop, org_a, host_client, in_org):
    profile, _product, order = _sell(shop, org_a)
    creator_rollup_run()
    earnings_rollup_refresh(actor=LEDGER, org=org_a)
    client = host_client(user=profile.user)
    assert "€19.60" in client.get("/creator/").content.decode()
    assert "€19.60" in client.get("/creator/").content.decode()  # now from the cache
    in_org(org_a)
    line = order.lines.get()
    refund_request(actor=TEST_ACTOR, order=order, line=line, amount=Decimal("49.00"), reason="Refunded")
    ledger_post_pending(actor=LEDGER)
    creator_rollup_run()
    stamped = InstructorProductRollup.objects.get(profile=profile).refreshed_at
    earnings_rollup_refresh(actor=LEDGER, org=org_a)
    # The product's earnings are written with a new stamp, which the dashboard's version reads.
    assert InstructorProductRollup.objects.get(profile=profile).refreshed_at > stamped
    html = client.get("/creator/").content.decode()
    assert "€19.60" not in html and "€0.00" in html
