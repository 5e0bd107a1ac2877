"""What the signed-in visitor may do in the current org, for navigation; queried only when used."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.http import HttpRequest

from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.selectors import member_for_user


class MemberAccess:
    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    @cached_property
    def member(self) -> OrgMember | None:
        return member_for_user(self._request.user)  # remembered for the request: no second query

    @property
    def role(self) -> str | None:
        return self.member.role if self.member else None

    @property
    def can_manage(self) -> bool:
        return role_at_least(self.role, OrgMember.Role.ADMIN)

    @property
    def can_teach(self) -> bool:
        return role_at_least(self.role, OrgMember.Role.INSTRUCTOR)


def member_access(request: HttpRequest) -> dict[str, object]:
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME:
        return {}
    return {"member_access": MemberAccess(request)}
