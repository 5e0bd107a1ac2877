"""The request types of the page areas: an org host's request and a signed-in member's.

These are annotations only (the middleware and the role guard set the attributes):
``OrgRequest`` for any page on an org host, ``MemberRequest`` for views behind
``OrgRoleRequiredMixin``, where ``request.user`` is a signed-in user and
``request.member`` their membership. Write services take ``actor=request.user``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from apps.locale_region.fallback import MarketLike
from apps.member.models import OrgMember
from apps.org.models import Org
from apps.user.models import User
from volmify.request import TenantRequest


class OrgRequest(TenantRequest):
    tenant: Org  # volmify.tenancy.CachedTenantMiddleware
    market: MarketLike  # apps.storefront.middleware.StorefrontMarketMiddleware, on every org host


class MemberRequest(OrgRequest):
    user: User  # signed in: the role guard refused everyone else
    member: OrgMember  # apps.web.permissions.OrgRoleRequiredMixin


def request_org(request: HttpRequest) -> Org:
    """The org the tenancy middleware routed ``request`` to (``request.tenant``), typed; refuses a
    request routed elsewhere (the public schema's tenant is an Org too, so callers on org hosts only)."""
    org = getattr(request, "tenant", None)
    if not isinstance(org, Org):
        raise Http404
    return org


def request_market(request: HttpRequest) -> MarketLike:
    """The market the storefront middleware resolved, for class-based views whose ``self.request``
    Django types as a plain HttpRequest; a request that has none (not an org host) is a 404."""
    market = getattr(request, "market", None)
    if market is None:
        raise Http404
    return market


def signed_in_user(request: HttpRequest) -> User:
    """``request.user`` as the signed-in ``User`` a write service takes as its actor, for views behind
    a login check; a signed-out visitor is refused (PermissionDenied), never passed on."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user
