"""Who may see what: a learner is refused the console, an unknown host gets the designed 404."""

from __future__ import annotations

import subprocess
import sys

from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, Product, Screenshots, sign_in


def test_demo_learner_is_refused_the_console(page: Page, product: Product, screenshots: Screenshots) -> None:
    sign_in(page, product, "learner@acme.example")
    screenshots.take(page, "learner-signed-in")

    response = page.goto(product.url("/manage/", slug="acme"))
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    screenshots.take(page, "learner-manage-403")


def test_unknown_host_shows_the_no_store_page(page: Page, product: Product, screenshots: Screenshots) -> None:
    response = page.goto(product.url("/", slug="nobody"))
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("There is no store at this address")
    expect(page.get_by_text(f"nobody.localhost:{product.port}")).to_be_visible()
    screenshots.take(page, "unknown-host")


def _demo_staff_totp_code() -> str:
    """The current code of the demo staff user's authenticator, as `make dev`'s README shows."""
    command = [sys.executable, "manage.py", "seed_demo", "--totp-code", "--settings=volmify.settings.dev"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def test_staff_reach_django_admin_with_password_and_code(
    page: Page, product: Product, screenshots: Screenshots
) -> None:
    page.goto(product.url("/admin/"))
    login_form = page.locator("form", has=page.locator("input[name=password]"))
    login_form.locator("input[name=login]").fill("staff@example.com")
    login_form.locator("input[name=password]").fill(DEMO_PASSWORD)
    login_form.locator("[type=submit]").click()
    code = page.locator("input[name=code]")
    expect(code).to_be_visible()
    screenshots.take(page, "admin-two-factor-code")
    code.fill(_demo_staff_totp_code())
    code.press("Enter")
    expect(page.get_by_role("link", name="Organizations", exact=True).last).to_be_visible()
    screenshots.take(page, "admin-index")


def test_an_owner_sees_who_has_two_factor_on_the_security_page(
    page: Page, product: Product, screenshots: Screenshots
) -> None:
    sign_in(page, product, "owner@acme.example")
    page.goto(product.url("/manage/security/", slug="acme"))
    expect(page.get_by_role("heading", name="Security", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="owner@acme.example")).to_be_visible()
    page.get_by_label("Require two-factor authentication for owners and admins").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Set up two-factor authentication for your own account first")).to_be_visible()
    screenshots.take(page, "console-security-refused")
