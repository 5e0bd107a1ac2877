"""An org owner builds a product in the console (variant, plan, regional prices), publishes it, and a
signed-out visitor finds it in the storefront catalog with its price."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DESKTOP, Product, Screenshots, sign_in, watched_context


def test_owner_publishes_a_priced_product_that_visitors_find(
    page: Page, browser: Browser, product: Product, screenshots: Screenshots
) -> None:
    title = f"E2E Service {uuid.uuid4().hex[:8]}"
    sign_in(page, product, "owner@acme.example")

    page.goto(product.url("/manage/catalog/products/", slug="acme"))
    page.goto(product.url("/manage/catalog/products/new/", slug="acme"))
    page.get_by_label("Type", exact=True).select_option("service")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Summary", exact=True).fill("A product made by the browser tests.")
    page.get_by_label("Duration in minutes (service)").fill("45")
    screenshots.take(page, "catalog-new-product")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/manage/catalog/products/\d+/$"))
    expect(page.get_by_role("heading", level=3, name="Variants")).to_be_visible()

    variant_form = page.locator("form", has=page.get_by_role("button", name="Add variant"))
    variant_form.get_by_label("Name").fill("Standard")
    variant_form.get_by_role("button", name="Add variant").click()
    expect(page.locator("#plans ul > li")).to_have_text(["Standard"])

    plan_form = page.locator("form", has=page.get_by_role("button", name="Add plan"))
    plan_form.get_by_label("Type", exact=True).select_option("one_time")
    plan_form.get_by_label("Name", exact=True).fill("Single session")
    plan_form.get_by_role("button", name="Add plan").click()
    plan_row = page.locator("#prices").get_by_role("row", name=re.compile("Single session"))
    expect(plan_row).to_be_visible()

    plan_row.get_by_role("link", name="Prices of Single session").click()
    expect(page.get_by_role("button", name="Save prices")).to_be_visible()
    amounts = page.locator("input[name$='-amount']")
    count = amounts.count()
    assert count >= 1
    for index in range(count):
        amounts.nth(index).fill("49")
    screenshots.take(page, "catalog-plan-prices")
    page.get_by_role("button", name="Save prices").click()
    expect(page.get_by_text("Prices saved.")).to_be_visible()

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Product published.")).to_be_visible()
    expect(page.get_by_role("button", name="Unpublish")).to_be_visible()
    screenshots.take(page, "catalog-product-published")

    with watched_context(browser, viewport=DESKTOP) as visitor:
        shop = visitor.new_page()
        shop.goto(product.url(f"/catalog/?q={title.replace(' ', '+')}", slug="acme"))
        card = shop.locator("article.product-card", has=shop.get_by_role("link", name=title))
        expect(card).to_have_count(1)
        expect(card.locator(".price")).to_contain_text("49")
        screenshots.take(shop, "catalog-storefront-search")
        card.get_by_role("link", name=title).click()
        expect(shop.get_by_role("heading", level=1)).to_have_text(title)
        expect(shop.locator(".product__plans .price strong").first).to_contain_text("49")
        expect(shop.get_by_role("heading", level=4, name="Single session")).to_be_visible()
        screenshots.take(shop, "catalog-storefront-product")

    # The owner reads what they did in the audit log, newest first, and narrows it to themselves.
    page.goto(product.url("/manage/audit/", slug="acme"))
    latest = page.locator("table tbody tr").first
    expect(latest).to_contain_text("owner@acme.example")
    expect(latest).to_contain_text(f"published product {title}")
    expect(latest).to_contain_text("Published")
    page.get_by_label("Person").select_option(label="owner@acme.example")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table tbody tr").first).to_contain_text(title)
    screenshots.take(page, "catalog-audit-log")
    latest = page.locator("table tbody tr").first
    latest.get_by_role("link", name=title).click()
    expect(page).to_have_url(re.compile(r"/manage/audit/\?type=product\.orgproduct&id=\d+$"))
    expect(page.locator("table tbody tr")).not_to_have_count(0)
    rows = page.locator("table tbody tr")
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text(title)
