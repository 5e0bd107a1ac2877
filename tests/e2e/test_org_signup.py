"""A visitor signs up, confirms their email, creates an org, and lands in its console."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, Product, Screenshots

PASSWORD = "e2e-Correct-Horse-7"
PROVISIONING_TIMEOUT_MS = 60_000


def test_signup_confirm_create_org_and_open_console(
    page: Page, product: Product, screenshots: Screenshots
) -> None:
    suffix = uuid.uuid4().hex[:8]
    email = f"founder-{suffix}@example.com"
    org_name = f"E2E Academy {suffix}"
    slug = f"e2e-{suffix}"

    page.goto(product.url("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sell and teach on your own storefront")
    screenshots.take(page, "platform-home")

    page.get_by_role("link", name="Sign up", exact=True).click()
    expect(page).to_have_url(product.url("/accounts/signup/"))
    signup_form = page.locator("form", has=page.locator("input[name=password1]"))
    signup_form.locator("input[name=email]").fill(email)
    signup_form.locator("input[name=password1]").fill(PASSWORD)
    signup_form.locator("input[name=password2]").fill(PASSWORD)
    screenshots.take(page, "signup-filled")
    signup_form.locator("[type=submit]").click()
    expect(page).to_have_url(product.url("/accounts/confirm-email/"))
    screenshots.take(page, "verification-sent")

    page.goto(product.confirmation_link(email))
    expect(page.get_by_text(email).first).to_be_visible()
    screenshots.take(page, "confirm-email")
    page.get_by_role("button", name="Confirm").click()
    # Confirming signs the user in: the header offers "Sign out" instead of "Sign in".
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    screenshots.take(page, "signed-in")

    page.get_by_role("link", name="Create your organization", exact=True).click()
    expect(page).to_have_url(product.url("/orgs/new/"))
    page.locator("input[name=name]").fill(org_name)
    page.locator("input[name=slug]").fill(slug)
    screenshots.take(page, "org-create-filled")
    page.get_by_role("button", name="Create organization").click()
    expect(page).to_have_url(product.url(f"/orgs/{slug}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(org_name)
    screenshots.take(page, "org-status")

    # htmx polls the status every second until the Celery worker has cloned the schema.
    ready = page.locator("[data-status=active]")
    expect(ready).to_have_text("Your organization is ready.", timeout=PROVISIONING_TIMEOUT_MS)
    screenshots.take(page, "org-ready")

    page.get_by_role("link", name="Open the console").click()
    # The handoff link signs the user in on the org's own domain and lands in the console.
    expect(page).to_have_url(product.url("/manage/", slug=slug))
    expect(page.get_by_role("main")).to_contain_text(org_name)
    member_rows = page.get_by_role("row").filter(has=page.get_by_role("cell", name=email, exact=True))
    expect(member_rows).to_have_count(1)
    expect(member_rows).to_contain_text("Owner")
    screenshots.take(page, "console-desktop")
    page.set_viewport_size(PHONE)
    screenshots.take(page, "console-phone")

    page.goto(product.url("/", slug=slug))
    expect(page.get_by_role("heading", level=1)).to_have_text(org_name)
    expect(page).to_have_title(re.compile(re.escape(org_name)))
    screenshots.take(page, "storefront-phone")
