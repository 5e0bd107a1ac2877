"""Every page of the storefront, console, studio and platform answers hostile input below 500.

The URL conf is walked (``get_resolver`` of both URL confs), each URL's kwargs filled with real
fixture objects; every page is fetched with hostile values in every query parameter a view reads,
and every form found on the pages (as an owner) is posted hostile values in each of its fields.
A POST refused with 400 must name the problem and leave the org's tables untouched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from apps.member.models import OrgMember
from tests.conftest import domain_of
from tests.course.factories import CourseFactory, PlacementFactory, QuestionFactory, SectionFactory
from tests.locale_region.factories import OrgBrandFactory, market
from tests.member.factories import EnrollmentFactory, OrgMemberFactory
from tests.payment.factories import PaymentPlanFactory
from tests.product.factories import OrgProductCollectionFactory, OrgTaxCategoryFactory
from tests.skill.factories import SkillFactory
from tests.storefront.conftest import priced_product

HOSTILE = [
    *("\x00", "a\x00b", "NaN", "Infinity", "-Infinity", "1e999999", "9" * 40, "-1", "x" * 5_000, "<script>"),
]
HUGE_TEXT = "x" * 300_000
# what views read from the query string beside their forms' fields
QUERY_NAMES = ["q", "type", "skill", "level", "min", "max", "page", "as", "lang", "status", "sort", "next"]
SKIPPED_PREFIXES = ("admin/", "accounts/", "i18n/", "media/")
# posting these would remove the fixture objects the rest of the walk needs; their own tests cover them
SKIPPED_ACTIONS = re.compile(r"/(delete|revoke|publish|retry|enter)/")


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self._current = {
                "action": attributes.get("action") or "",
                "method": (attributes.get("method") or "get").lower(),
                "fields": {},
            }
            self.forms.append(self._current)
        elif tag in {"input", "select", "textarea"} and self._current is not None:
            name, kind = attributes.get("name"), (attributes.get("type") or "").lower()
            if name and kind not in {"submit", "file", "button"}:
                self._current["fields"][name] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def _routes(urlconf: str) -> list[str]:
    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    return list(walk(get_resolver(urlconf).url_patterns, ""))


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda match: values[match.group(1)], route)


def _tenant_writes(schema: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            " WHERE schemaname = %s",
            [schema],
        )
        return int(cursor.fetchone()[0])


def _answer(client: Client, method: str, url: str, data: dict) -> tuple[int, str, str]:
    # a savepoint per request: a failed query must not abort the transaction the walk runs in
    savepoint = transaction.savepoint()
    response = getattr(client, method)(url, data)
    error = repr(response.exc_info[1])[:300] if getattr(response, "exc_info", None) else ""
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, content.decode(errors="replace"), error


@pytest.fixture
def world(org_a, in_org):
    in_org(org_a)
    data = market(2)
    product = priced_product(data["regions"], slug="hostile-product")
    plan = PaymentPlanFactory(variant=product.variants.first())
    collection = OrgProductCollectionFactory(slug="hostile-collection")
    owner = OrgMemberFactory(role=OrgMember.Role.OWNER)
    course = CourseFactory()
    section = SectionFactory(module__course=course)
    question = QuestionFactory()
    placement = PlacementFactory(section=section, lesson=question.lesson)
    enrollment = EnrollmentFactory(member=owner, course=course, access_tier=3)
    skill = SkillFactory()
    ids = {
        "course_id": course.pk,
        "placement_id": placement.pk,
        "lesson_id": placement.lesson_id,
        "submission_id": 1,
        "enrollment_id": enrollment.pk,
        "product_id": product.pk,
        "plan_id": plan.pk,
        "skill_id": skill.pk,
        "collection_id": collection.pk,
        "category_id": OrgTaxCategoryFactory().pk,
        "locale_id": data["locales"]["es"].pk,
        "brand_id": OrgBrandFactory().pk,
        "region_id": data["regions"][1].pk,
        "locale_key": "es-MX",
        "action": "settings",
        "kind": "placement",  # the studio outline's side panel
        "item_id": placement.pk,
        "panel": "edit",
        "number": "1000",
        "shipment_id": 1,
        "booking_id": 1,
        "line_id": 1,
        "download_id": 1,
        "affiliation_id": 1,
        "invitation_id": 1,
        "token": "not-a-signed-token",
        "profile_id": 1,
        "period": "2026-11",
        "faq_id": 1,
        "image_id": 1,
        "review_id": 1,
        "library_lesson_id": 1,
    }
    return {"owner": owner, "ids": {name: str(value) for name, value in ids.items()}, "org": org_a}


def _pages(world) -> list[tuple[Client, str, str, str | None]]:
    """(client, route, URL, schema whose writes to watch) for every page of both URL confs."""
    owner, org = world["owner"], world["org"]
    tenant = Client(HTTP_HOST=domain_of(org), raise_request_exception=False)
    tenant.force_login(owner.user)
    anonymous = Client(HTTP_HOST=domain_of(org), raise_request_exception=False)
    platform = Client(HTTP_HOST=settings.PLATFORM_DOMAIN, raise_request_exception=False)
    platform.force_login(owner.user)
    pages = []
    for route in _routes("volmify.urls_tenant"):
        slug = {"slug": "hostile-collection" if route.startswith("c/") else "hostile-product"}
        url = _fill(route, {**world["ids"], **slug})
        pages.append((tenant, route, url, org.schema_name))
        if not route.startswith(("manage/", "studio/")):
            pages.append((anonymous, route, url, org.schema_name))
    for route in _routes("volmify.urls_public"):
        pages.append(
            (platform, route, _fill(route, {**world["ids"], "slug": org.slug, "token": "not-a-token"}), None)
        )
    return pages


def _post_forms(url: str, body: str) -> tuple[set[str], list[tuple[str, dict]]]:
    """The names a page's GET forms send, and its POST forms as (action path, fields)."""
    parser = _Forms()
    parser.feed(body)
    names, posts = set(), []
    for form in parser.forms:
        if form["method"] == "get":
            names |= set(form["fields"])
            continue
        parts = urlsplit(urljoin(url, form["action"] or url))
        action = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIPPED_ACTIONS.search(action):
            posts.append((action, form["fields"]))
    return names, posts


