from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.course.models import OrgMemberProductCourseEnrollment
from apps.course.selectors.enrollments import learner_tier
from apps.member.models import OrgMember
from apps.payment.models import OrgCart, OrgCommerceEvent, OrgOrder, OrgOrderLine, OrgPayment
from apps.payment.services.orders import order_cancel, order_mark_paid
from apps.product.models import OrgProductPhysical
from tests.actors import TEST_ACTOR
from tests.member.factories import OrgMemberFactory


def _paid(shop, *names, quantity=1):
    order = shop.order(*names, quantity=quantity)
    result = order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total)
    assert result.newly_paid
    return result.order


def test_paid_delivers_every_line_in_one_transaction(shop):
    order = _paid(shop, "course", "digital", "physical", "service", quantity=2)
    assert order.status == OrgOrder.Status.PAID and order.paid_at is not None
    lines = {line.product_type: line for line in order.lines.all()}
    assert {line.access for line in lines.values()} == {OrgOrderLine.Access.ACTIVE}
    enrollment = OrgMemberProductCourseEnrollment.objects.get(order_line=lines["course"])
    assert (enrollment.member_id, enrollment.access_tier, enrollment.source) == (shop.buyer.pk, 2, "purchase")
    assert (lines["digital"].download.download_limit, lines["digital"].download.download_count) == (3, 0)
    assert (
        lines["physical"].shipment.status == "pending" and lines["physical"].stock == OrgOrderLine.Stock.TAKEN
    )
    assert OrgProductPhysical.objects.get(product_id=lines["physical"].product_id).stock_count == 1
    assert lines["service"].booking.status == "requested"
    assert sorted(OrgCommerceEvent.objects.filter(order=order).values_list("kind", "amount")) == sorted(
        [
            ("line_paid", Decimal("49.00")),
            ("line_paid", Decimal("19.90")),
            ("line_paid", Decimal("60.00")),
            ("line_paid", Decimal("120.00")),
        ]
    )
    assert order.payments.get().status == OrgPayment.Status.SUCCEEDED
    assert not OrgCart.objects.filter(token=order.cart_token).exists()


def test_the_best_active_tier_wins_after_a_purchase(shop):
    course = shop.plans["course"].variant.product.course
    from tests.member.factories import EnrollmentFactory

    EnrollmentFactory(member=shop.buyer, course=course, access_tier=3)
    _paid(shop, "course")
    assert learner_tier(member=shop.buyer, course=course) == 3


def test_marking_paid_twice_changes_nothing(shop):
    order = _paid(shop, "course", "digital")
    again = order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total)
    assert not again.newly_paid
    assert OrgMemberProductCourseEnrollment.objects.filter(member=shop.buyer).count() == 1
    assert OrgCommerceEvent.objects.filter(order=order).count() == 2


def test_a_wrong_amount_is_refused_and_nothing_changes(shop):
    order = shop.order("digital")
    with pytest.raises(ValidationError, match="was paid for an order of"):
        order_mark_paid(actor=TEST_ACTOR, order=order, amount=Decimal("1.00"))
    order.refresh_from_db()
    assert order.status == OrgOrder.Status.AWAITING_PAYMENT


def test_only_admins_mark_an_order_paid(shop):
    order = shop.order("course")
    for role in (OrgMember.Role.LEARNER, OrgMember.Role.INSTRUCTOR):
        with pytest.raises(PermissionDenied):
            order_mark_paid(actor=OrgMemberFactory(role=role).user, order=order, amount=order.total)
    order.refresh_from_db()
    assert order.status == OrgOrder.Status.AWAITING_PAYMENT
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    assert order_mark_paid(actor=admin, order=order, amount=order.total).newly_paid


def test_cancelling_releases_the_stock_and_a_cancelled_manual_order_cannot_be_paid(shop):
    order = shop.order("physical", quantity=3)
    order_cancel(actor=TEST_ACTOR, order=order, reason="Changed my mind")
    assert order.lines.get().stock == OrgOrderLine.Stock.RELEASED
    assert shop.order("physical", quantity=3).total == Decimal("90.00")  # the stock is free again
    with pytest.raises(ValidationError, match="cancelled"):
        order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total)


def test_a_paid_order_cannot_be_cancelled(shop):
    order = _paid(shop, "digital")
    with pytest.raises(ValidationError, match="refund"):
        order_cancel(actor=TEST_ACTOR, order=order, reason="x")


def test_a_person_cannot_mark_a_card_order_paid(shop):
    order = shop.order("digital")
    OrgOrder.objects.filter(pk=order.pk).update(provider="stripe")
    admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    with pytest.raises(ValidationError, match="confirmed by Stripe"):
        order_mark_paid(actor=admin, order=order, amount=order.total)
    order.refresh_from_db()
    assert order.status == OrgOrder.Status.AWAITING_PAYMENT
