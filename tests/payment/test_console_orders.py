"""/manage/orders/: the list (filters, search, pagination, CSV, sales summary) and one order's
page and actions (mark paid, cancel, refund, ship, schedule), for admins only, org by org."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.audit.models import OrgAuditEntry
from apps.course.selectors.enrollments import learner_tier
from apps.member.models import OrgMember
from apps.org.payment_accounts import stripe_account_connect, stripe_account_update
from apps.payment import stripe_api
from apps.payment.models import OrgOrder, OrgOrderBooking, OrgOrderShipment, OrgRefund
from apps.payment.selectors.orders import sales_summary
from apps.payment.services.carts import cart_line_add
from apps.payment.services.checkout import checkout_payment_start, checkout_place
from apps.payment.services.orders import order_mark_paid
from apps.product.models import OrgProduct
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.payment.conftest import CHAIN, PRICES
from tests.payment.factories import ManualPaymentMethodFactory, sellable
from tests.payment.stripe_fake import FakeStripe

Status = OrgOrder.Status


@pytest.fixture
def admin(shop, host_client, org_a):
    member = OrgMemberFactory(role=OrgMember.Role.ADMIN)
    return host_client(org_a, user=member.user)


def _paid(shop, *names):
    order = shop.order(*names)
    return order_mark_paid(actor=TEST_ACTOR, order=order, amount=order.total).order


def _url(name, order, *args):
    return reverse(name, args=[order.number, *args])


def _state(order):
    order.refresh_from_db()
    return (order.status, order.amount_refunded, order.refunds.count(), order.notice)


# The list ------------------------------------------------------------------------------------------


def test_the_list_filters_by_status_product_region_date_and_search(shop, admin):
    paid = _paid(shop, "course")
    waiting = shop.order("digital")
    url = reverse("manage_order_list")
    body = admin.get(url).content.decode()
    assert f"#{paid.number}" in body and f"#{waiting.number}" in body

    def numbers(**query):
        response = admin.get(url, query)
        assert response.status_code == 200
        return {order.number for order in response.context["page"].object_list}

    assert numbers(status="paid") == {paid.number}
    assert numbers(status="awaiting_payment") == {waiting.number}
    assert numbers(product=shop.plans["digital"].variant.product_id) == {waiting.number}
    assert numbers(region=shop.eu.pk) == {paid.number, waiting.number}
    assert numbers(region=shop.us.pk) == set()
    assert numbers(q=paid.number) == {paid.number}
    assert numbers(q=f"#{waiting.number}") == {waiting.number}
    assert numbers(q=shop.buyer.user.email.upper()) == {paid.number, waiting.number}
    today = timezone.localdate()
    assert numbers(date_from=today.isoformat(), date_to=today.isoformat()) == {paid.number, waiting.number}
    assert numbers(date_to=(today - timedelta(days=1)).isoformat()) == set()


def test_a_bad_filter_is_a_400_naming_it_and_filters_nothing(shop, admin):
    order = shop.order("digital")
    response = admin.get(reverse("manage_order_list"), {"date_from": "2024-05-10", "date_to": "2024-05-01"})
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    response = admin.get(reverse("manage_order_list"), {"status": "stolen", "product": "x"})
    assert response.status_code == 400
    assert {o.number for o in response.context["page"].object_list} == {order.number}


def test_the_list_pages_with_a_fixed_number_of_queries(shop, admin, django_assert_max_num_queries):
    for _ in range(3):
        _paid(shop, "course", "digital")
    admin.get(reverse("manage_order_list"))  # warm the member and market caches
    with django_assert_max_num_queries(14) as small:
        admin.get(reverse("manage_order_list"))
    for _ in range(27):
        shop.order("digital", "service")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = admin.get(reverse("manage_order_list"))
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list)) == (30, 25)
    response = admin.get(reverse("manage_order_list"), {"page": 2})
    assert len(response.context["page"].object_list) == 5


def test_the_csv_export_has_the_filtered_orders_and_defuses_formulas(shop, admin):
    paid = _paid(shop, "course", "digital")
    shop.order("service")
    type(shop.eu).objects.filter(pk=shop.eu.pk).update(name="=HYPERLINK(1)")
    response = admin.get(reverse("manage_order_export"), {"status": "paid"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:4] == ["number", "created", "paid", "status"]
    assert [row[0] for row in rows[1:]] == [paid.number]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["currency"], row["total"], row["status"]) == ("EUR", "68.900", "paid")
    assert row["region"] == "'=HYPERLINK(1)"  # a spreadsheet shows it, never runs it
    names = [line.product_name for line in paid.lines.order_by("id")]
    assert row["lines"] == f"1 x {names[0]}; 1 x {names[1]}"


def test_sales_are_summed_per_currency_and_window_never_across_currencies(shop, admin):
    usd = sellable(region=shop.us, product_type=OrgProduct.ProductType.DIGITAL, amount=Decimal("10.00"))
    ManualPaymentMethodFactory(region=shop.us)
    cart = shop.cart(region=shop.us)
    cart_line_add(actor=shop.buyer.user, cart=cart, plan_id=usd.pk, quantity=1, chain=CHAIN)
    us_order = checkout_place(
        actor=shop.buyer.user,
        cart=cart,
        member=shop.buyer,
        details=shop.details(Decimal("10.00"), expected_currency="USD"),
        chain=CHAIN,
    )
    order_mark_paid(actor=TEST_ACTOR, order=us_order, amount=us_order.total)
    _paid(shop, "course")
    older = _paid(shop, "digital")
    OrgOrder.objects.filter(pk=older.pk).update(paid_at=timezone.now() - timedelta(days=20))
    oldest = _paid(shop, "service")
    OrgOrder.objects.filter(pk=oldest.pk).update(paid_at=timezone.now() - timedelta(days=100))
    shop.order("course")  # not paid: not counted
    summary = {row.currency: row.by_window for row in sales_summary()}
    assert set(summary) == {"EUR", "USD"}
    assert (summary["EUR"][7].orders, summary["EUR"][7].revenue) == (1, Decimal("49.000"))
    assert (summary["EUR"][30].orders, summary["EUR"][30].revenue) == (2, Decimal("68.900"))
    assert (summary["EUR"][90].orders, summary["EUR"][90].revenue) == (2, Decimal("68.900"))
    assert (summary["USD"][90].orders, summary["USD"][90].revenue) == (1, Decimal("10.000"))
    body = admin.get(reverse("manage_order_list")).content.decode()
    assert "€68.90" in body and "$10.00" in body


# One order -----------------------------------------------------------------------------------------


def test_the_order_page_shows_lines_payments_refunds_and_the_buyer(
    shop, admin, django_assert_max_num_queries
):
    order = _paid(shop, "course", "digital", "physical", "service")
    admin.get(_url("manage_order_detail", order))
    with django_assert_max_num_queries(20):
        response = admin.get(_url("manage_order_detail", order))
    body = response.content.decode()
    assert response.status_code == 200
    assert shop.buyer.user.email in body
    for line in order.lines.all():
        assert line.product_name in body
    assert "0 of 3 downloads" in body
    assert "Mark shipped" in body and "Schedule" in body
    assert reverse("manage_order_refund", args=[order.number]) in body


def test_an_admin_marks_a_bank_transfer_paid_and_the_buyer_gets_access(shop, admin):
    order = shop.order("course")
    response = admin.post(_url("manage_order_mark_paid", order), {"reference": "SEPA 42"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Status.PAID
    assert order.payments.get().status == "succeeded"
    assert learner_tier(member=shop.buyer, course=shop.plans["course"].variant.product.course) == 2
    assert OrgAuditEntry.objects.filter(verb="pay", object_id=str(order.pk)).exists()


def test_a_card_order_cannot_be_marked_paid_by_hand(shop, admin, org_a):
    fake = FakeStripe()
    with stripe_api.use_http_client(fake):
        order = _card_order(shop, org_a, fake)
        before = _state(order)
        response = admin.post(_url("manage_order_mark_paid", order), {"reference": "x"})
    assert response.status_code == 400
    assert "marked paid by Stripe" in response.content.decode()
    assert _state(order) == before


def test_cancel_asks_first_then_cancels_with_a_reason(shop, admin):
    order = shop.order("physical")
    page = admin.get(_url("manage_order_cancel", order))
    assert page.status_code == 200
    assert "reserved stock goes back on sale" in page.content.decode()
    response = admin.post(_url("manage_order_cancel", order), {"reason": ""})
    assert response.status_code == 400
    assert order.__class__.objects.get(pk=order.pk).status == Status.AWAITING_PAYMENT
    response = admin.post(_url("manage_order_cancel", order), {"reason": "Buyer asked by phone"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.notice) == (Status.CANCELLED, "Buyer asked by phone")
    assert order.lines.get().stock == "released"


def test_a_paid_order_cannot_be_cancelled(shop, admin):
    order = _paid(shop, "digital")
    before = _state(order)
    response = admin.post(_url("manage_order_cancel", order), {"reason": "oops"})
    assert response.status_code == 400
    assert "refund a paid one" in response.content.decode()
    assert _state(order) == before


def test_a_full_refund_of_a_bank_transfer_is_recorded_and_ends_access(shop, admin):
    order = _paid(shop, "course")
    assert "Up to €49.00" in admin.get(_url("manage_order_refund", order)).content.decode()
    response = admin.post(_url("manage_order_refund", order), {"amount": "49.00", "reason": "Changed mind"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.amount_refunded) == (Status.REFUNDED, Decimal("49.000"))
    assert learner_tier(member=shop.buyer, course=shop.plans["course"].variant.product.course) == 0


def test_a_partial_refund_of_one_line_keeps_access_when_asked(shop, admin):
    order = _paid(shop, "course", "digital")
    course_line = order.lines.get(product_type="course")
    data = {"line": course_line.pk, "amount": "9.00", "reason": "Late start", "revokes_access": "keep"}
    assert admin.post(_url("manage_order_refund", order), data).status_code == 302
    order.refresh_from_db()
    course_line.refresh_from_db()
    assert (order.status, course_line.amount_refunded, course_line.access) == (
        Status.PARTIALLY_REFUNDED,
        Decimal("9.000"),
        "active",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "10.00", "reason": "Late"}, "Choose whether this partial refund ends the buyer"),
        ({"amount": "68.91", "reason": "Late"}, "At most 68.90"),
        ({"amount": "1.234", "reason": "Late"}, "more decimals than EUR"),
        ({"amount": "-5", "reason": "Late"}, "greater than zero"),
        ({"amount": "5", "reason": ""}, "This field is required."),
        ({"amount": "5", "reason": "Late", "line": "999999"}, "Select a valid choice"),
    ],
)
def test_a_bad_refund_is_refused_with_a_message_and_changes_nothing(shop, admin, data, message):
    order = _paid(shop, "course", "digital")
    before = _state(order)
    response = admin.post(_url("manage_order_refund", order), data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert _state(order) == before


def test_an_unpaid_order_cannot_be_refunded(shop, admin):
    order = shop.order("digital")
    response = admin.post(_url("manage_order_refund", order), {"amount": "19.90", "reason": "x"})
    assert response.status_code == 400
    assert "Only a paid order can be refunded." in response.content.decode()
    assert not OrgRefund.objects.exists()


def _card_account(org, fake):
    account_id = fake.account_add(charges_enabled=True, details_submitted=True)
    stripe_account_connect(actor=TEST_ACTOR, org=org, account_id=account_id)
    stripe_account_update(
        account_id=account_id,
        charges_enabled=True,
        details_submitted=True,
        payouts_enabled=True,
        requirements_due=[],
    )
    return account_id


def _card_order(shop, org, fake, *, paid=False):
    account_id = _card_account(org, fake)
    cart = shop.cart("course")
    order = checkout_place(
        actor=shop.buyer.user,
        cart=cart,
        member=shop.buyer,
        details=shop.details(PRICES["course"], provider="stripe"),
        chain=CHAIN,
    )
    checkout_payment_start(
        actor=shop.buyer.user, order=order, success_url="https://a.test/ok", cancel_url="https://a.test/no"
    )
    if paid:
        intent = fake.payment_add(account_id, amount=4900, currency="eur")
        payment = order.payments.get()
        order_mark_paid(
            actor=TEST_ACTOR,
            order=order,
            amount=order.total,
            reference=payment.reference,
            payment_intent=intent,
        )
    return order


def test_a_card_refund_goes_through_stripe_after_the_request(shop, admin, org_a):
    fake = FakeStripe()
    with stripe_api.use_http_client(fake):
        order = _card_order(shop, org_a, fake, paid=True)
        response = admin.post(_url("manage_order_refund", order), {"amount": "49.00", "reason": "duplicate"})
    assert response.status_code == 302
    refund_call = fake.last
    assert (refund_call.path, refund_call.params["amount"], refund_call.params["reason"]) == (
        "/v1/refunds",
        "4900",
        "duplicate",
    )
    order.refresh_from_db()
    assert (order.status, order.amount_refunded) == (Status.REFUNDED, Decimal("49.000"))
    assert order.refunds.get().status == OrgRefund.Status.SUCCEEDED


def test_a_card_refund_stripe_refuses_shows_its_message_and_leaves_the_order(shop, admin, org_a):
    fake = FakeStripe()
    with stripe_api.use_http_client(fake):
        order = _card_order(shop, org_a, fake, paid=True)
        fake.fail_next(
            "POST", "/v1/refunds", status=400, type="invalid_request_error", code="charge_disputed"
        )
        response = admin.post(
            _url("manage_order_refund", order), {"amount": "49.00", "reason": "asked"}, follow=True
        )
    body = response.content.decode()
    assert "Stripe did not make the refund" in body
    assert "The payment provider refused the request." in body
    order.refresh_from_db()
    assert (order.status, order.amount_refunded) == (Status.PAID, Decimal(0))
    assert order.refunds.get().status == OrgRefund.Status.FAILED


def test_a_shipment_is_marked_shipped_with_carrier_and_tracking(shop, admin):
    order = _paid(shop, "physical")
    shipment = OrgOrderShipment.objects.get(line__order=order)
    url = _url("manage_order_shipment_ship", order, shipment.pk)
    prefix = f"shipment-{shipment.pk}"
    response = admin.post(url, {f"{prefix}-carrier": "", f"{prefix}-tracking_number": "1Z"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    shipment.refresh_from_db()
    assert shipment.status == OrgOrderShipment.Status.PENDING
    response = admin.post(url, {f"{prefix}-carrier": "DHL", f"{prefix}-tracking_number": "1Z999"})
    assert response.status_code == 302
    shipment.refresh_from_db()
    assert (shipment.status, shipment.carrier, shipment.tracking_number) == ("shipped", "DHL", "1Z999")


def test_a_booking_is_scheduled_in_the_future_only(shop, admin):
    order = _paid(shop, "service")
    booking = OrgOrderBooking.objects.get(line__order=order)
    url = _url("manage_order_booking_schedule", order, booking.pk)
    prefix = f"booking-{booking.pk}"
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = admin.post(url, {f"{prefix}-scheduled_at": past, f"{prefix}-location": "Room 1"})
    assert response.status_code == 400
    assert "Choose a time in the future." in response.content.decode()
    booking.refresh_from_db()
    assert (booking.status, booking.scheduled_at) == ("requested", None)
    future = (timezone.localtime() + timedelta(days=3)).replace(second=0, microsecond=0)
    response = admin.post(
        url,
        {
            f"{prefix}-scheduled_at": future.strftime("%Y-%m-%dT%H:%M"),
            f"{prefix}-location": "https://meet.test/x",
        },
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.status, booking.scheduled_at, booking.location) == (
        "scheduled",
        future,
        "https://meet.test/x",
    )


# Who may, and whose ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [OrgMember.Role.LEARNER, OrgMember.Role.INSTRUCTOR])
def test_learners_and_instructors_cannot_see_or_act_on_orders(shop, host_client, org_a, role):
    waiting = shop.order("course")
    paid = _paid(shop, "physical", "service")
    shipment = OrgOrderShipment.objects.get(line__order=paid)
    booking = OrgOrderBooking.objects.get(line__order=paid)
    client = host_client(org_a, user=OrgMemberFactory(role=role).user)
    before = (_state(waiting), _state(paid))
    assert client.get(reverse("manage_order_list")).status_code == 403
    assert client.get(reverse("manage_order_export")).status_code == 403
    assert client.get(_url("manage_order_detail", paid)).status_code == 403
    posts = [
        (_url("manage_order_mark_paid", waiting), {}),
        (_url("manage_order_cancel", waiting), {"reason": "x"}),
        (_url("manage_order_refund", paid), {"amount": "1", "reason": "x", "revokes_access": "keep"}),
        (_url("manage_order_shipment_ship", paid, shipment.pk), {f"shipment-{shipment.pk}-carrier": "DHL"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    assert (_state(waiting), _state(paid)) == before
    shipment.refresh_from_db()
    booking.refresh_from_db()
    assert (shipment.status, booking.status) == ("pending", "requested")


def test_another_orgs_order_is_404_everywhere_and_changes_nothing(shop, admin, in_org, org_a, org_b):
    in_org(org_b)
    eu = market(2)["regions"][1]
    ManualPaymentMethodFactory(region=eu)
    plans = {
        name: sellable(region=eu, product_type=name, amount=PRICES[name]) for name in ("physical", "service")
    }
    buyer = OrgMemberFactory()
    foreign_shop = type(shop)(eu=eu, us=None, plans=plans, buyer=buyer)
    waiting = foreign_shop.order("service")
    paid = _paid(foreign_shop, "physical", "service")
    shipment = OrgOrderShipment.objects.get(line__order=paid)
    booking = OrgOrderBooking.objects.get(line__order=paid)
    before = (_state(waiting), _state(paid))
    in_org(org_a)
    assert not OrgOrder.objects.filter(number__in=[waiting.number, paid.number]).exists()
    gets = [
        _url("manage_order_detail", paid),
        _url("manage_order_refund", paid),
        _url("manage_order_cancel", waiting),
    ]
    for url in gets:
        assert admin.get(url).status_code == 404, url
    posts = [
        (_url("manage_order_mark_paid", waiting), {}),
        (_url("manage_order_cancel", waiting), {"reason": "x"}),
        (_url("manage_order_refund", paid), {"amount": "1", "reason": "x", "revokes_access": "revoke"}),
        (_url("manage_order_shipment_ship", paid, shipment.pk), {f"shipment-{shipment.pk}-carrier": "DHL"}),
        (
            _url("manage_order_booking_schedule", paid, booking.pk),
            {f"booking-{booking.pk}-location": "x", f"booking-{booking.pk}-scheduled_at": "2099-01-01T10:00"},
        ),
    ]
    for url, data in posts:
        assert admin.post(url, data).status_code == 404, url
    in_org(org_b)
    assert (_state(waiting), _state(paid)) == before
    shipment.refresh_from_db()
    booking.refresh_from_db()
    assert (shipment.status, booking.status) == ("pending", "requested")


def test_a_shipment_of_another_order_is_404(shop, admin):
    first = _paid(shop, "physical")
    second = _paid(shop, "service")
    shipment = OrgOrderShipment.objects.get(line__order=first)
    url = _url("manage_order_shipment_ship", second, shipment.pk)
    assert admin.post(url, {f"shipment-{shipment.pk}-carrier": "DHL"}).status_code == 404
    shipment.refresh_from_db()
    assert shipment.status == "pending"


@pytest.mark.parametrize("number", ["abc%00", "9" * 30, "not-an-order"])
def test_a_number_that_is_no_order_is_404(shop, admin, number):
    assert admin.get(f"/manage/orders/{number}/").status_code == 404
