"""Key pages fit a 390px-wide phone without horizontal scrolling; screenshots at phone and desktop size."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, Product, Screenshots, watch_csp

# (org slug or None for the platform, path, a selector that is visible once the page is the right one)
PAGES = [
    pytest.param(None, "/", "h1:has-text('Sell and teach on your own storefront')", id="platform-home"),
    pytest.param(None, "/accounts/signup/", "input[name=password2]", id="signup"),
    pytest.param(None, "/accounts/login/", "input[name=login]", id="login"),
    pytest.param("acme", "/", "h1:has-text('Acme Academy')", id="acme-storefront"),
    pytest.param("acme", "/accounts/login/", "input[name=login]", id="acme-login"),
    pytest.param("nobody", "/", "h1:has-text('There is no store at this address')", id="unknown-host"),
]


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the document is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def overflowing_elements(page: Page) -> list[str]:
    """The innermost elements that reach past either side of the viewport, for a failure message."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [...document.body.querySelectorAll('*')].filter(el => {
            const box = el.getBoundingClientRect();
            return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
          });
          return out.filter(el => !out.some(other => other !== el && el.contains(other)))
            .slice(0, 5)
            .map(el => `${el.tagName.toLowerCase()}.${el.className} ${el.getBoundingClientRect().width}px`);
        }"""
    )


@pytest.mark.parametrize(("slug", "path", "ready"), PAGES)
def test_page_fits_a_phone(
    request: pytest.FixtureRequest,
    phone_page: Page,
    product: Product,
    screenshots: Screenshots,
    slug: str | None,
    path: str,
    ready: str,
) -> None:
    phone_page.goto(product.url(path, slug=slug))
    expect(phone_page.locator(ready)).to_be_visible()
    assert phone_page.evaluate("() => document.documentElement.clientWidth") == PHONE["width"]
    assert horizontal_overflow(phone_page) <= 0, "the page scrolls sideways on a 390px-wide phone"
    screenshots.take(phone_page, f"{request.node.callspec.id}-phone")


@pytest.mark.parametrize(("slug", "path", "ready"), PAGES)
def test_page_on_desktop(
    request: pytest.FixtureRequest,
    page: Page,
    product: Product,
    screenshots: Screenshots,
    slug: str | None,
    path: str,
    ready: str,
) -> None:
    page.goto(product.url(path, slug=slug))
    expect(page.locator(ready)).to_be_visible()
    assert horizontal_overflow(page) <= 0, "the page scrolls sideways on a desktop"
    screenshots.take(page, f"{request.node.callspec.id}-desktop")


def test_the_csp_watcher_catches_what_the_policy_blocks(browser: Browser, product: Product) -> None:
    """The watcher every test runs under is not blind: an inline script is refused and reported."""
    context = browser.new_context()
    violations = watch_csp(context)
    try:
        page = context.new_page()
        page.goto(product.url("/", slug="acme"))
        page.evaluate(
            """() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                       document.head.appendChild(s); }"""
        )
        expect(page.locator("body")).to_be_visible()
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.ran") is None
    finally:
        context.close()
    assert any("script-src" in violation or "inline" in violation for violation in violations), violations
