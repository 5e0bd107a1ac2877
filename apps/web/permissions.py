"""View guards for org roles (the console and the studio): signed-out visitors go to the login page,
others get 403."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.selectors import member_for_user
from apps.web.request import request_org
from volmify.mfa import session_passed_two_factor, two_factor_required_redirect


class OrgRoleRequiredMixin(AccessMixin):
    """Lets through members whose role ranks at least ``minimum_role``; sets ``request.member``."""

    minimum_role: str

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        member = member_for_user(request.user)
        if member is None or not role_at_least(member.role, self.minimum_role):
            raise PermissionDenied
        if _two_factor_missing(request, member):
            return two_factor_required_redirect(request, reason="org")
        request.member = member  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def request_member(request: HttpRequest) -> OrgMember:
    """The membership the role guard put on the request; refuses a request that did not pass it."""
    member = getattr(request, "member", None)
    if not isinstance(member, OrgMember):
        raise PermissionDenied
    return member


def _two_factor_missing(request: HttpRequest, member: OrgMember) -> bool:
    """The org requires two-factor authentication of its owners and admins, and this session
    of one has not passed it."""
    org = request_org(request)
    return (
        org.require_two_factor
        and role_at_least(member.role, OrgMember.Role.ADMIN)
        and not session_passed_two_factor(request)
    )
