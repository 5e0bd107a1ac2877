"""Resolves the storefront market (region, locale, currency) of each org-domain request."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation

from apps.course.cache import player_state_keys, player_states_primed
from apps.locale_region.selectors import MarketSnapshot, market_snapshot_with
from apps.member.cache import member_cache_keys, members_primed
from apps.storefront.market import resolve_market
from volmify.pagecache import page_cacheable, page_key
from volmify.sessions import SessionStore as PrimableSession
from volmify.usercache import users_primed

# Back-office paths keep the language the visitor chose for the interface.
NON_STOREFRONT_PREFIXES = ("/manage/", "/studio/", "/accounts/", "/i18n/", "/static/", "/media/")


# a course page or one of its lessons (or lesson files), behind any region prefix
_PLAYER_PATH = re.compile(r"/courses/(\d+)/(?:lessons/\d+/(?:file/)?)?$")


def _player_state_keys(request: HttpRequest, user_id: Any) -> tuple[str, ...]:
    """The player state keys (``apps.course.cache``) of a course or lesson page, for the user the
    session names (as far as this process knows it; else a visitor's); none for other pages."""
    if request.method != "GET":
        return ()
    match = _PLAYER_PATH.search(request.path_info)
    return player_state_keys(user_id, int(match.group(1))) if match else ()


class StorefrontMarketMiddleware:
    """Sets ``request.market``; a region's path prefix is stripped from ``path_info`` and becomes the
    script prefix, so every ``reverse()`` on the page stays inside the region."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.schema_name == settings.PUBLIC_SCHEMA_NAME:
            return self.get_response(request)
        key = page_key(request) if page_cacheable(request) else None
        session = getattr(request, "session", None)
        session_keys: list[str] = []
        member_keys: tuple[str, ...] = ()
        user_id = None
        if isinstance(session, PrimableSession):
            session_keys = session.prefetch_keys()
            user_id = session.prefetch_user_id()
            member_keys = member_cache_keys(user_id) if user_id is not None else ()
        state_keys = _player_state_keys(request, user_id)
        snapshot, found, platform_found = market_snapshot_with(
            [*([key] if key else []), *member_keys, *state_keys], session_keys
        )
        # the visitor's session, user, membership and player state, read in the same round trip
        users = session.prime(platform_found) if session_keys else {}  # type: ignore[union-attr]
        members = {member_key: found.pop(member_key, None) for member_key in member_keys}
        states = {state_key: found.pop(state_key, None) for state_key in state_keys}
        with users_primed(users), members_primed(members), player_states_primed(states):
            return self._in_market(request, snapshot, key, found)

    def _in_market(
        self, request: HttpRequest, snapshot: MarketSnapshot, key: str | None, found: dict[str, Any]
    ) -> HttpResponse:
        market = resolve_market(request, snapshot)
        request.market = market  # type: ignore[attr-defined]
        if key:  # the page cache entry, read with the snapshot; the view decides whether to use it
            request.storefront_page = (key, found.get(key))  # type: ignore[attr-defined]
        previous_prefix = get_script_prefix()
        if market.path_prefix:
            request.path_info = request.path_info[len(market.path_prefix) + 1 :]
            set_script_prefix(f"{previous_prefix.rstrip('/')}/{market.path_prefix}/")
        try:
            if request.path_info.startswith(NON_STOREFRONT_PREFIXES):
                return self.get_response(request)
            with translation.override(market.locale_key):
                request.LANGUAGE_CODE = translation.get_language()
                response = self.get_response(request)
                if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                    response.render()
                response.headers.setdefault("Content-Language", market.locale_key)
                return response
        finally:
            set_script_prefix(previous_prefix)
