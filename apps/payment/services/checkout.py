"""Checkout: a cart becomes an order awaiting payment, at prices checked again on the server.

``checkout_place`` refuses, with a message and without writing anything, a stale or tampered total,
a plan no longer offered, stock that ran out, a currency that is not the region's and a payment
method the region does not take. An order it places holds its physical goods' stock until it is
paid, cancelled or expires (``ORDER_HOLD``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import audit_created
from apps.general.selectors import country_list_active
from apps.member.models import OrgMember
from apps.member.services import member_join
from apps.org.selectors import current_org, stripe_account_for_org, tenant_connection
from apps.payment import stripe_api
from apps.payment.minor_units import chargeable_message, stripe_currency, to_minor
from apps.payment.models import OrgCart, OrgManualPaymentMethod, OrgOrder, OrgOrderLine, OrgPayment
from apps.payment.models.orders import Provider
from apps.payment.money import minor_units, money_quantize
from apps.payment.selectors.carts import CartReview, ReviewedLine, cart_review
from apps.payment.selectors.offers import ProductType, stock_held
from apps.payment.services.orders import order_cancel
from apps.product.models import OrgProductPhysical
from apps.user.models import User
from apps.user.services import user_create_for_purchase, user_email_taken
from volmify.actors import STOREFRONT_VISITOR, Actor, actor_check
from volmify.tasks import enqueue_on_commit

ORDER_HOLD = timedelta(minutes=60)  # Stripe's Checkout Sessions last at least 30 minutes
ORDER_NUMBER_START = 1000
ORDER_FIELDS = ("number", "status", "provider", "email", "region", "currency", "total")


@dataclass(frozen=True)
class ShippingAddress:
    name: str
    line1: str
    city: str
    postal_code: str
    country: str
    line2: str = ""
    state: str = ""


@dataclass(frozen=True)
class CheckoutDetails:
    """What the buyer entered and what the page showed them (``expected_total`` in ``expected_currency``)."""

    email: str
    billing_country: str
    provider: str
    locale: str
    expected_total: Decimal
    expected_currency: str
    shipping: ShippingAddress | None = None


def checkout_providers(*, region_id: int) -> list[str]:
    """The payment methods a buyer in the region may choose, cards first."""
    providers = []
    account = stripe_account_for_org(org_id=current_org().pk)
    if account is not None and account.can_charge:
        providers.append(Provider.STRIPE.value)
    if OrgManualPaymentMethod.objects.filter(region_id=region_id, is_enabled=True).exists():
        providers.append(Provider.MANUAL.value)
    return providers


@dataclass(frozen=True)
class Placed:
    """A placed order, and the account made for a new buyer with it (None for a signed-in one)."""

    order: OrgOrder
    new_user: User | None


@transaction.atomic
def checkout_place_for(
    *, user: User | None, cart: OrgCart, details: CheckoutDetails, chain: list[str]
) -> Placed:
    """Place the cart's order for the signed-in ``user``, or for a signed-out buyer (``user`` None)
    with a new email: their account is made with the order (unverified and without a password, see
    ``user_create_for_purchase``; the caller sends the email confirmation). An email that has an
    account is refused: that buyer signs in first. Nothing is kept when the order is refused."""
    new_user = None
    if user is None:
        if user_email_taken(email=details.email):
            raise ValidationError(
                {"email": _("This email has an account. Sign in to complete your purchase.")}
            )
        user = new_user = user_create_for_purchase(actor=STOREFRONT_VISITOR, email=details.email)
        details = replace(details, email=user.email)
    member = member_join(actor=user, user=user)
    order = checkout_place(actor=user, cart=cart, member=member, details=details, chain=chain)
    return Placed(order=order, new_user=new_user)


@transaction.atomic
def checkout_place(
    *, actor: Actor, cart: OrgCart, member: OrgMember, details: CheckoutDetails, chain: list[str]
) -> OrgOrder:
    """The cart as an order awaiting payment, or a ValidationError saying what to fix."""
    actor_check(actor)
    cart = OrgCart.objects.select_for_update().select_related("region__currency").get(pk=cart.pk)
    review = cart_review(cart=cart, chain=chain)
    _review_check(review, details)
    _details_check(review, details)
    _stock_take_hold(review)
    order = _order_create(review, member, details)
    audit_created(actor=actor, target=order, fields=ORDER_FIELDS, label=f"#{order.number}")
    if order.expires_at is not None:
        from apps.payment.tasks import order_expire  # the task module imports these services

        countdown = (order.expires_at - timezone.now()).total_seconds() + 5
        enqueue_on_commit(
            order_expire, schema_name=tenant_connection().schema_name, countdown=countdown, order_id=order.pk
        )
    return order


def _review_check(review: CartReview, details: CheckoutDetails) -> None:
    if not review.lines:
        raise ValidationError(_("Your cart is empty."))
    if problems := review.problems:
        raise ValidationError(problems)
    if (
        review.cart.currency != review.cart.region.currency.code
        or details.expected_currency != review.currency
    ):
        raise ValidationError(_("The currency of your cart changed. Review your cart and try again."))
    if review.changed_lines:  # the page that shows the new prices confirms them (cart_prices_confirm)
        raise ValidationError(_("Prices changed since you looked. Review the new total and confirm again."))
    if details.expected_total != review.subtotal:
        raise ValidationError(
            _("The total you saw is not the total of your cart. Review it and confirm again.")
        )


def _details_check(review: CartReview, details: CheckoutDetails) -> None:
    errors: dict[str, str] = {}
    if not _is_country(details.billing_country):
        errors["billing_country"] = _("Choose your country.")
    if review.requires_shipping:
        errors |= _shipping_errors(details.shipping)
    if details.provider not in checkout_providers(region_id=review.cart.region_id):
        errors["provider"] = _("Choose one of the payment methods offered.")
    elif details.provider == Provider.STRIPE:
        for line in review.lines:
            message = chargeable_message(line.unit_amount, review.currency)
            if message:
                errors["provider"] = message
    if errors:
        raise ValidationError(errors)


def _is_country(code: str) -> bool:
    return bool(code) and country_list_active().filter(alpha2=code).exists()


def _shipping_errors(shipping: ShippingAddress | None) -> dict[str, str]:
    if shipping is None:
        return {"shipping_line1": _("Enter the address to ship to.")}
    required = {
        "shipping_name": (shipping.name, _("Enter the recipient's name.")),
        "shipping_line1": (shipping.line1, _("Enter the address to ship to.")),
        "shipping_city": (shipping.city, _("Enter the city.")),
        "shipping_postal_code": (shipping.postal_code, _("Enter the postal code.")),
    }
    errors = {field: message for field, (value, message) in required.items() if not value.strip()}
    if not _is_country(shipping.country):
        errors["shipping_country"] = _("Choose the country to ship to.")
    return errors


def _stock_take_hold(review: CartReview) -> None:
    """Lock the physical goods' rows and check the stock that no other order holds."""
    wanted = {
        line.offer.product_id: line.line.quantity
        for line in review.lines
        if line.offer is not None and line.offer.product_type == ProductType.PHYSICAL
    }
    if not wanted:
        return
    stock = dict(
        OrgProductPhysical.objects.select_for_update()
        .filter(product_id__in=wanted)
        .order_by("product_id")
        .values_list("product_id", "stock_count")
    )
    held = stock_held(wanted)
    for line in review.lines:
        offer = line.offer
        if offer is not None and offer.product_id in wanted:
            left = stock.get(offer.product_id, 0) - held.get(offer.product_id, 0)
            if line.line.quantity > left:
                raise ValidationError(
                    _("Only %(count)d of %(product)s left in stock.")
                    % {"count": max(left, 0), "product": offer.product_name}
                )


