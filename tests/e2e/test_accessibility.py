"""axe-core over the pages people work in most: no serious or critical violation on any of them.

axe runs in a context that bypasses the Content-Security-Policy (it is injected as a script the
policy would refuse); every other test still watches the policy.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, Product, Screenshots, sign_in
from tests.e2e.new_pages import NEW_PAGES, on_acme, user_and_host

AXE = Path(__file__).with_name("vendor") / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_source() -> str:
    source = AXE.read_bytes()
    assert hashlib.sha256(source).hexdigest() == AXE_SHA256, (
        "tests/e2e/vendor/axe.min.js is not axe-core 4.14.1"
    )
    return source.decode()


def violations(page: Page, axe_source: str) -> list[dict]:
    page.evaluate(axe_source)
    result = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
             .map(v => ({id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
    )
    return [violation for violation in result if violation["impact"] in BLOCKING]


# Each page: how to reach it (a signed-in user, if any, and the steps), on acme.
def _home(page: Page, product: Product) -> None:
    page.goto(product.url("/", slug="acme"))


def _catalog(page: Page, product: Product) -> None:
    page.goto(product.url("/catalog/", slug="acme"))


def _product_page(page: Page, product: Product) -> None:
    page.goto(product.url("/catalog/", slug="acme"))
    page.locator("main .card a[href*='/p/']").first.click()
    expect(page).to_have_url(re.compile(r"/p/[^/]+/$"))


def _player(page: Page, product: Product) -> None:
    page.goto(product.url("/learning/", slug="acme"))
    page.locator(".card a.button--primary").first.click()
    if "/lessons/" not in page.url:
        page.locator(".course-outline a[href*='/lessons/']").first.click()
    expect(page).to_have_url(re.compile(r"/lessons/\d+/$"))


def _sign_in_page(page: Page, product: Product) -> None:
    page.goto(product.url("/accounts/login/", slug="acme"))


def _product_editor(page: Page, product: Product) -> None:
    page.goto(product.url("/manage/catalog/products/", slug="acme"))
    page.locator("main table tbody a[href*='/manage/catalog/products/']").first.click()
    expect(page).to_have_url(re.compile(r"/manage/catalog/products/\d+/$"))


def _plan_prices(page: Page, product: Product) -> None:
    _product_editor(page, product)
    page.get_by_role("link", name=re.compile(r"^Prices of ")).first.click()
    expect(page).to_have_url(re.compile(r"/prices/$"))


def _studio_outline(page: Page, product: Product) -> None:
    page.goto(product.url("/studio/courses/", slug="acme"))
    page.locator("main table tbody a[href*='/studio/courses/']").first.click()
    expect(page.locator("ol.outline__modules")).to_be_visible()


# (name, who signs in and on which host (None: the platform's), how to reach the page)
PAGES: list[tuple[str, tuple[str, str | None] | None, Callable[[Page, Product], None]]] = [
    ("storefront-home", None, _home),
    ("catalog", None, _catalog),
    ("product-page", None, _product_page),
    ("player", ("vip@acme.example", "acme"), _player),
    ("sign-in", None, _sign_in_page),
    ("console-product-editor", ("owner@acme.example", "acme"), _product_editor),
    ("plan-prices", ("owner@acme.example", "acme"), _plan_prices),
    ("studio-outline", ("instructor@acme.example", "acme"), _studio_outline),
    # the pages issue 12 added late (tests/e2e/new_pages.py)
    *((name, user_and_host(user, "acme"), on_acme(reach)) for name, user, reach in NEW_PAGES),
]


@pytest.fixture(params=[pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")])
def axe_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=request.param, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("name", "user", "reach"), [pytest.param(*spec, id=spec[0]) for spec in PAGES])
def test_no_serious_or_critical_axe_violations(
    axe_page: Page, axe_source: str, product: Product, screenshots: Screenshots, name, user, reach
) -> None:
    if user:
        email, host = user
        sign_in(axe_page, product, email, slug=host)
    reach(axe_page, product)
    found = violations(axe_page, axe_source)
    if found:
        screenshots.take(axe_page, f"axe-{name}")
    assert not found, f"axe on {axe_page.url}:\n" + json.dumps(found, indent=2)


def test_the_axe_run_is_not_blind(axe_page: Page, axe_source: str, product: Product) -> None:
    """An input without a label (axe 'label', critical) added to a page is found."""
    _home(axe_page, product)
    axe_page.evaluate(
        """() => { const input = document.createElement("input"); input.type = "text";
                   document.querySelector("main").appendChild(input); }"""
    )
    assert "label" in {violation["id"] for violation in violations(axe_page, axe_source)}
