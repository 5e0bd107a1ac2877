"""The cart: add from a product page (or buy now), change quantities, remove, and the badge.

"Add to cart" and "Buy now" sit on product pages that are cached whole for signed-out visitors, so
they post without a CSRF token (as the region and language switchers do): the view accepts only a
POST whose Origin, when the browser sends one, is this very host, and a forged one could only put
something in a visitor's cart. Everything that spends money (checkout) is token-protected.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from apps.payment.selectors.carts import cart_line_count, cart_review
from apps.payment.services.carts import (
    cart_line_add,
    cart_line_quantity_set,
    cart_line_remove,
    cart_prices_confirm,
    quantity_parse,
)
from apps.storefront.cart import CART_COOKIE, cart_cookie_set, visitor_actor, visitor_cart
from apps.storefront.forms import CartAddForm, CartQuantityForm
from apps.storefront.market import market_of
from apps.storefront.views.switch import same_page


def _messages_from(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _same_origin(request: HttpRequest) -> bool:
    """Refuse a cross-site POST: the browser names the page's origin, which must be this host."""
    origin = request.headers.get("Origin")
    if origin is None:
        return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")
    return origin.split("://", 1)[-1].rstrip("/") == request.get_host()


@method_decorator(csrf_exempt, name="dispatch")
class CartAddView(View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        if not _same_origin(request):
            return HttpResponseForbidden(_("This form must be sent from this store."))
        form = CartAddForm(request.POST)
        back = same_page(request.POST.get("next") or "/")
        if not form.is_valid():
            messages.error(request, _("Choose an option to buy."))
            return HttpResponseRedirect(back)
        try:
            quantity = quantity_parse(form.cleaned_data["quantity"] or 1)
            cart = visitor_cart(request, create=True)
            if cart is None:
                raise ValidationError(_("This store does not sell online yet."))
            cart_line_add(
                actor=visitor_actor(request),
                cart=cart,
                plan_id=form.cleaned_data["plan"],
                quantity=quantity,
                chain=list(market_of(request).fallback_chain),
            )
        except ValidationError as error:
            _messages_from(request, error)
            return HttpResponseRedirect(back)
        if form.cleaned_data["buy_now"]:
            return cart_cookie_set(HttpResponseRedirect(reverse("storefront_checkout")), cart)
        messages.success(request, _("Added to your cart."))
        return cart_cookie_set(HttpResponseRedirect(reverse("storefront_cart")), cart)


class CartView(View):
    """The cart priced now; a price that changed since the buyer last looked is named, once."""

    def get(self, request: HttpRequest) -> HttpResponse:
        market = market_of(request)
        cart = visitor_cart(request)
        review = cart_review(cart=cart, chain=list(market.fallback_chain)) if cart is not None else None
        changed = review.changed_lines if review is not None else []
        if review is not None and changed:
            cart_prices_confirm(actor=visitor_actor(request), cart=review.cart, offers=review.offers)
        context: dict[str, Any] = {
            "review": review,
            "changed": changed,
            "currency_code": market.currency_code,
        }
        response = TemplateResponse(request, "storefront/commerce/cart.html", context)
        response["Cache-Control"] = "private, no-store"
        return response


class CartLineView(View):
    """Change a line's quantity, or remove it (``action=remove``)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, line_id: int) -> HttpResponse:
        cart = visitor_cart(request)
        if cart is None:
            return HttpResponseRedirect(reverse("storefront_cart"))
        actor = visitor_actor(request)
        try:
            if request.POST.get("action") == "remove":
                cart_line_remove(actor=actor, cart=cart, line_id=line_id)
            else:
                form = CartQuantityForm(request.POST)
                quantity = quantity_parse(form.data.get("quantity"))
                chain = list(market_of(request).fallback_chain)
                cart_line_quantity_set(
                    actor=actor, cart=cart, line_id=line_id, quantity=quantity, chain=chain
                )
        except ValidationError as error:
            _messages_from(request, error)
        return HttpResponseRedirect(reverse("storefront_cart"))


class CartBadgeView(View):
    """The header's cart link with its count, loaded after the (cached) page; reads no session
    when the visitor has none."""

    def get(self, request: HttpRequest) -> HttpResponse:
        cart = visitor_cart(request) if _may_have_cart(request) else None
        response = TemplateResponse(
            request, "storefront/commerce/_cart_badge.html", {"count": cart_line_count(cart=cart)}
        )
        response["Cache-Control"] = "private, no-store"
        return response


def _may_have_cart(request: HttpRequest) -> bool:
    return CART_COOKIE in request.COOKIES or request.user.is_authenticated
