"""The course studio: an instructor reorders modules with the keyboard-friendly move buttons."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Product, Screenshots, sign_in


def test_instructor_moves_a_module_down_and_the_order_sticks(
    page: Page, product: Product, screenshots: Screenshots
) -> None:
    sign_in(page, product, "instructor@acme.example")
    page.goto(product.url("/studio/courses/", slug="acme"))
    course_link = page.locator("table tbody a[href*='/studio/courses/']").first
    expect(course_link).to_be_visible()
    course_link.click()
    modules = page.locator("ol.outline__modules > li.outline__module")
    expect(modules.nth(1)).to_be_visible()
    first_id = modules.nth(0).get_attribute("data-id")
    second_id = modules.nth(1).get_attribute("data-id")
    first_title = modules.nth(0).locator(f"#m{first_id}").input_value()
    screenshots.take(page, "studio-outline-before")

    modules.nth(0).locator(":scope > .toolbar").get_by_role("button", name="Move down").click()
    expect(modules.nth(0)).to_have_attribute("data-id", str(second_id))
    expect(modules.nth(1)).to_have_attribute("data-id", str(first_id))

    page.reload()
    expect(modules.nth(0)).to_have_attribute("data-id", str(second_id))
    expect(modules.nth(1)).to_have_attribute("data-id", str(first_id))
    expect(modules.nth(1).locator(f"#m{first_id}")).to_have_value(first_title)
    screenshots.take(page, "studio-outline-after")
