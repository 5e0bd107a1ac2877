"""The typed request: views read request.tenant/member/market/htmx with types, not `type: ignore`,
and the accessors for Django's plain HttpRequest refuse a request the middleware did not prepare."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from apps.web.permissions import request_member
from apps.web.request import request_market, request_org
from volmify.request import request_tenant

ROOT = Path(__file__).resolve().parent.parent
IGNORED_READ = re.compile(r"request\.(tenant|member|market|htmx)\b(?!\s*=).*# type: ignore")


def test_no_request_attribute_read_needs_a_type_ignore():
    offending = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("apps", "volmify")
        for path in (ROOT / folder).rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if IGNORED_READ.search(line)
    ]
    assert offending == []


def test_the_pattern_finds_an_ignored_read():
    assert IGNORED_READ.search("    org = request.tenant  # type: ignore[attr-defined]")
    assert not IGNORED_READ.search("    request.member = member  # type: ignore[attr-defined]")


@pytest.mark.parametrize(
    ("accessor", "error"),
    [
        (request_tenant, ImproperlyConfigured),
        (request_org, Http404),
        (request_market, Http404),
        (request_member, PermissionDenied),
    ],
)
def test_accessors_refuse_a_request_the_middleware_did_not_prepare(accessor, error):
    with pytest.raises(error):
        accessor(RequestFactory().get("/"))


def test_request_org_refuses_a_tenant_that_is_not_an_org():
    request = RequestFactory().get("/")
    request.tenant = object()
    with pytest.raises(Http404):
        request_org(request)
