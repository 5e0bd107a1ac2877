from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.course.models import OrgMemberProductCourseEnrollment
from apps.course.selectors.enrollments import learner_tier
from apps.payment.models import OrgCommerceEvent, OrgOrder, OrgOrderLine
from apps.payment.money import money_allocate
from apps.payment.services.fulfilment import download_take
from apps.payment.services.orders import order_mark_paid
from apps.payment.services.refunds import dispute_close, dispute_open, refund_amount_parse, refund_request
from tests.actors import TEST_ACTOR


@pytest.fixture
def paid(shop):
    order = shop.order("course", "digital")
    return order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total).order


def _line(order, product_type):
    return order.lines.get(product_type=product_type)


def _course(shop):
    return shop.plans["course"].variant.product.course


def test_a_full_refund_revokes_what_the_order_granted(shop, paid):
    refund_request(actor=TEST_ACTOR, order=paid, amount=paid.total, reason="Asked within 14 days")
    paid.refresh_from_db()
    assert (paid.status, paid.amount_refunded) == (OrgOrder.Status.REFUNDED, Decimal("68.90"))
    assert set(paid.lines.values_list("access", "amount_refunded")) == {
        ("revoked", Decimal("49.00")),
        ("revoked", Decimal("19.90")),
    }
    assert learner_tier(member=shop.buyer, course=_course(shop)) == 0
    assert OrgMemberProductCourseEnrollment.objects.get(order_line__order=paid).revoked_at is not None
    with pytest.raises(ValidationError):
        download_take(actor=TEST_ACTOR, download=_line(paid, "digital").download)
    events = OrgCommerceEvent.objects.filter(order=paid, kind="line_refunded")
    assert sorted(events.values_list("amount", "revokes_access")) == [
        (Decimal("19.90"), True),
        (Decimal("49.00"), True),
    ]


def test_a_partial_refund_asks_whether_to_revoke(shop, paid):
    line = _line(paid, "course")
    with pytest.raises(ValidationError) as error:
        refund_request(actor=TEST_ACTOR, order=paid, line=line, amount=Decimal("10.00"), reason="Late start")
    assert "revokes_access" in error.value.message_dict
    refund_request(
        actor=TEST_ACTOR,
        order=paid,
        line=line,
        amount=Decimal("10.00"),
        reason="Late start",
        revokes_access=False,
    )
    paid.refresh_from_db()
    assert paid.status == OrgOrder.Status.PARTIALLY_REFUNDED
    assert learner_tier(member=shop.buyer, course=_course(shop)) == 2
    refund_request(actor=TEST_ACTOR, order=paid, line=line, amount=Decimal("39.00"), reason="The rest")
    assert learner_tier(member=shop.buyer, course=_course(shop)) == 0


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("68.91", "At most 68.90"),
        ("0", "greater than zero"),
        ("1.234", "decimals"),
        ("abc", "Enter an amount"),
    ],
)
def test_bad_refund_amounts_are_refused_and_nothing_changes(shop, paid, amount, message):
    with pytest.raises(ValidationError, match=message):
        refund_request(actor=TEST_ACTOR, order=paid, amount=refund_amount_parse(amount, "EUR"), reason="x")
    paid.refresh_from_db()
    assert (paid.amount_refunded, paid.status) == (Decimal("0.000"), OrgOrder.Status.PAID)


def test_an_unpaid_order_cannot_be_refunded(shop):
    order = shop.order("digital")
    with pytest.raises(ValidationError, match="Only a paid order"):
        refund_request(actor=TEST_ACTOR, order=order, amount=Decimal("1.00"), reason="x")


def test_a_dispute_suspends_and_a_won_one_restores(shop, paid):
    paid.payments.update(reference="cs_1", payment_intent="pi_1")
    dispute_open(actor=TEST_ACTOR, order=paid, reference="dp_1", amount=paid.total, reason="fraudulent")
    assert learner_tier(member=shop.buyer, course=_course(shop)) == 0
    assert set(paid.lines.values_list("access", flat=True)) == {OrgOrderLine.Access.SUSPENDED}
    dispute_close(actor=TEST_ACTOR, order=paid, reference="dp_1", amount=paid.total, won=True)
    paid.refresh_from_db()
    assert paid.status == OrgOrder.Status.PAID
    assert learner_tier(member=shop.buyer, course=_course(shop)) == 2
    assert download_take(actor=TEST_ACTOR, download=_line(paid, "digital").download).download_count == 1


def test_a_lost_dispute_revokes(shop, paid):
    dispute_open(actor=TEST_ACTOR, order=paid, reference="dp_2", amount=paid.total, reason="fraudulent")
    dispute_close(actor=TEST_ACTOR, order=paid, reference="dp_2", amount=paid.total, won=False)
    dispute_close(
        actor=TEST_ACTOR, order=paid, reference="dp_2", amount=paid.total, won=True
    )  # decided already
    assert set(paid.lines.values_list("access", flat=True)) == {OrgOrderLine.Access.REVOKED}
    kinds = list(OrgCommerceEvent.objects.filter(order=paid).values_list("kind", flat=True))
    assert kinds.count("line_disputed") == 2 and kinds.count("line_dispute_lost") == 2


def test_downloads_stop_at_their_limit(shop, paid):
    download = _line(paid, "digital").download
    for count in (1, 2, 3):
        assert download_take(actor=TEST_ACTOR, download=download).download_count == count
    with pytest.raises(ValidationError, match="no longer available"):
        download_take(actor=TEST_ACTOR, download=download)


@pytest.mark.parametrize(
    ("total", "weights", "currency", "parts"),
    [
        (Decimal("10.00"), [1, 1, 1], "EUR", [Decimal("3.34"), Decimal("3.33"), Decimal("3.33")]),
        (Decimal("100"), [1, 2], "JPY", [Decimal("33"), Decimal("67")]),
        (Decimal("1.000"), [3, 3, 3], "KWD", [Decimal("0.334"), Decimal("0.333"), Decimal("0.333")]),
        (Decimal("5.00"), [0, 0], "EUR", [Decimal("0.00"), Decimal("0.00")]),
    ],
)
def test_allocation_parts_sum_to_the_whole(total, weights, currency, parts):
    result = money_allocate(total, [Decimal(weight) for weight in weights], currency)
    assert result == parts
    assert sum(result) == (total if any(weights) else 0)
