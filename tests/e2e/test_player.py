"""The course player: progress per module and for the course, a module collapses, ] opens the next
lesson, the outline keeps its scroll position; screenshots on desktop and phone, in English and Arabic."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import Product, Screenshots, sign_in

LESSON_URL = re.compile(r"/courses/(\d+)/lessons/(\d+)/$")


def open_first_lesson(page: Page, product: Product, slug: str, learning_path: str) -> None:
    page.goto(product.url(learning_path, slug=slug))
    page.locator(".card a.button--primary").first.click()
    if not LESSON_URL.search(page.url):
        page.locator(".course-outline a[href*='/lessons/']").first.click()
    expect(page).to_have_url(LESSON_URL)


def test_collapse_a_module_and_go_next_by_keyboard(
    page: Page, product: Product, screenshots: Screenshots
) -> None:
    sign_in(page, product, "vip@acme.example")
    open_first_lesson(page, product, "acme", "/learning/")
    expect(page.locator(".outline-progress--course")).to_contain_text("Course progress:")
    expect(page.locator("summary .outline-progress").first).to_contain_text("%")
    screenshots.take(page, "player-desktop-en")
    module = page.locator("details.course-outline__module").first
    expect(module).to_have_attribute("open", "")
    module.locator("summary").click()
    expect(module).not_to_have_attribute("open", "")
    expect(module.locator("ol a").first).to_be_hidden()

    first_url = page.url
    expect(page.locator(".player__lesson a[rel=next]")).to_be_visible()
    page.locator("body").press("]")
    expect(page).not_to_have_url(first_url)
    expect(page).to_have_url(LESSON_URL)
    page.locator("body").press("[")
    expect(page).to_have_url(first_url)


def test_the_outline_keeps_its_scroll_position(page: Page, product: Product) -> None:
    sign_in(page, product, "vip@acme.example")
    open_first_lesson(page, product, "acme", "/learning/")
    outline = page.locator(".player__outline")
    scrollable = outline.evaluate("(el) => el.scrollHeight > el.clientHeight + 40")
    if not scrollable:
        pytest.skip("the demo course's outline fits the window; nothing to scroll")
    outline.evaluate("(el) => { el.scrollTop = 120; el.dispatchEvent(new Event('scroll')); }")
    page.wait_for_timeout(100)
    page.locator(".player__lesson a[rel=next]").click()
    expect(page).to_have_url(LESSON_URL)
    assert abs(outline.evaluate("(el) => el.scrollTop") - 120) <= 2


@pytest.mark.parametrize(
    ("slug", "email", "path", "name"),
    [
        ("acme", "vip@acme.example", "/learning/", "en"),
        ("globex", "vip@globex.example", "/mena/learning/?lang=ar-AE", "ar"),
    ],
)
def test_player_screenshots_on_a_phone(
    phone_page: Page, product: Product, screenshots: Screenshots, slug, email, path, name
) -> None:
    sign_in(phone_page, product, email, slug=slug)
    open_first_lesson(phone_page, product, slug, path)
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the player scrolls sideways on a phone"
    screenshots.take(phone_page, f"player-phone-{name}")


def test_player_in_arabic_on_desktop(page: Page, product: Product, screenshots: Screenshots) -> None:
    sign_in(page, product, "vip@globex.example", slug="globex")
    open_first_lesson(page, product, "globex", "/mena/learning/?lang=ar-AE")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshots.take(page, "player-desktop-ar")
