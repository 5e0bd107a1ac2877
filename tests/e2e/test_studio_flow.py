"""The curriculum builder: an instructor adds a section and a lesson through the side panel,
reorders by keyboard, changes tiers in bulk and removes a lesson after the panel asks; the order
sticks across a reload. Screenshots on desktop, on a phone and in Arabic."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, Product, Screenshots, sign_in, watched_context


def open_first_course(page: Page, product: Product) -> None:
    page.goto(product.url("/studio/courses/", slug="acme"))
    course_link = page.locator("table tbody a[href*='/studio/courses/']").first
    expect(course_link).to_be_visible()
    course_link.click()
    expect(page.locator("ol.outline__modules > li.outline__module").first).to_be_visible()


def test_instructor_moves_a_module_down_with_the_keyboard_and_the_order_sticks(
    page: Page, product: Product, screenshots: Screenshots
) -> None:
    sign_in(page, product, "instructor@acme.example")
    open_first_course(page, product)
    modules = page.locator("ol.outline__modules > li.outline__module")
    expect(modules.nth(1)).to_be_visible()
    first_id = modules.nth(0).get_attribute("data-id")
    second_id = modules.nth(1).get_attribute("data-id")
    first_title = modules.nth(0).locator(f"#m{first_id}").inner_text()
    screenshots.take(page, "studio-outline-before")

    move_down = modules.nth(0).locator(":scope > .outline-row").get_by_role("button", name="Move down")
    move_down.focus()
    page.keyboard.press("Enter")
    expect(modules.nth(0)).to_have_attribute("data-id", str(second_id))
    expect(modules.nth(1)).to_have_attribute("data-id", str(first_id))

    page.reload()
    expect(modules.nth(0)).to_have_attribute("data-id", str(second_id))
    expect(modules.nth(1).locator(f"#m{first_id}")).to_have_text(first_title)
    screenshots.take(page, "studio-outline-after")


def test_curriculum_builder_adds_folds_bulk_changes_and_removes(
    page: Page, browser: Browser, product: Product, screenshots: Screenshots
) -> None:
    sign_in(page, product, "instructor@acme.example")
    open_first_course(page, product)
    module = page.locator("ol.outline__modules > li.outline__module").first
    panel = page.locator("#outline-panel")

    # Add a section to the first module through the side panel.
    module.locator(":scope > .outline-row").get_by_role("link", name="Add section").click()
    expect(panel.get_by_label("Section title")).to_be_focused()
    panel.get_by_label("Section title").fill("Extra practice")
    panel.get_by_role("button", name="Add section").click()
    section = module.locator("li.outline__section", has_text="Extra practice")
    expect(section).to_be_visible()
    expect(panel).to_be_empty()

    # Add a lesson from the library into the new section.
    section.locator(":scope > .outline-row").get_by_role("link", name="Add lesson").click()
    lesson_select = panel.get_by_label("Lesson from the library")
    lesson_name = lesson_select.locator("option").first.inner_text().rsplit(" (", 1)[0]
    panel.get_by_role("button", name="Add lesson").click()
    lesson = section.locator("li.outline__lesson").first
    expect(lesson).to_contain_text(lesson_name)
    screenshots.take(page, "studio-builder-added")

    # Bulk tier change: select the new lesson and make it tier 3.
    lesson.locator("input[type=checkbox]").check()
    page.get_by_label("Tier of the selected lessons").select_option("3")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_text("The tier of 1 lesson changed.")).to_be_visible()
    expect(section.locator("li.outline__lesson").first.locator(".badge--tier-3")).to_be_visible()

    # Fold the first module and unfold it again; the fold survives a re-render.
    fold = module.locator("[data-fold]")
    fold.click()
    expect(fold).to_have_attribute("aria-expanded", "false")
    expect(module.locator(".outline__body")).to_be_hidden()
    screenshots.take(page, "studio-builder-folded")
    page.reload()
    expect(
        page.locator("ol.outline__modules > li.outline__module").first.locator("[data-fold]")
    ).to_have_attribute("aria-expanded", "false")
    page.get_by_role("button", name="Expand all").click()
    expect(module.locator(".outline__body")).to_be_visible()

    # Remove the lesson: the panel asks first; Cancel keeps it, "Yes, remove" removes it.
    section = module.locator("li.outline__section", has_text="Extra practice")
    section.locator("li.outline__lesson").first.get_by_role("link", name="Remove").click()
    expect(panel).to_contain_text("stays in the library")
    panel.get_by_role("link", name="Cancel").click()
    expect(section.locator("li.outline__lesson")).to_have_count(1)
    section.locator("li.outline__lesson").first.get_by_role("link", name="Remove").click()
    screenshots.take(page, "studio-builder-remove-asks")
    panel.get_by_role("button", name="Yes, remove").click()
    expect(section.locator("li.outline__lesson")).to_have_count(0)
    # ... and the section itself.
    section.locator(":scope > .outline-row").get_by_role("link", name="Remove").click()
    panel.get_by_role("button", name="Yes, remove").click()
    expect(module.locator("li.outline__section", has_text="Extra practice")).to_have_count(0)

    page.set_viewport_size(PHONE)
    screenshots.take(page, "studio-builder-phone")
    state = page.context.storage_state()
    with watched_context(browser, viewport=PHONE, locale="ar", storage_state=state) as context:
        arabic = context.new_page()
        arabic.goto(page.url)
        expect(arabic.locator("html")).to_have_attribute("dir", "rtl")
        arabic.locator("ol.outline__modules > li.outline__module").first.locator(
            ".outline-row a[data-panel-open]"
        ).nth(1).click()
        expect(arabic.locator("#outline-panel input[name=title]")).to_be_visible()
        screenshots.take(arabic, "studio-builder-arabic-phone")
