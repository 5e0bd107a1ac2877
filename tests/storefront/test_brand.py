"""Storefronts wear their region's brand colour, with readable text on it."""

import pytest

from apps.storefront.templatetags.storefront import text_on
from apps.storefront.views import language_name
from tests.locale_region.factories import OrgBrandFactory


@pytest.mark.parametrize(
    ("colour", "text"),
    [("#1f4fd6", "#ffffff"), ("#0f172a", "#ffffff"), ("#ffd400", "#000000"), ("#f5f5f5", "#000000")],
)
def test_text_on_picks_the_more_readable_of_black_and_white(colour, text):
    assert text_on(colour) == text


def test_the_storefront_sets_the_brand_colours(shop, host_client, org_a):
    region = shop["regions"][0]
    region.brand = brand = OrgBrandFactory(primary_color="#ffd400", secondary_color="#222222")
    region.save()
    content = host_client(org_a).get("/").content.decode()
    assert (
        f"--brand-primary: {brand.primary_color}; --brand-secondary: {brand.secondary_color}; "
        "--brand-on-primary: #000000;"
    ) in content


@pytest.mark.parametrize(
    ("key", "name"), [("en-US", "English"), ("es-MX", "Español"), ("ar-AE", "العربية"), ("de-DE", "Deutsch")]
)
def test_the_language_switcher_names_languages_in_their_own_words(key, name):
    assert language_name(key) == name
