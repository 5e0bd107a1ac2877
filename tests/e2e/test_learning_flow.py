"""Learners in the course player: a VIP completes a lesson and sees the progress rise; a tier-1 learner
opening a tier-3 lesson gets the 403 page with an upgrade offer."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import Product, Screenshots, sign_in

LESSON_URL = re.compile(r"/courses/(\d+)/lessons/(\d+)/$")


def course_card(page: Page, title: str) -> Locator:
    return page.locator(".card", has=page.get_by_role("heading", level=2, name=title, exact=True))


def progress_of(card: Locator) -> int:
    return int(card.get_by_role("progressbar", name="Progress").get_attribute("value") or 0)


def test_vip_marks_a_lesson_complete_and_progress_rises(
    page: Page, product: Product, screenshots: Screenshots
) -> None:
    sign_in(page, product, "vip@acme.example")
    page.goto(product.url("/learning/", slug="acme"))
    expect(page.get_by_role("heading", level=1, name="My learning")).to_be_visible()
    first_title = page.locator(".card__title").first
    expect(first_title).to_be_visible()
    title = first_title.inner_text().strip()
    card = course_card(page, title)
    before = progress_of(card)
    assert before < 100, f"the demo VIP has already finished {title!r}"
    screenshots.take(page, "learning-my-learning-before")

    card.locator("a.button--primary").click()
    if not LESSON_URL.search(page.url):  # "Start" leads to the course page: open its first lesson
        page.locator(".course-outline a[href*='/lessons/']").first.click()
    expect(page).to_have_url(LESSON_URL)

    # walk forward to the first required lesson that is not completed yet and has a "Mark complete" button
    # the lesson body (Markdown) may hold an h1 of its own: the player's title is the article's direct child
    heading = page.locator(".player__lesson > h1")
    mark = page.get_by_role("button", name=re.compile(r"^Mark complete"))
    for _ in range(40):
        expect(heading).to_be_visible()
        placement = LESSON_URL.search(page.url).group(2)  # type: ignore[union-attr]
        current = page.locator(f".course-outline li[data-placement='{placement}']")
        if mark.count() == 1 and "optional" not in current.inner_text():
            break
        page.locator("a[rel=next]").click()
        expect(page).not_to_have_url(re.compile(rf"/lessons/{placement}/$"))
    else:
        raise AssertionError(f"no lesson left to mark complete in {title!r}")
    lesson_url = page.url
    lesson_title = heading.inner_text()
    screenshots.take(page, "learning-lesson")
    expect(page.locator(".course-outline li[aria-current=step]")).to_have_count(1)
    lesson_before_outline_on_a_phone(page, screenshots)

    mark.click()
    expect(page.get_by_text("Lesson marked complete.")).to_be_visible()
    page.goto(lesson_url)
    expect(heading).to_have_text(lesson_title)
    expect(page.locator(".player__lesson .badge--success", has_text="Completed")).to_be_visible()
    screenshots.take(page, "learning-lesson-completed")

    # the course progress is rolled up by the worker: reload My learning until it shows the new figure
    deadline = time.monotonic() + 30
    while True:
        page.goto(product.url("/learning/", slug="acme"))
        after = progress_of(course_card(page, title))
        if after > before or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert after > before, f"progress of {title!r} stayed at {before}% after completing {lesson_title!r}"
    screenshots.take(page, "learning-my-learning-after")


def lesson_before_outline_on_a_phone(page: Page, screenshots: Screenshots) -> None:
    """On a phone the lesson comes first and the outline below it, without sideways scrolling."""
    desktop = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    try:
        lesson = page.locator(".player__lesson").bounding_box()
        outline = page.locator(".player__outline").bounding_box()
        assert lesson and outline and lesson["y"] < outline["y"], (lesson, outline)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshots.take(page, "learning-lesson-phone")
    finally:
        if desktop:
            page.set_viewport_size(desktop)


def test_tier_one_learner_gets_the_upgrade_page_for_a_vip_lesson(
    page: Page, product: Product, screenshots: Screenshots
) -> None:
    sign_in(page, product, "learner@acme.example")
    page.goto(product.url("/learning/", slug="acme"))
    first_title = page.locator(".card__title a").first
    expect(first_title).to_be_visible()
    first_title.click()
    page.locator(".course-outline a[href*='/lessons/']").first.click()
    expect(page).to_have_url(LESSON_URL)
    course_id = LESSON_URL.search(page.url).group(1)  # type: ignore[union-attr]

    # one upgrade call per locked module or section; its lessons carry the lock icon only
    module = page.locator(".course-outline__module", has=page.get_by_role("link", name="Unlock with tier 3"))
    expect(module.first).to_be_visible()
    locked = module.first.locator("li", has=page.locator(".course-outline__locked"))
    expect(locked.first).to_be_visible()
    placement = locked.first.get_attribute("data-placement")
    lesson_name = locked.first.inner_text()
    screenshots.take(page, "learning-outline-locked")

    response = page.goto(product.url(f"/courses/{course_id}/lessons/{placement}/", slug="acme"))
    assert response is not None
    assert response.status == 403, f"{lesson_name!r} answered {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text("This lesson is not included in your access")
    expect(page.get_by_role("link", name="Upgrade to tier 3")).to_be_visible()
    expect(page.get_by_role("link", name="Back to the course")).to_be_visible()
    screenshots.take(page, "learning-locked-403")
