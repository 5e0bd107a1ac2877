"""The pages issue 12 added late, seen as people see them: on a desktop and a phone in English
(acme), and in Arabic (globex, right to left). Each fits its width without scrolling sideways, and a
screenshot of each is kept for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.conftest import DESKTOP, PHONE, Product, Screenshots, sign_in
from tests.e2e.new_pages import NEW_PAGES, REGION_PREFIX, product_review, user_and_host
from tests.e2e.test_layout import horizontal_overflow, overflowing_elements

# (id, viewport, org, browser language)
VARIANTS = [
    ("desktop", DESKTOP, "acme", "en-US"),
    ("phone", PHONE, "acme", "en-US"),
    ("arabic-desktop", DESKTOP, "globex", "ar"),
    ("arabic-phone", PHONE, "globex", "ar"),
]


@pytest.fixture(params=[pytest.param(variant, id=variant[0]) for variant in VARIANTS])
def variant_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, str, str, str]]:
    name, viewport, slug, language = request.param
    options = {"device_scale_factor": 2, "is_mobile": True, "has_touch": True} if viewport == PHONE else {}
    context = browser.new_context(viewport=viewport, locale=language, **options)
    yield context.new_page(), name, slug, language
    context.close()


# Session cookies of the sign-ins made so far, by (variant, email, host): signing in once per person
# and variant keeps the run under the platform's sign-in rate limit (30 a minute from one address).
_SESSIONS: dict[tuple[str, str, str | None], list] = {}


def _signed_in(page: Page, product: Product, email: str, host: str | None, variant: str) -> None:
    key = (variant, email, host)
    if key in _SESSIONS:
        page.context.add_cookies(_SESSIONS[key])
        return
    sign_in(page, product, email, slug=host)
    _SESSIONS[key] = page.context.cookies()


@pytest.mark.parametrize(("name", "user", "reach"), [pytest.param(*spec, id=spec[0]) for spec in NEW_PAGES])
def test_the_page_fits_and_reads_in_its_direction(
    variant_page, product: Product, screenshots: Screenshots, name, user, reach
) -> None:
    page, variant, slug, language = variant_page
    email, host = user_and_host(user, slug)
    _signed_in(page, product, email, host, variant)
    if reach is product_review and language == "ar":
        reach(page, product, slug, prefix=REGION_PREFIX[slug])
    else:
        reach(page, product, slug)
    screenshots.take(page, f"new-{name}-{variant}")
    assert horizontal_overflow(page) <= 0, (
        f"{page.url} scrolls sideways at {page.viewport_size}: {overflowing_elements(page)}"
    )
    direction = page.evaluate("() => document.documentElement.dir")
    assert direction == ("rtl" if language == "ar" else "ltr"), page.url
