"""Lessons across orgs: María writes a lesson at acme and publishes it to her library, imports it
into globex, publishes a change at acme, and globex's copy shows "Update available (v2)" and pulls
it after asking. Screenshots of /studio/library/ on desktop, on a phone and in Arabic."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, Product, Screenshots, sign_in, watched_context

MARIA = "maria@creators.example"


def _publish(page: Page) -> None:
    page.get_by_role("button", name="Publish to my library").click()
    expect(page).to_have_url(re.compile(r".*/studio/library/$"))


def test_publish_import_update_and_pull_across_orgs(
    page: Page, browser: Browser, product: Product, screenshots: Screenshots
) -> None:
    sign_in(page, product, MARIA, slug="acme")
    page.goto(product.url("/studio/lessons/new/?type=text", slug="acme"))
    page.locator("input[name=title]").fill("Reading query plans")
    page.locator("textarea[name=body_markdown]").fill("Read **EXPLAIN** from the inside out.")
    page.get_by_role("button", name="Save lesson").click()
    expect(page.get_by_role("button", name="Publish to my library")).to_be_visible()
    edit_url = page.url
    _publish(page)
    row = page.locator("li.card", has_text="Reading query plans")
    expect(row).to_contain_text("v1")
    expect(row).to_contain_text("From this organization")

    sign_in(page, product, MARIA, slug="globex")
    page.goto(product.url("/studio/library/", slug="globex"))
    row = page.locator("li.card", has_text="Reading query plans")
    row.get_by_role("button", name="Import into this org").click()
    expect(page.get_by_text("Imported from Acme Academy")).to_be_visible()

    page.goto(edit_url)  # acme again: change the lesson and publish version 2
    page.locator("input[name=title]").fill("Reading query plans, revised")
    page.get_by_role("button", name="Save lesson").click()
    _publish(page)

    page.goto(product.url("/studio/library/", slug="globex"))
    copies = page.locator("section[aria-labelledby=library-copies]")
    expect(copies.get_by_text("Update available (v2)")).to_be_visible()
    screenshots.take(page, "studio-library-update-available")
    state = page.context.storage_state()
    with watched_context(
        browser, viewport=PHONE, is_mobile=True, has_touch=True, storage_state=state
    ) as phone:
        phone_page = phone.new_page()
        phone_page.goto(page.url)
        expect(phone_page.get_by_text("Update available (v2)").first).to_be_visible()
        screenshots.take(phone_page, "studio-library-phone")
    with watched_context(browser, viewport=PHONE, locale="ar", storage_state=state) as context:
        arabic = context.new_page()
        arabic.goto(page.url)
        expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
        screenshots.take(arabic, "studio-library-arabic-phone")
    with watched_context(
        browser, viewport={"width": 1280, "height": 800}, locale="ar", storage_state=state
    ) as context:
        arabic = context.new_page()
        arabic.goto(page.url)
        screenshots.take(arabic, "studio-library-arabic-desktop")

    copies.get_by_role("link", name="Pull update").click()
    expect(page.get_by_text("Please confirm")).to_be_visible()
    screenshots.take(page, "studio-library-pull-confirm")
    page.get_by_role("button", name="Pull update").click()
    expect(page.get_by_text("now has the library's latest version")).to_be_visible()
    expect(page.locator("input[name=title]")).to_have_value("Reading query plans, revised")
    page.goto(product.url("/studio/library/", slug="globex"))
    revised = copies.locator("li.card", has_text="Reading query plans, revised")
    expect(revised).to_contain_text("v2")
    expect(revised.get_by_text("Up to date")).to_be_visible()
