"""How to reach the pages issue 12 added late (credits, payables, collaborators, the creator's
profiles and dashboard, the review form and its moderation), on any demo org: shared by the axe run
and the screenshot tour."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Product

CREATOR = "maria@creators.example"  # a demo creator with profiles and affiliations (course demo)
# The storefront's prefix of the region in the org's other language (globex's Arabic is /mena/).
REGION_PREFIX = {"acme": "", "globex": "/mena"}
COURSE_SLUG = {"acme": "django-for-teams", "globex": "business-english"}


def _product_editor(page: Page, product: Product, slug: str) -> None:
    page.goto(product.url("/manage/catalog/products/", slug=slug))
    page.locator("main table tbody a[href*='/manage/catalog/products/']").first.click()
    expect(page).to_have_url(re.compile(r"/manage/catalog/products/\d+/$"))


def product_credits(page: Page, product: Product, slug: str) -> None:
    _product_editor(page, product, slug)
    page.goto(page.url + "creators/")
    expect(page.locator("main h1")).to_be_visible()


def payables(page: Page, product: Product, slug: str) -> None:
    page.goto(product.url("/manage/instructors/payables/", slug=slug))
    expect(page.locator("main h1")).to_be_visible()


def reviews_moderation(page: Page, product: Product, slug: str) -> None:
    page.goto(product.url("/manage/catalog/reviews/", slug=slug))
    expect(page.locator("main h1")).to_be_visible()


def studio_collaborators(page: Page, product: Product, slug: str) -> None:
    page.goto(product.url("/studio/courses/", slug=slug))
    page.locator("main table tbody a[href*='/studio/courses/']").first.click()
    expect(page).to_have_url(re.compile(r"/studio/courses/\d+/"))
    course_id = re.search(r"/studio/courses/(\d+)/", page.url).group(1)
    page.goto(product.url(f"/studio/courses/{course_id}/collaborators/", slug=slug))
    expect(page.locator("main h1")).to_be_visible()


def creator_profiles(page: Page, product: Product, slug: str) -> None:
    page.goto(product.url("/creator/profiles/"))
    expect(page.locator("main h1")).to_be_visible()


def creator_profile_edit(page: Page, product: Product, slug: str) -> None:
    creator_profiles(page, product, slug)
    page.locator("main a[href^='/creator/profiles/']:not([href$='/new/'])").first.click()
    expect(page).to_have_url(re.compile(r"/creator/profiles/\d+/$"))


def creator_dashboard(page: Page, product: Product, slug: str) -> None:
    page.goto(product.url("/creator/"))
    expect(page.locator("main h1")).to_be_visible()


def product_review(page: Page, product: Product, slug: str, prefix: str = "") -> None:
    page.goto(product.url(f"{prefix}/p/{COURSE_SLUG[slug]}/", slug=slug))
    expect(page).to_have_url(re.compile(r"/p/[^/]+/$"))
    page.goto(page.url + "review/")
    expect(page.locator("main form")).to_be_visible()


# (name, who sees it, how to reach it): "<name>@<org>.example" demo members sign in on the org's
# domain; a full email (a demo creator) signs in on the platform domain.
NEW_PAGES: list[tuple[str, str, Callable[..., None]]] = [
    ("product-credits", "owner", product_credits),
    ("payables", "owner", payables),
    ("reviews-moderation", "owner", reviews_moderation),
    ("studio-collaborators", "instructor", studio_collaborators),
    ("creator-profiles", CREATOR, creator_profiles),
    ("creator-profile-edit", CREATOR, creator_profile_edit),
    ("creator-dashboard", CREATOR, creator_dashboard),
    ("product-review", "vip", product_review),
]


def user_and_host(user: str, slug: str) -> tuple[str, str | None]:
    """The email to sign in with and the org slug of the host to sign in on (None: the platform)."""
    return (user, None) if "@" in user else (f"{user}@{slug}.example", slug)


def on_acme(reach: Callable[..., None]) -> Callable[[Page, Product], None]:
    return partial(reach, slug="acme")