def _hostile_paths(route: str, values: dict[str, str]) -> list[str]:
    """The route with each of its kwargs in turn replaced by a hostile value."""
    urls = []
    for name in re.findall(r"<(?:\w+:)?(\w+)>", route):
        converter = re.search(rf"<(\w+):{name}>", route)
        hostile = ["9" * 40] if converter and converter.group(1) == "int" else ["%00", "a%00b", "x" * 250]
        urls += [_fill(route, {**values, name: value}) for value in hostile]
    return urls


def test_every_page_answers_hostile_input_below_500(world):
    failures: list[str] = []
    forms: dict[tuple, tuple[Client, str, dict, str | None]] = {}

    def check(client: Client, method: str, url: str, data: dict, schema: str | None) -> tuple[int, str]:
        before = _tenant_writes(schema) if schema else 0
        status, body, error = _answer(client, method, url, data)
        short = {name: value[:12] for name, value in data.items()}
        if status >= 500:
            failures.append(f"{status} {method.upper()} {url[:80]} {short} {error}")
        elif method == "post" and status == 400:
            if schema and _tenant_writes(schema) != before:
                failures.append(f"400 but wrote: POST {url} {short}")
            if 'role="alert"' not in body:
                failures.append(f"400 without a message: POST {url} {short}")
        return status, body

    values = {**world["ids"], "slug": "hostile-product"}
    for client, route, url, schema in _pages(world):
        status, body = check(client, "get", url, {}, schema)
        names, posts = _post_forms(url, body if status == 200 else "")
        for action, fields in posts:
            forms.setdefault((action, tuple(sorted(fields))), (client, action, fields, schema))
        for value in HOSTILE:
            check(client, "get", url, dict.fromkeys(names | set(QUERY_NAMES), value), schema)
        for hostile_url in _hostile_paths(route, values):
            check(client, "get", hostile_url, {}, schema)
    assert len(forms) > 20  # the walk found the console's and the studio's forms
    for client, action, fields, schema in forms.values():
        for value in [*HOSTILE, HUGE_TEXT]:
            data = {name: value for name in fields if name != "csrfmiddlewaretoken"}
            check(client, "post", action, data, schema)
    assert failures == [], "\n".join(failures)
