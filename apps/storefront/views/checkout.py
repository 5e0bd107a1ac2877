"""Checkout: the buyer's details, the payment method, the exact amounts, then the order.

A signed-in buyer buys as themselves. A signed-out buyer with a new email gets an account created
with the order (unverified and without a password: it signs in nowhere else until the email is
confirmed, and the confirmation is sent at once) and is signed in here; an email that has an
account must sign in first, so nobody attaches a purchase to, or enters, someone else's account.
Prices are checked again on the server when the form is sent (``checkout_place``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property, lru_cache
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from apps.general.selectors import country_list_active
from apps.org.selectors import host_url
from apps.payment.models import OrgOrder
from apps.payment.models.orders import Provider
from apps.payment.money import babel_locale
from apps.payment.selectors.buyer import buyer_order_get, manual_instructions
from apps.payment.selectors.carts import CartReview, cart_review
from apps.payment.services.checkout import (
    CheckoutDetails,
    ShippingAddress,
    checkout_payment_start,
    checkout_place_for,
    checkout_providers,
)
from apps.payment.services.orders import order_buyer_cancel
from apps.storefront.cart import visitor_cart, visitor_cart_version, visitor_member
from apps.storefront.forms import CheckoutForm
from apps.storefront.market import Market, market_of
from volmify.pagecache import no_slots, shell_get, shell_html, shell_key, shell_render, shell_usable

PROVIDER_LABELS = dict(Provider.choices)
TEMPLATE = "storefront/commerce/checkout.html"


def storefront_url(request: HttpRequest, path: str) -> str:
    """An absolute URL on the org domain that served this request (tenancy routes only the org's
    verified domains), with the configured scheme and port: where Stripe sends the buyer back."""
    return host_url(request.get_host().split(":")[0], path)


class CheckoutView(View):
    """The checkout page. For a signed-in buyer it is cached whole as a shell (``volmify.pagecache``)
    under the cart's version (every change to its lines moves it), the buyer and their role, and the
    storefront content version (prices, the catalog and the ways to pay), so a hit reads the cart
    row and nothing else. Placing the order checks everything again on the server."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.market = market_of(request)
        self.shell_key = self.checkout_shell_key()
        self.shell = shell_get(self.shell_key) if self.shell_key else None
        if self.shell is None:
            self.cart = visitor_cart(request)
            if self.cart is None or not self.review.lines:
                messages.info(request, _("Your cart is empty."))
                return HttpResponseRedirect(reverse("storefront_cart"))
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def review(self) -> CartReview:
        assert self.cart is not None
        return cart_review(cart=self.cart, chain=list(self.market.fallback_chain))

    def checkout_shell_key(self) -> str | None:
        """The key of this buyer's checkout page, or None where it is not cached (signed out: the
        form differs from visit to visit; a cart still to take over; pending messages)."""
        request = self.request
        if not shell_usable(request) or (version := visitor_cart_version(request)) is None:
            return None
        user, member = request.user, visitor_member(request)
        parts = (
            "checkout",
            str(version.cart_id),
            version.updated_at.isoformat(),
            str(user.pk),
            getattr(user, "email", ""),
            str(user.is_staff),
            member.role if member is not None else "",
        )
        return shell_key(request, self.market, parts)

    def form(self, data: Any = None) -> CheckoutForm:
        review, market = self.review, self.market
        providers = checkout_providers(region_id=review.cart.region_id)
        countries = _country_choices(market.locale_key)
        region_countries = market.region.country_codes if market.region else ()
        user = self.request.user
        initial = {
            "email": getattr(user, "email", "") if user.is_authenticated else "",
            "billing_country": region_countries[0] if region_countries else "",
            "shipping_country": region_countries[0] if region_countries else "",
            "provider": providers[0] if providers else "",
            "expected_total": review.subtotal,
            "expected_currency": review.currency,
        }
        choices = [(provider, str(PROVIDER_LABELS[provider])) for provider in providers]
        return CheckoutForm(data, initial=initial, countries=countries, providers=choices)

    def context(self, form: CheckoutForm, login_url: str = "") -> dict[str, Any]:
        countries = form.countries
        return {
            "form": form,
            "billing_options": mark_safe(country_options(countries, form["billing_country"].value())),
            "shipping_options": mark_safe(country_options(countries, form["shipping_country"].value())),
            "login_url": login_url,
            "review": self.review,
            "currency_code": self.review.currency,
            "manual_instructions": _manual_instructions(self.review, self.market),
        }

    def render(self, form: CheckoutForm, status: int = 200, login_url: str = "") -> HttpResponse:
        response = TemplateResponse(self.request, TEMPLATE, self.context(form, login_url), status=status)
        return _private(response)

    def get(self, request: HttpRequest) -> HttpResponse:
        if self.shell_key is None:
            return self.render(self.form())
        shell = self.shell
        if shell is None:
            context = self.context(self.form())

            def page(token: str) -> str:
                return render_to_string(TEMPLATE, {**context, "csrf_token": token}, request)

            shell = shell_render(self.shell_key, page)
        return _private(HttpResponse(shell_html(request, shell, no_slots)))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        buyer = request.user if request.user.is_authenticated else None
        email = buyer.email if buyer is not None else form.cleaned_data["email"]
        try:
            placed = checkout_place_for(
                user=buyer,
                cart=self.review.cart,
                details=_details(form.cleaned_data, self.market, email, self.review),
                chain=list(self.market.fallback_chain),
            )
        except ValidationError as error:
            _errors_onto(form, error)
            return self.render(form, status=400, login_url=self.login_url(buyer, form))
        if placed.new_user is not None:
            login(request, placed.new_user, backend=settings.AUTHENTICATION_BACKENDS[0])
            for address in EmailAddress.objects.filter(user=placed.new_user):
                address.send_confirmation(request, signup=True)
        return self.pay(placed.order)

    def login_url(self, buyer: Any, form: CheckoutForm) -> str:
        """Where a signed-out buyer whose email has an account signs in and comes back ("" else)."""
        if buyer is not None or "email" not in form.errors:
            return ""
        return reverse("account_login") + "?" + urlencode({"next": reverse("storefront_checkout")})

    def pay(self, order: OrgOrder) -> HttpResponse:
        done = reverse("storefront_checkout_done", args=[order.number])
        if order.provider != Provider.STRIPE:
            return HttpResponseRedirect(done)
        cancel = reverse("storefront_checkout_cancel", args=[order.number])
        try:
            url = checkout_payment_start(
                actor=self.request.user,  # type: ignore[arg-type]
                order=order,
                success_url=storefront_url(self.request, done) + "?session_id={CHECKOUT_SESSION_ID}",
                cancel_url=storefront_url(self.request, cancel),
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return HttpResponseRedirect(reverse("storefront_cart"))
        return HttpResponseRedirect(url, status=303)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _country_choices(language: str) -> list[tuple[str, str]]:
    """The countries a buyer may choose, named in their language (CLDR, through Babel)."""
    rows = country_list_active().values_list("alpha2", "name")
    return list(_country_names(language, tuple(rows)))


@lru_cache(maxsize=32)
def _country_names(language: str, rows: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    names = babel_locale(language).territories
    return tuple(sorted(((code, names.get(code, name)) for code, name in rows), key=lambda choice: choice[1]))


def country_options(choices: Sequence[tuple[str, str]], selected: object) -> str:
    """The <option>s of a country select: 250 of them through Django's widget templates cost more
    than the rest of the checkout page, so they are written here, escaped."""
    chosen = str(selected or "")
    return "".join(
        f'<option value="{escape(code)}"{" selected" if code == chosen else ""}>{escape(name)}</option>'
        for code, name in choices
    )


def _details(data: dict[str, Any], market: Market, email: str, review: CartReview) -> CheckoutDetails:
    shipping = None
    if review.requires_shipping:
        shipping = ShippingAddress(
            name=data["shipping_name"],
            line1=data["shipping_line1"],
            line2=data["shipping_line2"],
            city=data["shipping_city"],
            postal_code=data["shipping_postal_code"],
            state=data["shipping_state"],
            country=data["shipping_country"],
        )
    return CheckoutDetails(
        email=email,
        billing_country=data["billing_country"],
        provider=data["provider"],
        locale=market.locale_key,
        expected_total=data["expected_total"],
        expected_currency=data["expected_currency"],
        shipping=shipping,
    )


def _errors_onto(form: CheckoutForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _manual_instructions(review: CartReview, market: Market) -> str:
    return manual_instructions(region_id=review.cart.region_id, chain=list(market.fallback_chain))


class CheckoutCancelView(View):
    """Back from the payment page without paying: the order is cancelled and the cart kept."""

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        order = buyer_order_get(member=visitor_member(request), number=number)
        if order.status == OrgOrder.Status.AWAITING_PAYMENT:
            order_buyer_cancel(actor=request.user, order=order)  # type: ignore[arg-type]
            messages.info(request, _("Payment cancelled. Your cart is as you left it."))
        return HttpResponseRedirect(reverse("storefront_cart"))
