"""Template context every page needs (``templates/base.html`` and its partials): which site this
is, and what the signed-in visitor may do in the current org (queried only when used)."""

from __future__ import annotations

from functools import cached_property

from django.conf import settings
from django.http import HttpRequest

from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.selectors import member_for_user
from apps.org.selectors import platform_url
from apps.web.languages import language_name, region_language_keys


def site(request: HttpRequest) -> dict[str, object]:
    tenant = getattr(request, "tenant", None)
    is_platform = tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME
    return {
        "current_org": None if is_platform else tenant,
        "is_platform": is_platform,
        "platform_home_url": platform_url("/"),
    }


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


def languages(request: HttpRequest) -> dict[str, object]:
    """The footer's language choice on an org's hosts: the region's languages, the current one
    selected (the storefront's locale, or the interface's language in the back office)."""
    market = getattr(request, "market", None)
    if market is None:
        return {}
    keys = region_language_keys(market)
    current = getattr(request, "LANGUAGE_CODE", "") or ""
    selected = market.locale_key if market.locale_key == current else _same_language(keys, current)
    return {"footer_languages": [(key, language_name(key)) for key in keys], "footer_language": selected}


def _same_language(keys: tuple[str, ...], language: str) -> str:
    bare = language.split("-")[0].lower()
    return next((key for key in keys if key.split("-")[0].lower() == bare), "")
