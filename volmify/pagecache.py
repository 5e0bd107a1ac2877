"""Rendered storefront pages and page parts in the tenant cache, valid for one content version.

Core code: what a page is rendered for comes in as a ``PageScope`` (the storefront's ``Market``:
content version, region, locale). The content version (``MarketSnapshot.version``) is replaced by
every catalog, price and market write through ``storefront_content_changed``. Every entry is tied
to it, and to a digest of the deployed templates, translations and code and to the org's name; the
default cache prefixes keys with the org's schema. A write therefore makes every older entry
unusable at once: nothing is served stale, and the time-outs below only bound memory.

Three layers:

- **parts**: the expensive middle of a page (its selector and the product, catalog or collection
  markup), per region, locale and page arguments; the same for every visitor. The version is in
  the key.
- **pages**: the whole HTML of a page for a visitor without a session or messages (so signed out,
  with nothing of theirs on the page but the CSRF token). The key is what the region, locale and
  page are resolved from, so the entry is read in the same round trip as the market snapshot; the
  entry records the version it was rendered under and is ignored under any other. The CSRF token
  is rendered as a placeholder unique to the entry and replaced on every hit by the visitor's own
  token, which also sets their CSRF cookie as an uncached render would.
- **shells**: the whole HTML of a signed-in page that many visitors see alike (a lesson for every
  learner at the same tier and role), keyed by everything it is rendered from, including the
  content version. The CSRF token is a placeholder as for pages, and the caller fills its own
  per-visitor slots (see the course player). Not used while messages are pending, since the shell
  has none rendered.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from functools import cache as memoize
from pathlib import Path
from typing import Any, Protocol, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils.translation import get_language

from volmify.csrf import csrf_token
from volmify.messages import messages_added
from volmify.request import request_tenant

PARTS_SECONDS = 3600
PAGE_SECONDS = 600
# Files whose content changes what a page renders: a deploy that changes them starts new keys.
CODE_GLOBS = (("templates", "**/*.html"), ("locale", "**/*.mo"), ("apps", "**/*.py"))

# The CDN's country headers: the storefront resolves a visitor's region from them
# (``apps.storefront.market``), so they are part of a page's key.
COUNTRY_HEADERS = ("HTTP_CF_IPCOUNTRY", "HTTP_X_COUNTRY_CODE", "HTTP_CLOUDFRONT_VIEWER_COUNTRY")

T = TypeVar("T")


class PageScope(Protocol):
    """What a page is rendered for besides its own arguments (``apps.storefront.market.Market``)."""

    @property
    def content_version(self) -> str: ...

    @property
    def region_key(self) -> str: ...  # "" when the org has no region yet

    @property
    def locale_key(self) -> str: ...


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


def _key(kind: str, request: HttpRequest, scope: PageScope, parts: tuple[str, ...]) -> str:
    tenant = request_tenant(request)
    fields = (kind, scope.content_version, code_token(), str(settings.DEBUG), tenant.name, scope.region_key)
    return _digest_key(f"storefront:{kind}", (*fields, scope.locale_key, get_script_prefix(), *parts))


def _digest_key(prefix: str, fields: tuple[str, ...]) -> str:
    """``prefix`` and a digest of ``fields``: a key of fixed length whatever the fields hold."""
    return f"{prefix}:{hashlib.sha256(chr(0x1F).join(fields).encode()).hexdigest()}"


def parts_cached(request: HttpRequest, scope: PageScope, parts: tuple[str, ...], build: Callable[[], T]) -> T:
    """``build()``'s result for this region, locale and ``parts``, from the cache when present."""
    key = _key("parts", request, scope, parts)
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


def page_key(request: HttpRequest) -> str:
    """The page-cache key of a visitor without a session: everything the region, the locale and the
    page are resolved from (host, full path, country and language headers), so it can be read in the
    same round trip as the market snapshot, before they are resolved. The entry records the content
    version it was rendered under."""
    meta = request.META
    fields = (code_token(), str(settings.DEBUG), request_tenant(request).name, request.scheme or "")
    headers = (meta.get("HTTP_ACCEPT_LANGUAGE", ""), *(meta.get(name, "") for name in COUNTRY_HEADERS))
    return _digest_key("storefront:page", (*fields, request.get_host(), request.get_full_path(), *headers))


def page_from_entry(request: HttpRequest, scope: PageScope, entry: Any) -> str | None:
    """The cached page for this visitor (with their CSRF token), or None when absent or of an older
    content version."""
    if not entry or entry[0] != scope.content_version:
        return None
    _version, placeholder, html = entry
    return _with_token(request, placeholder, html)


