"""``volmify.csrf.csrf_token``: Django's CSRF check accepts its tokens, as it does ``get_token``'s."""

from __future__ import annotations

import collections

from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
)
from django.test import RequestFactory

from volmify.csrf import csrf_token, random_chars


def _view(request):
    return HttpResponse("ok")


def _checked(request) -> int | None:
    """What CsrfViewMiddleware makes of ``request``: None when it lets the POST through."""
    middleware = CsrfViewMiddleware(_view)
    middleware.process_request(request)
    response = middleware.process_view(request, _view, (), {})
    return None if response is None else response.status_code


def _page_then_post(cookie: str | None) -> tuple[str, str, int | None]:
    """A GET whose page takes a token, the cookie the response sets, and the POST sending both back."""
    factory = RequestFactory()
    page = factory.get("/")
    if cookie:
        page.COOKIES["csrftoken"] = cookie
    middleware = CsrfViewMiddleware(_view)
    middleware.process_request(page)
    token = csrf_token(page)
    response = middleware.process_response(page, HttpResponse("page"))
    sent = response.cookies["csrftoken"].value
    post = factory.post("/", {"csrfmiddlewaretoken": token})
    post.COOKIES["csrftoken"] = sent
    return token, sent, _checked(post)


def test_a_first_visit_gets_a_new_secret_in_its_cookie_and_a_token_django_accepts():
    token, sent, status = _page_then_post(cookie=None)
    assert status is None
    assert len(sent) == CSRF_SECRET_LENGTH and _unmask_cipher_token(token) == sent


def test_a_returning_visitor_keeps_their_secret_under_a_fresh_mask():
    secret = random_chars(CSRF_SECRET_LENGTH)
    first, sent, status = _page_then_post(cookie=secret)
    second, _sent, _status = _page_then_post(cookie=secret)
    assert status is None and sent == secret
    assert first != second and _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret


def test_a_token_of_another_secret_is_refused():
    token, _sent, _status = _page_then_post(cookie=None)
    post = RequestFactory().post("/", {"csrfmiddlewaretoken": token})
    post.COOKIES["csrftoken"] = random_chars(CSRF_SECRET_LENGTH)
    assert _checked(post) == 403


def test_the_characters_are_drawn_from_django_s_alphabet_evenly():
    drawn = random_chars(62 * 2000)
    counts = collections.Counter(drawn)
    assert len(drawn) == 62 * 2000 and set(counts) == set(CSRF_ALLOWED_CHARS)
    # A plain ``byte % 62`` would give the first 8 characters 5 byte values in 256 against 4: a
    # quarter more often. Evenly drawn, their mean count is within a few percent of the others'.
    first = [counts[char] for char in CSRF_ALLOWED_CHARS[:8]]
    rest = [counts[char] for char in CSRF_ALLOWED_CHARS[8:]]
    assert 0.93 < (sum(first) / len(first)) / (sum(rest) / len(rest)) < 1.07
