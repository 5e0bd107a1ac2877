"""A signed-out visitor buys a tier-2 course in acme's EU region, in EUR, through the Stripe
stand-in's hosted page; the success page confirms and shows the course, whose tier-2 lessons open
and tier-3 ones stay locked. A digital product bought the same way downloads once paid. The owner
refunds it in the console and the download stops. On a phone, and in Arabic on globex's MENA."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, Product, Screenshots, sign_in, watched_context

DONE = re.compile(r"/checkout/\d+/done/\?session_id=")


def _buy_now(page: Page, product: Product, path: str, plan_name: str, *, slug: str = "acme") -> None:
    page.goto(product.url(path, slug=slug))
    plan = page.locator(".plan", has=page.get_by_role("heading", level=4, name=plan_name, exact=True)).first
    plan.get_by_role("button", name=re.compile("^Buy now")).click()
    expect(page).to_have_url(re.compile(r"/checkout/$"))


def _pay_by_card(page: Page, email: str, screenshots: Screenshots, step: str) -> str:
    """Checkout as a new guest, pay on the stand-in's hosted page; the order number."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Card (Stripe)").check()
    screenshots.take(page, f"{step}-checkout")
    page.get_by_role("button", name=re.compile("^Place order")).click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Pay "))).to_be_visible()
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    screenshots.take(page, f"{step}-hosted-payment")
    page.get_by_role("button", name=re.compile("^Pay ")).click()
    expect(page).to_have_url(DONE)
    expect(page.locator("#order-lines table")).to_be_visible(timeout=30_000)  # confirmed by the webhook
    screenshots.take(page, f"{step}-paid")
    return re.search(r"/checkout/(\d+)/done/", page.url).group(1)  # type: ignore[union-attr]


def test_a_visitor_buys_a_premium_course_and_a_download_then_the_refund_ends_it(
    browser: Browser, product: Product, screenshots: Screenshots
) -> None:
    email = f"e2e-buyer-{uuid.uuid4().hex[:8]}@example.com"
    with watched_context(browser, viewport=DESKTOP) as context:
        page = context.new_page()
        _buy_now(page, product, "/eu/p/django-for-teams/?lang=en-US", "Professional")
        expect(page.get_by_text(re.compile(r"129|€"))).not_to_have_count(0)
        _pay_by_card(page, email, screenshots, "buying-course")
        page.get_by_role("link", name="Open the course").click()
        outline = page.locator(".course-outline")
        expect(outline).to_be_visible()
        expect(outline.get_by_role("link", name=re.compile("Unlock with tier 2"))).to_have_count(0)
        expect(outline.get_by_role("link", name=re.compile("Unlock with tier 3")).first).to_be_visible()
        screenshots.take(page, "buying-course-opened")

        _buy_now(page, product, "/eu/p/design-system-kit/?lang=en-US", "Figma library")
        page.get_by_label("Card (Stripe)").check()
        page.get_by_role("button", name=re.compile("^Place order")).click()
        page.get_by_label("Card number").fill("4242 4242 4242 4242")
        page.get_by_role("button", name=re.compile("^Pay ")).click()
        expect(page).to_have_url(DONE)
        download = page.get_by_role("button", name="Download")
        expect(download).to_be_visible(timeout=30_000)
        number = re.search(r"/checkout/(\d+)/done/", page.url).group(1)  # type: ignore[union-attr]
        with page.expect_download() as first:
            download.click()
        assert first.value.suggested_filename.endswith(".zip")
        screenshots.take(page, "buying-download")

        with watched_context(browser, viewport=DESKTOP) as owner_context:
            owner = owner_context.new_page()
            sign_in(owner, product, "owner@acme.example")
            owner.goto(product.url(f"/manage/orders/{number}/", slug="acme"))
            owner.get_by_role("link", name="Refund").click()
            owner.get_by_label("Reason").fill("Bought by mistake")
            screenshots.take(owner, "buying-refund-form")
            owner.get_by_role("button", name="Refund").click()
            expect(owner.get_by_role("heading", level=2, name="Refunds")).to_be_visible()
            screenshots.take(owner, "buying-refunded")

        page.goto(page.url.split("/checkout/")[0] + f"/orders/{number}/")
        expect(page.get_by_text("Revoked")).to_be_visible()
        expect(page.get_by_role("button", name="Download")).to_have_count(0)
        page.set_viewport_size(PHONE)
        screenshots.take(page, "buying-refunded-buyer-phone")


def test_a_phone_visitor_buys_in_arabic_on_globex(
    browser: Browser, product: Product, screenshots: Screenshots
) -> None:
    with watched_context(browser, viewport=PHONE, locale="ar") as context:
        page = context.new_page()
        page.goto(product.url("/mena/catalog/?lang=ar-AE", slug="globex"))
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        page.locator(".product-card a").first.click()
        buy = page.locator("form.plan__buy button[name=buy_now]").first
        expect(buy).to_be_visible()
        screenshots.take(page, "buying-arabic-product-phone")
        buy.click()
        expect(page).to_have_url(re.compile(r"/checkout/$"))
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        screenshots.take(page, "buying-arabic-checkout-phone")