def _order_number() -> tuple[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('org_order', 'id'))")
        (next_id,) = cursor.fetchone()
    return next_id, str(ORDER_NUMBER_START + next_id)


def _order_create(review: CartReview, member: OrgMember, details: CheckoutDetails) -> OrgOrder:
    now = timezone.now()
    order_id, number = _order_number()
    shipping = details.shipping if review.requires_shipping else None
    order = OrgOrder.objects.create(
        id=order_id,
        number=number,
        status=OrgOrder.Status.AWAITING_PAYMENT,
        provider=details.provider,
        member=member,
        email=details.email,
        locale=details.locale,
        region=review.cart.region,
        currency=review.currency,
        billing_country=details.billing_country,
        **_shipping_fields(shipping),
        subtotal=review.subtotal,
        total=review.subtotal,
        application_fee=_application_fee(review) if details.provider == Provider.STRIPE else Decimal(0),
        cart_token=review.cart.token,
        placed_at=now,
        expires_at=now + ORDER_HOLD if details.provider == Provider.STRIPE else None,
    )
    OrgOrderLine.objects.bulk_create([_line(order, line) for line in review.lines])
    OrgPayment.objects.create(
        order=order, provider=details.provider, amount=order.total, currency=order.currency
    )
    return order


def _shipping_fields(shipping: ShippingAddress | None) -> dict[str, str]:
    if shipping is None:
        return {}
    return {
        "shipping_name": shipping.name.strip(),
        "shipping_line1": shipping.line1.strip(),
        "shipping_line2": shipping.line2.strip(),
        "shipping_city": shipping.city.strip(),
        "shipping_postal_code": shipping.postal_code.strip(),
        "shipping_state": shipping.state.strip(),
        "shipping_country": shipping.country,
    }


