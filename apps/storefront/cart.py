"""The visitor's cart on a storefront: found from their membership when signed in, else from a
signed cookie; it follows them to the region they browse in and into their membership when they
sign in. What the buyer is told (a price changed, a line left the cart) goes out as messages."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse

from apps.locale_region.selectors import org_region_for_prices
from apps.member.models import OrgMember
from apps.member.selectors import member_for_user
from apps.payment.models import OrgCart
from apps.payment.selectors.carts import CartVersion, cart_by_token, cart_for_member, cart_version_for_member
from apps.payment.services.carts import cart_claim, cart_create, cart_region_move
from apps.storefront.market import market_of
from volmify.actors import STOREFRONT_VISITOR, Actor

CART_COOKIE = "cart"
CART_COOKIE_SALT = "storefront.cart"
CART_COOKIE_SECONDS = 60 * 60 * 24 * 30


def visitor_actor(request: HttpRequest) -> Actor:
    user = request.user
    return user if isinstance(user, AbstractBaseUser) and user.is_authenticated else STOREFRONT_VISITOR


def visitor_member(request: HttpRequest) -> OrgMember | None:
    return member_for_user(request.user) if request.user.is_authenticated else None


def visitor_cart(request: HttpRequest, *, create: bool = False) -> OrgCart | None:
    """The visitor's cart in the region they browse (made when ``create``), or None. The region
    itself is read only when the cart is made or moves to it."""
    market = market_of(request)
    if market.region is None:
        return None
    region_id = market.region.id
    member = visitor_member(request)
    actor = visitor_actor(request)
    cookie_cart = cart_by_token(token=request.get_signed_cookie(CART_COOKIE, None, salt=CART_COOKIE_SALT))
    if (
        cookie_cart is not None
        and cookie_cart.member_id is not None
        and cookie_cart.member_id != getattr(member, "pk", None)
    ):
        cookie_cart = None  # a member's cart is theirs only
    cart = cookie_cart
    if member is not None:
        cart = cart_for_member(member=member, region_id=region_id)
        if cookie_cart is not None and cookie_cart.member_id is None:
            cart = cart_claim(actor=actor, cart=cookie_cart, member=member)
        elif cart is None and cookie_cart is not None:
            cart = cookie_cart
    if cart is not None and cart.region_id != region_id:
        for notice in cart_region_move(
            actor=actor,
            cart=cart,
            region=org_region_for_prices(region_id=region_id),
            chain=list(market.fallback_chain),
        ):
            messages.info(request, notice)
    if cart is None and create:
        cart = cart_create(actor=actor, region=org_region_for_prices(region_id=region_id), member=member)
    return cart


def visitor_cart_version(request: HttpRequest) -> CartVersion | None:
    """The version of the cart ``visitor_cart`` returns, read without loading it, for a signed-in
    member whose cart cookie is absent or names that same cart; None in every other case (no cart,
    signed out, a cookie cart to take over), where ``visitor_cart`` decides."""
    market, member = market_of(request), visitor_member(request)
    if market.region is None or member is None:
        return None
    version = cart_version_for_member(member=member, region_id=market.region.id)
    token = request.get_signed_cookie(CART_COOKIE, None, salt=CART_COOKIE_SALT)
    if version is None or (token is not None and token != str(version.token)):
        return None
    return version


def cart_cookie_set(response: HttpResponse, cart: OrgCart) -> HttpResponse:
    response.set_signed_cookie(
        CART_COOKIE,
        str(cart.token),
        salt=CART_COOKIE_SALT,
        max_age=CART_COOKIE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
