"""Storefronts wear their region's brand colour, with readable text on it."""

import pytest

from apps.storefront.templatetags.storefront import text_on
from tests.locale_region.factories import OrgBrandFactory


@pytest.mark.parametrize(
    ("colour", "text"),
    [("#1f4fd6", "#ffffff"), ("#0f172a", "#ffffff"), ("#ffd400", "#000000"), ("#f5f5f5", "#000000")],
)
def test_text_on_picks_the_more_readable_of_black_and_white(colour, text):
    assert text_on(colour) == text


def test_the_storefront_sets_the_brand_colours(shop, host_client, org_a):
    region = shop["regions"][0]
    region.brand = OrgBrandFactory(primary_color="#ffd400", secondary_color="#222222")
    region.save()
    client = host_client(org_a)
    content = client.get("/").content.decode()
    href = "/brand.css?primary=ffd400&amp;secondary=222222"
    assert f'<link rel="stylesheet" href="{href}">' in content
    css = client.get(href.replace("&amp;", "&")).content.decode()
    assert "--brand-primary: #ffd400; --brand-secondary: #222222; --brand-on-primary: #000000;" in css
