"""The CSRF token of a cached page's form: Django's ``get_token`` with one read of the OS's
random source instead of one per character.

Django draws the 32 characters of a new CSRF secret, and the 32 of the mask each token is sent
under, with ``secrets.choice`` one at a time: 64 calls into the OS's random source and some 400
Python calls per page, about a tenth of what a cached signed-in page costs to serve. Here the
characters come from one ``secrets.token_bytes`` read, each byte below 248 (4 x 62) mapped to one
of Django's 62 allowed characters, so every character is equally likely, as with ``secrets.choice``.
The token is made exactly as ``django.middleware.csrf`` makes it (mask + secret shifted by the
mask, over ``CSRF_ALLOWED_CHARS``), so ``CsrfViewMiddleware`` checks it as its own; a new secret
is put where Django puts it (``request.META["CSRF_COOKIE"]``) and the cookie is flagged to be sent,
as ``get_token`` does. ``tests/test_csrf_token.py`` posts these tokens through Django's check.
"""

from __future__ import annotations

import secrets

from django.http import HttpRequest
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_CHARS = CSRF_ALLOWED_CHARS
_COUNT = len(_CHARS)
_INDEX = {char: index for index, char in enumerate(_CHARS)}
# bytes from here up are dropped: below it, each character has the same number of byte values
_LIMIT = 256 - 256 % _COUNT


def random_chars(length: int) -> str:
    """``length`` characters of ``CSRF_ALLOWED_CHARS``, each uniformly random (the OS's CSPRNG)."""
    chars: list[str] = []
    while len(chars) < length:
        chars += [_CHARS[byte % _COUNT] for byte in secrets.token_bytes(length + 8) if byte < _LIMIT]
    return "".join(chars[:length])


def csrf_token(request: HttpRequest) -> str:
    """``django.middleware.csrf.get_token(request)``: a freshly masked token of the request's secret
    (a new secret when the request brought none), with the cookie flagged for the response."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = request.META["CSRF_COOKIE"] = random_chars(CSRF_SECRET_LENGTH)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_chars(CSRF_SECRET_LENGTH)
    cipher = "".join(_CHARS[(_INDEX[s] + _INDEX[m]) % _COUNT] for s, m in zip(secret, mask, strict=True))
    return mask + cipher
