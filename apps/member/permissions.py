"""View guards for org roles: signed-out visitors go to the login page, others get 403."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from apps.member.roles import role_at_least
from apps.member.selectors import member_for_user


class OrgRoleRequiredMixin(AccessMixin):
    """Lets through members whose role ranks at least ``minimum_role``; sets ``request.member``."""

    minimum_role: str

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        member = member_for_user(request.user)
        if member is None or not role_at_least(member.role, self.minimum_role):
            raise PermissionDenied
        request.member = member  # type: ignore[attr-defined]
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
