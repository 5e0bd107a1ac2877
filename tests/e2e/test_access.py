"""Who may see what: a learner is refused the console, an unknown host gets the designed 404."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Product, Screenshots, sign_in


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
