"""Writes to carts: add, change and remove lines, follow the visitor to another region, and join a
signed-out visitor's cart to their membership when they sign in.

A cart is priced in its region's currency. Every write prices the plan again from
``apps.payment.selectors.offers`` (never from the browser) and keeps the price the buyer was shown
on the line; a price that changed since is shown at the next look (``cart_prices_changed``) and
acknowledged by ``cart_prices_confirm``, never charged silently. Carts hold no history worth
auditing: the order that a checkout makes is the record.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.locale_region.models import OrgRegion
from apps.member.models import OrgMember
from apps.payment.models import OrgCart, OrgCartLine
from apps.payment.models.carts import MAX_LINE_QUANTITY
from apps.payment.selectors.offers import Offer, offers_for_plans
from volmify.actors import Actor, SystemActor, actor_check


def quantity_parse(value: object) -> int:
    """A line quantity from a form: a whole number from 1 to MAX_LINE_QUANTITY, else a clear error."""
    try:
        quantity = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError({"quantity": _("Enter a whole number.")}) from None
    if not 1 <= quantity <= MAX_LINE_QUANTITY:
        raise ValidationError(
            {"quantity": _("Choose a quantity from 1 to %(most)d.") % {"most": MAX_LINE_QUANTITY}}
        )
    return quantity


def _offer_check(offer: Offer | None, quantity: int) -> Offer:
    if offer is None:
        raise ValidationError(_("This plan does not exist."))
    if not offer.is_purchasable:
        raise ValidationError(offer.refusal)
    if offer.is_stocked and quantity > offer.max_quantity:
        raise ValidationError(
            {"quantity": _("Only %(count)d left in stock.") % {"count": offer.max_quantity}}
        )
    if not offer.is_stocked and quantity != 1:
        raise ValidationError({"quantity": _("This can be bought once per order.")})
    return offer


def _offer(plan_id: int, region: OrgRegion, chain: Sequence[str]) -> Offer | None:
    return offers_for_plans(plan_ids=[plan_id], region=region, chain=chain).get(plan_id)


def cart_create(*, actor: Actor, region: OrgRegion, member: OrgMember | None) -> OrgCart:
    """A new, empty cart in ``region``'s currency (``actor`` is the visitor: a user, or
    ``STOREFRONT_VISITOR`` when signed out)."""
    actor_check(actor)
    return OrgCart.objects.create(region=region, currency=region.currency.code, member=member)


@transaction.atomic
def cart_line_add(
    *, actor: Actor, cart: OrgCart, plan_id: int, quantity: int, chain: Sequence[str]
) -> OrgCartLine:
    """Put ``quantity`` of the plan in the cart at today's price: a physical good adds to the line
    already there; anything else is bought once, so adding it again changes nothing."""
    actor_check(actor)
    cart = _locked(cart)
    line = cart.lines.filter(plan_id=plan_id).first() or OrgCartLine(cart=cart, plan_id=plan_id, quantity=0)
    offer = _offer(plan_id, cart.region, chain)
    total = quantity + line.quantity if offer is not None and offer.is_stocked else quantity
    offer = _offer_check(offer, total)
    assert offer.unit_amount is not None  # a purchasable offer has a price
    line.quantity = total
    line.seen_unit_amount = offer.unit_amount
    line.save()
    _touched(cart)
    return line


def _locked(cart: OrgCart) -> OrgCart:
    return OrgCart.objects.select_for_update().select_related("region__currency").get(pk=cart.pk)


def _touched(cart: OrgCart) -> None:
    """Every change to a cart's lines moves its ``updated_at``: the version its cached checkout
    page is keyed by (``apps.storefront.views.checkout``)."""
    cart.save(update_fields=["updated_at"])


@transaction.atomic
def cart_line_quantity_set(
    *, actor: Actor, cart: OrgCart, line_id: int, quantity: int, chain: Sequence[str]
) -> OrgCartLine:
    actor_check(actor)
    line = _line(cart, line_id)
    _offer_check(_offer(line.plan_id, cart.region, chain), quantity)
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    _touched(cart)
    return line


@transaction.atomic
def cart_line_remove(*, actor: Actor, cart: OrgCart, line_id: int) -> None:
    actor_check(actor)
    _line(cart, line_id).delete()
    _touched(cart)


def _line(cart: OrgCart, line_id: int) -> OrgCartLine:
    """The cart's own line; a line of another cart is the same error as one that does not exist."""
    line = cart.lines.select_for_update().filter(pk=line_id).first()
    if line is None:
        raise ValidationError(_("This item is no longer in your cart."))
    return line