def page_render(request: HttpRequest, scope: PageScope, key: str, render: Callable[[str], str]) -> str:
    """Render the page with a CSRF placeholder (``render(placeholder)``), cache it, and return it with
    this visitor's token."""
    placeholder = f"csrf-{uuid.uuid4().hex}"
    html = render(placeholder)
    cache.set(key, (scope.content_version, placeholder, html), PAGE_SECONDS)
    return _with_token(request, placeholder, html)


def _with_token(request: HttpRequest, placeholder: str, html: str) -> str:
    return html.replace(placeholder, csrf_token(request)) if placeholder in html else html


def shell_usable(request: HttpRequest) -> bool:
    """True for a GET with no messages waiting to be shown (neither in their cookie nor the session,
    nor added while handling this request)."""
    return (
        request.method in ("GET", "HEAD")
        and "messages" not in request.COOKIES
        and not request.session.get("_messages")
        and not messages_added(request)
    )


def shell_key(request: HttpRequest, scope: PageScope, parts: tuple[str, ...]) -> str:
    """The key of this page's shell: region, locale, content version, org, code, the full path and
    ``parts`` (what else the page is rendered from, the visitor's role included)."""
    return _key("shell", request, scope, (request.get_full_path(), *parts))


# A shell is HTML with slots, ``<!--slot:NAME:NUMBER-->``: an HTML comment, which neither escaped
# text nor a sanitized (comment-free) body can contain. The ``csrf`` slot takes the visitor's token.
SLOT = re.compile(r"<!--slot:([a-z]+):(\d+)-->")
CSRF_SLOT = "<!--slot:csrf:0-->"
# Shells by full cache key (schema included). An entry never goes stale, since everything it is
# rendered from is in its key, so each process keeps the ones it serves and skips the Redis read.
_LOCAL_SHELLS: dict[str, tuple[str, ...]] = {}
_LOCAL_SHELLS_MAX = 256


def shell_get(key: str) -> tuple[str, ...] | None:
    """The shell under ``key`` split at its slots (see ``shell_html``), or None."""
    full_key = cache.make_key(key)
    shell = _LOCAL_SHELLS.get(full_key)
    if shell is None:
        html = cache.get(key)
        if html is None:
            return None
        shell = _shell_remember(full_key, html)
    return shell


def shell_render(key: str, render: Callable[[str], str]) -> tuple[str, ...]:
    """Render a shell (``render(csrf_token)`` gets a placeholder token, which becomes the CSRF slot),
    cache it and return it split at its slots."""
    placeholder = f"csrf{uuid.uuid4().hex}"  # the token is escaped where it is rendered: no "<"
    html = render(placeholder).replace(placeholder, CSRF_SLOT)
    cache.set(key, html, PAGE_SECONDS)
    return _shell_remember(cache.make_key(key), html)


def _shell_remember(full_key: str, html: str) -> tuple[str, ...]:
    if len(_LOCAL_SHELLS) >= _LOCAL_SHELLS_MAX:
        _LOCAL_SHELLS.clear()
    shell = _LOCAL_SHELLS[full_key] = tuple(SLOT.split(html))
    return shell


def no_slots(name: str, number: int) -> str:
    """``fill`` for a shell whose only per-visitor slot is the CSRF token."""
    return ""


def shell_html(request: HttpRequest, shell: tuple[str, ...], fill: Callable[[str, int], str]) -> str:
    """The page for this visitor: each slot filled by ``fill(name, number)``, the CSRF slot with their
    token. ``shell`` alternates text with a slot's name and number, as ``SLOT.split`` leaves it."""
    out = [shell[0]]
    for index in range(1, len(shell), 3):
        name, number, text = shell[index : index + 3]
        out.append(csrf_token(request) if name == "csrf" else fill(name, int(number)))
        out.append(text)
    return "".join(out)


def private_shell_key(request: HttpRequest, parts: tuple[str, ...]) -> str:
    """The key of a shell only one signed-in person sees (their creator dashboard): host, full path,
    active language, code and ``parts``, which must hold the user's id and a version of everything
    the page is rendered from, so an entry is never shown to anyone else nor after a change."""
    fields = ("private", code_token(), str(settings.DEBUG), request_tenant(request).name, request.get_host())
    return _digest_key(
        "private:shell", (*fields, get_language() or "", get_script_prefix(), request.get_full_path(), *parts)
    )
