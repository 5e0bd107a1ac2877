"""A new org follows its console's onboarding checklist from sign-up to a first published product:
languages, a market with its currency, a brand, a product with a plan and a price, bank transfer as
its way to take payment, and publishing. Screenshots on desktop, on a phone and in Arabic."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import PHONE, Product, Screenshots, watched_context

PASSWORD = "e2e-Correct-Horse-7"
PROVISIONING_TIMEOUT_MS = 60_000
STEPS = ("languages", "market", "brand", "product", "payments", "publish")


def sign_up_and_open_the_console(page: Page, product: Product, suffix: str) -> str:
    email, slug = f"onboarding-{suffix}@example.com", f"onb-{suffix}"
    page.goto(product.url("/accounts/signup/"))
    form = page.locator("form", has=page.locator("input[name=password1]"))
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    form.locator("[type=submit]").click()
    expect(page).to_have_url(product.url("/accounts/confirm-email/"))
    page.goto(product.confirmation_link(email))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(product.url("/orgs/new/"))
    page.locator("input[name=name]").fill(f"Onboarding {suffix}")
    page.locator("input[name=slug]").fill(slug)
    page.get_by_role("button", name="Create organization").click()
    expect(page.locator("[data-status=active]")).to_be_visible(timeout=PROVISIONING_TIMEOUT_MS)
    page.get_by_role("link", name="Open the console").click()
    expect(page).to_have_url(product.url("/manage/", slug=slug))
    return slug


def expect_done(page: Page, *done: str) -> None:
    for key in STEPS:
        expect(page.locator(f"[data-step={key}]")).to_have_attribute(
            "data-done", "true" if key in done else "false"
        )


def pick(select: Locator, pattern: str) -> None:
    """Choose the option of ``select`` whose text matches ``pattern``."""
    option = select.locator("option").filter(has_text=re.compile(pattern)).first
    select.select_option(option.get_attribute("value"))


def step(page: Page, key: str) -> None:
    """Follow the checklist's link of ``key`` (the one it points at: the next step to do)."""
    page.locator(f"[data-step={key}] a[aria-current=step]").click()


def test_a_new_org_follows_its_checklist_to_a_first_published_product(
    page: Page, browser: Browser, product: Product, screenshots: Screenshots
) -> None:
    slug = sign_up_and_open_the_console(page, product, uuid.uuid4().hex[:8])
    home = product.url("/manage/", slug=slug)
    expect(page.locator("#onboarding")).to_contain_text("0 of 6 steps done")
    expect_done(page)
    screenshots.take(page, "onboarding-new-org-desktop")

    step(page, "languages")
    pick(page.locator("select[name=locale]"), r"^en-US \(")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row").filter(has_text="en-US")).to_contain_text("Default")
    page.goto(home)
    expect_done(page, "languages")

    step(page, "market")
    page.locator("input[name=name]").fill("United States")
    page.locator("input[name=slug]").fill("us")
    page.locator("select[name=region_type]").select_option("single_country")
    pick(page.locator("select[name=countries]"), r"\(US\)$")
    pick(page.locator("select[name=currency]"), r"^USD ")
    page.locator("input[name=locales]").first.check()
    pick(page.locator("select[name=default_locale]"), r"^en-US")
    page.locator("select[name=access_type]").select_option("path_prefix")
    page.locator("input[name=path_prefix]").fill("us")
    page.get_by_label("Default region").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="United States")).to_be_visible()
    page.goto(home)
    expect_done(page, "languages", "market")

    step(page, "brand")
    page.get_by_role("link", name="New brand").click()
    page.locator("input[name=name]").fill("Onboarding Academy")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Onboarding Academy")).to_be_visible()
    page.goto(home)
    expect_done(page, "languages", "market", "brand")
    screenshots.take(page, "onboarding-halfway-desktop")

    step(page, "product")
    page.get_by_role("link", name="New product").click()
    page.locator("select[name=product_type]").select_option("digital")
    page.locator("input[name=title]").fill("Field guide")
    page.locator("input[name=slug]").fill("field-guide")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Field guide")
    page.locator("#variant_name").fill("Standard")
    page.get_by_role("button", name="Add variant").click()
    plan_form = page.locator("#plans details", has_text="Add plan")
    expect(plan_form).to_have_attribute("open", "")
    page.locator("#plan_name").fill("Lifetime")
    page.get_by_role("button", name="Add plan").click()
    screenshots.take(page, "onboarding-product-editor-desktop")
    page.get_by_role("link", name="Prices of Lifetime").click()
    page.get_by_label("Price in United States").fill("29.00")
    page.get_by_role("button", name="Save prices").click()
    expect(page.get_by_text("Prices saved.")).to_be_visible()
    page.goto(home)
    expect_done(page, "languages", "market", "brand", "product")

    step(page, "payments")
    page.get_by_role("link", name="Edit United States").click()
    page.get_by_label("Offer bank transfer or invoice in this region").check()
    page.get_by_label("Instructions (en-US)").fill("Pay into IBAN US00 1234 with your order number.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Bank transfer settings saved for United States.")).to_be_visible()
    page.goto(home)
    expect_done(page, "languages", "market", "brand", "product", "payments")

    step(page, "publish")
    page.get_by_role("link", name="Field guide").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Published")
    page.goto(home)
    expect_done(page, *STEPS)
    expect(page.locator("#onboarding")).to_contain_text("Your shop is set up")
    expect(page.locator("#onboarding")).not_to_have_attribute("open", "")
    page.locator("#onboarding summary").click()
    screenshots.take(page, "onboarding-done-desktop")
    page.set_viewport_size(PHONE)
    screenshots.take(page, "onboarding-done-phone")

    state = page.context.storage_state()
    with watched_context(browser, viewport=PHONE, locale="ar", storage_state=state) as context:
        arabic = context.new_page()
        arabic.goto(home)
        expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
        expect(arabic.locator("[data-step=publish]")).to_have_attribute("data-done", "true")
        arabic.locator("#onboarding summary").click()
        screenshots.take(arabic, "onboarding-done-arabic-phone")

    page.goto(product.url("/catalog/", slug=slug))
    expect(page.get_by_role("link", name="Field guide").first).to_be_visible()
    screenshots.take(page, "onboarding-storefront-catalog-phone")
