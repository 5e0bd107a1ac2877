"""What every studio page shares: instructors and above, acting as their org member."""

from __future__ import annotations

from django.http import HttpRequest

from apps.member.models import OrgMember
from apps.web.permissions import OrgRoleRequiredMixin, request_member


class StudioMixin(OrgRoleRequiredMixin):
    minimum_role = OrgMember.Role.INSTRUCTOR
    request: HttpRequest

    @property
    def member(self) -> OrgMember:
        return request_member(self.request)
