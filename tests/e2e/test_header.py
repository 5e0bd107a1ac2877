"""Issue 12 defect 9: on a phone the header shows the org's whole name ("Acme Academy", not "Acme Ac…";
in Arabic not one letter), signed out and signed in."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Product, Screenshots, sign_in

# (org slug, path, the storefront's language)
PAGES = [
    pytest.param("acme", "/", id="acme-en"),
    pytest.param("acme", "/catalog/", id="acme-catalog-en"),
    pytest.param("globex", "/mena/?lang=ar-AE", id="globex-ar"),
    pytest.param("globex", "/mena/catalog/?lang=ar-AE", id="globex-catalog-ar"),
]


def brand_name_is_whole(page: Page) -> bool:
    """The header's org name is drawn whole: no ellipsis (its text is no wider than its box)."""
    return page.evaluate(
        """() => { const name = document.querySelector(".site-header .brand__name");
                   return name.scrollWidth <= name.clientWidth
                       && name.getBoundingClientRect().width > 40; }"""
    )


@pytest.mark.parametrize(("slug", "path"), PAGES)
def test_the_org_name_is_whole_on_a_phone_signed_out(
    request: pytest.FixtureRequest, phone_page: Page, product: Product, screenshots: Screenshots, slug, path
) -> None:
    phone_page.goto(product.url(path, slug=slug))
    expect(phone_page.locator(".site-header .brand__name")).to_be_visible()
    assert brand_name_is_whole(phone_page), "the header cuts the org's name"
    screenshots.take(phone_page, f"header-{request.node.callspec.id}-phone")


@pytest.mark.parametrize(("slug", "path"), PAGES[::2])
def test_the_org_name_is_whole_on_a_phone_signed_in(
    request: pytest.FixtureRequest, phone_page: Page, product: Product, screenshots: Screenshots, slug, path
) -> None:
    sign_in(phone_page, product, f"learner@{slug}.example", slug=slug)
    phone_page.goto(product.url(path, slug=slug))
    assert brand_name_is_whole(phone_page), "the header cuts the org's name"
    screenshots.take(phone_page, f"header-{request.node.callspec.id}-signed-in-phone")


@pytest.mark.parametrize(("slug", "path"), PAGES[::2])
def test_every_header_link_can_be_reached_on_a_phone(phone_page: Page, product: Product, slug, path) -> None:
    """Every link of the header is inside the screen (none scrolled or cut off at either edge)."""
    phone_page.goto(product.url(path, slug=slug))
    links = phone_page.locator(".site-nav > a")
    expect(links.first).to_be_visible()
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390 + 0.5, index