def _line(order: OrgOrder, reviewed: ReviewedLine) -> OrgOrderLine:
    offer = reviewed.offer
    assert offer is not None  # checked by _review_check
    stocked = offer.product_type == ProductType.PHYSICAL
    return OrgOrderLine(
        order=order,
        product_id=offer.product_id,
        variant_id=offer.variant_id,
        plan_id=offer.plan_id,
        product_type=offer.product_type,
        product_name=offer.product_name,
        variant_name=offer.variant_name,
        plan_name=offer.plan_name,
        access_tier=offer.access_tier,
        access_days=offer.access_days,
        unit_amount=reviewed.unit_amount,
        quantity=reviewed.line.quantity,
        total=money_quantize(reviewed.total, order.currency),
        stock=OrgOrderLine.Stock.RESERVED if stocked else OrgOrderLine.Stock.NONE,
    )


def _application_fee(review: CartReview) -> Decimal:
    """The platform's share (the org's percentage, set by platform staff), rounded down to the currency."""
    account = stripe_account_for_org(org_id=current_org().pk)
    percent = account.application_fee_percent if account is not None else Decimal(0)
    step = Decimal(1).scaleb(-minor_units(review.currency))
    return (review.subtotal * percent / 100).quantize(step, rounding=ROUND_DOWN)


def checkout_payment_start(*, actor: Actor, order: OrgOrder, success_url: str, cancel_url: str) -> str:
    """Open the Stripe-hosted payment page for a card order and return its address (a network
    call: run after ``checkout_place`` committed). When Stripe refuses, the order is cancelled, its
    stock released, and the message raised."""
    actor_check(actor)
    payment = order.payments.filter(status=OrgPayment.Status.PENDING, provider=Provider.STRIPE).first()
    account = stripe_account_for_org(org_id=current_org().pk)
    if payment is None or account is None:
        raise ValidationError(_("This order is not waiting for a card payment."))
    if payment.checkout_url:
        return payment.checkout_url
    lines = [
        stripe_api.CheckoutLine(
            name=_line_label(line),
            unit_amount=to_minor(line.unit_amount, order.currency),
            quantity=line.quantity,
        )
        for line in order.lines.all()
    ]
    try:
        session = stripe_api.checkout_session_create(
            account_id=account.account_id,
            reference=order.number,
            currency=order.currency,
            lines=lines,
            customer_email=order.email,
            success_url=success_url,
            cancel_url=cancel_url,
            application_fee=_fee_minor(order),
            locale=order.locale,
            metadata={"order": order.number, "org": tenant_connection().schema_name},
            idempotency_key=idempotency_key("checkout", payment.pk, payment.created_at),
            expires_at=int(order.expires_at.timestamp()) if order.expires_at else None,
        )
    except stripe_api.PaymentProviderError as error:
        order_cancel(actor=actor, order=order, reason=str(error))
        raise ValidationError(str(error)) from error
    if not session.url:
        raise ValidationError(_("The payment page could not be opened. Try again in a moment."))
    payment.reference, payment.checkout_url = session.id, session.url
    payment.save(update_fields=["reference", "checkout_url", "updated_at"])
    return session.url


def idempotency_key(kind: str, row_id: int, created_at: datetime) -> str:
    """Stripe's idempotency key for one row's request: retries of it match, and a database rebuilt
    with the same ids (a test run, a restored backup) never replays another row's answer."""
    return f"{kind}-{tenant_connection().schema_name}-{row_id}-{int(created_at.timestamp() * 1000)}"


def _line_label(line: OrgOrderLine) -> str:
    names = [line.product_name, line.variant_name, line.plan_name]
    return " · ".join(dict.fromkeys(name for name in names if name))


def _fee_minor(order: OrgOrder) -> int:
    """The application fee in Stripe's integer units (any whole number of them; rounded down)."""
    exponent = stripe_currency(order.currency).exponent
    return int(order.application_fee.scaleb(exponent).to_integral_value(rounding=ROUND_DOWN))


def checkout_session_expire(*, actor: Actor, payment_id: int) -> bool:
    """Close the Stripe payment page of a payment that no longer waits (a network call: run from a
    task); True when Stripe expired it, False when there was nothing to close."""
    actor_check(actor)
    payment = OrgPayment.objects.filter(pk=payment_id, provider=Provider.STRIPE).exclude(reference="").first()
    account = stripe_account_for_org(org_id=current_org().pk)
    if payment is None or account is None or payment.order.status != OrgOrder.Status.CANCELLED:
        return False
    try:
        stripe_api.checkout_session_expire(account_id=account.account_id, session_id=payment.reference)
    except stripe_api.PaymentProviderError:
        return False  # already completed or expired: its event says what happened
    return True
