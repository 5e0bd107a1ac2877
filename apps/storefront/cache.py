"""Rendered storefront pages and page parts in the tenant cache, valid for one content version.

Every key holds the org's storefront content version (``MarketSnapshot.version``, replaced by every
catalog, price and market write through ``storefront_content_changed``), a token of the deployed
templates, translations and code, and the org's name; the default cache prefixes it with the org's
schema. A write therefore makes every older entry unreachable at once: nothing is served stale,
and the time-outs below only bound memory.

Two layers:

- **parts**: the expensive middle of a page (its selector and the product, catalog or collection
  markup), per region, locale and page arguments; the same for every visitor.
- **pages**: the whole HTML of a page for a visitor without a session or messages (so anonymous,
  with nothing per visitor on the page but the CSRF token), per host, full path, region and locale.
  The CSRF token is rendered as a placeholder unique to the entry and replaced on every hit by the
  visitor's own token, which also sets their CSRF cookie as an uncached render would.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import cache as memoize
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import get_script_prefix

from apps.storefront.market import Market

PARTS_SECONDS = 3600
PAGE_SECONDS = 600
# Files whose content changes what a page renders: a deploy that changes them starts new keys.
CODE_GLOBS = (("templates", "**/*.html"), ("locale", "**/*.mo"), ("apps", "**/*.py"))

T = TypeVar("T")


@memoize
def code_token() -> str:
    """A digest of the templates, compiled translations and app code this process renders with."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder, pattern in CODE_GLOBS:
        for path in sorted((base / folder).glob(pattern)):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(kind: str, request: HttpRequest, market: Market, parts: tuple[str, ...]) -> str:
    tenant = request.tenant  # type: ignore[attr-defined]
    region = str(market.region.id) if market.region else ""
    fields = (kind, market.snapshot.version, code_token(), str(settings.DEBUG), tenant.name, region)
    raw = "\x1f".join((*fields, market.locale_key, get_script_prefix(), *parts))
    return f"storefront:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def parts_cached(request: HttpRequest, market: Market, parts: tuple[str, ...], build: Callable[[], T]) -> T:
    """``build()``'s result for this region, locale and ``parts``, from the cache when present."""
    key = _key("parts", request, market, parts)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, PARTS_SECONDS)
    return found


def page_cacheable(request: HttpRequest) -> bool:
    """True when the page cannot hold anything of this visitor: no session (so signed out, no saved
    choices) and no pending messages, for a GET."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def page_key(request: HttpRequest, market: Market) -> str:
    return _key("page", request, market, (request.scheme or "", request.get_host(), request.get_full_path()))


def page_get(request: HttpRequest, key: str) -> str | None:
    """The cached page for this visitor (with their CSRF token), or None."""
    found: Any = cache.get(key)
    if found is None:
        return None
    placeholder, html = found
    return _with_token(request, placeholder, html)


def page_render(request: HttpRequest, key: str, render: Callable[[str], str]) -> str:
    """Render the page with a CSRF placeholder (``render(placeholder)``), cache it, and return it with
    this visitor's token."""
    placeholder = f"csrf-{uuid.uuid4().hex}"
    html = render(placeholder)
    cache.set(key, (placeholder, html), PAGE_SECONDS)
    return _with_token(request, placeholder, html)


def _with_token(request: HttpRequest, placeholder: str, html: str) -> str:
    return html.replace(placeholder, get_token(request)) if placeholder in html else html