@transaction.atomic
def cart_prices_confirm(*, actor: Actor, cart: OrgCart, offers: dict[int, Offer]) -> None:
    """The buyer has been shown today's prices (``offers``, from ``cart_review``): they become the
    prices the cart expects, so checkout goes ahead at them."""
    actor_check(actor)
    locked, changed = _locked(cart), False
    for line in locked.lines.all():
        offer = offers.get(line.plan_id)
        if offer is not None and offer.unit_amount is not None and offer.unit_amount != line.seen_unit_amount:
            line.seen_unit_amount = offer.unit_amount
            line.save(update_fields=["seen_unit_amount"])
            changed = True
    if changed:
        _touched(locked)


@transaction.atomic
def cart_region_move(*, actor: Actor, cart: OrgCart, region: OrgRegion, chain: Sequence[str]) -> list[str]:
    """Follow the visitor to another region: the cart takes its currency and today's prices there,
    and lines the region does not offer leave the cart. Returns what to tell the buyer."""
    actor_check(actor)
    cart = _locked(cart)
    if cart.region_id == region.pk:
        return []
    lines = list(cart.lines.all())
    offers = offers_for_plans(plan_ids=[line.plan_id for line in lines], region=region, chain=chain)
    notices = []
    for line in lines:
        offer = offers.get(line.plan_id)
        if offer is None or not offer.is_purchasable or offer.unit_amount is None:
            name = offer.product_name if offer is not None else str(line.plan_id)
            notices.append(
                _("%(product)s is not sold in %(region)s and was removed.")
                % {"product": name, "region": region.display_name}
            )
            line.delete()
            continue
        line.quantity = min(line.quantity, offer.max_quantity)
        line.seen_unit_amount = offer.unit_amount
        line.save(update_fields=["quantity", "seen_unit_amount"])
    if lines and cart.currency != region.currency.code:
        notices.append(_("Prices are now shown in %(currency)s.") % {"currency": region.currency.code})
    cart.region, cart.currency = region, region.currency.code
    cart.save(update_fields=["region", "currency", "updated_at"])
    return notices


@transaction.atomic
def cart_claim(*, actor: Actor, cart: OrgCart, member: OrgMember) -> OrgCart | None:
    """A visitor who signs in keeps what they put in the cart: it becomes their membership's cart,
    joined with the cart they had already (lines of the same plan keep the larger quantity)."""
    actor_check(actor)
    if isinstance(actor, SystemActor) or member.user_id != actor.pk:
        raise ValidationError(_("Only the buyer can take over this cart."))
    locked = OrgCart.objects.select_for_update().select_related("region__currency").filter(pk=cart.pk).first()
    if locked is None:
        # Another request of the same visitor (the header's badge beside the page) claimed and
        # merged it a moment ago: the member's cart is what it became (none after a checkout).
        return OrgCart.objects.filter(member=member, region_id=cart.region_id).order_by("-updated_at").first()
    cart = locked
    earlier = (
        OrgCart.objects.select_for_update()
        .filter(member=member, region_id=cart.region_id)
        .exclude(pk=cart.pk)
        .order_by("-updated_at")
        .first()
    )
    if earlier is None:
        cart.member = member
        cart.save(update_fields=["member", "updated_at"])
        return cart
    for line in cart.lines.all():
        kept = earlier.lines.filter(plan_id=line.plan_id).first()
        if kept is None:
            line.cart = earlier
            line.save(update_fields=["cart"])
        elif line.quantity > kept.quantity:
            kept.quantity, kept.seen_unit_amount = line.quantity, line.seen_unit_amount
            kept.save(update_fields=["quantity", "seen_unit_amount"])
    cart.delete()
    earlier.save(update_fields=["updated_at"])
    return earlier
