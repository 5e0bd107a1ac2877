import itertools
import re
from decimal import Decimal

import pytest
from babel.numbers import format_currency
from django.db import connection

from apps.course.models import Level
from apps.locale_region.selectors import storefront_content_changed
from apps.product.services import collection_products_set, product_translation_save
from tests.actors import TEST_ACTOR
from tests.course.factories import CourseFactory
from tests.product.factories import OrgProductCollectionFactory
from tests.storefront.conftest import priced_product


def get(client, path, **headers):
    return client.get(path, **headers)


def test_product_page_in_default_region_shows_usd_prices_and_tiers(shop, host_client, org_a):
    response = host_client(org_a).get("/p/django-for-teams/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Django for teams" in html
    assert "$49.00" in html and "$147.00" in html
    assert html.count(">Basic<") == 4 and ">VIP<" in html
    assert "Lifetime access" in html


@pytest.mark.parametrize(
    ("path", "headers", "expected_locale", "expected_price"),
    [
        ("/eu/p/django-for-teams/", {}, "de-DE", format_currency(Decimal("45"), "EUR", locale="de_DE")),
        ("/latam/p/django-for-teams/", {}, "es-MX", format_currency(Decimal("499"), "MXN", locale="es_MX")),
        ("/in/p/django-for-teams/", {}, "hi-IN", format_currency(Decimal("999"), "INR", locale="hi_IN")),
        ("/eg/p/django-for-teams/", {}, "ar-EG", format_currency(Decimal("1499"), "EGP", locale="ar_EG")),
        (
            "/eu/p/django-for-teams/?lang=en-US",
            {},
            "en-US",
            format_currency(Decimal("45"), "EUR", locale="en_US"),
        ),
        # country hint without a path prefix
        ("/p/django-for-teams/", {"HTTP_CF_IPCOUNTRY": "IN"}, "hi-IN", "₹999.00"),
        # Accept-Language region subtag as the country hint, and its language within the region's subset
        ("/p/django-for-teams/", {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}, "es-MX", "$499.00"),
    ],
)
def test_region_locale_and_currency_resolution(
    shop, host_client, org_a, path, headers, expected_locale, expected_price
):
    response = host_client(org_a).get(path, **headers)
    assert response.status_code == 200
    assert response["Content-Language"] == expected_locale
    assert expected_price in response.content.decode()


def test_path_prefix_beats_saved_choice_and_saved_choice_beats_country(shop, host_client, org_a):
    client = host_client(org_a)
    response = client.post("/region/", {"region": "latam"})
    assert response.status_code == 302
    assert response["Location"].endswith("/latam/")
    # saved choice beats a country hint
    assert "MX$" in client.get(
        "/p/django-for-teams/", HTTP_CF_IPCOUNTRY="IN"
    ).content.decode() or "$499.00" in (
        client.get("/p/django-for-teams/", HTTP_CF_IPCOUNTRY="IN").content.decode()
    )
    # a path prefix beats the saved choice
    assert client.get("/eu/p/django-for-teams/")["Content-Language"] == "de-DE"


def test_domain_beats_path_prefix(shop, host_client, org_a):
    from apps.locale_region.services import org_region_update
    from apps.org.models import OrgDomain

    eu = shop["regions"][1]
    org_region_update(actor=TEST_ACTOR,
        region=eu, countries=list(eu.countries.all()), locales=list(eu.locales.all()),
        access_type="domain", host="eu.alpha.example", path_prefix="",
    )  # fmt: skip
    connection.set_schema_to_public()
    from django.test import Client

    from apps.org.domains import org_domain_mark_verified

    assert Client(HTTP_HOST="eu.alpha.example").get("/p/django-for-teams/").status_code == 404  # pending
    org_domain_mark_verified(actor=TEST_ACTOR, domain=OrgDomain.objects.get(domain="eu.alpha.example"))

    response = Client(HTTP_HOST="eu.alpha.example").get("/latam/p/django-for-teams/")
    # the host decides the region; /latam/ is then just an unknown path on the EU domain
    assert response.status_code == 404
    response = Client(HTTP_HOST="eu.alpha.example").get("/p/django-for-teams/")
    assert response["Content-Language"] == "de-DE"
    assert '<link rel="canonical" href="http://eu.alpha.example' in response.content.decode()


def test_missing_translation_falls_back_along_the_chain(shop, host_client, org_a):
    # No de-DE translation: the EU page shows the org default (en-US) text, never an empty page.
    response = host_client(org_a).get("/eu/p/django-for-teams/")
    assert "Django for teams" in response.content.decode()
    product_translation_save(
        actor=TEST_ACTOR,
        product=shop["product"],
        language_code="de-DE",
        title="Django für Teams",
        slug="django-fuer-teams",
    )
    response = host_client(org_a).get("/eu/p/django-fuer-teams/")
    assert "Django für Teams" in response.content.decode()


def test_unknown_and_unpublished_slugs_get_the_designed_404(shop, host_client, org_a):
    response = host_client(org_a).get("/p/nope/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert host_client(org_a).get("/c/nope/").status_code == 404


def test_other_orgs_product_is_not_reachable(shop, host_client, org_b):
    assert host_client(org_b).get("/p/django-for-teams/").status_code == 404


def test_seo_tags_canonical_hreflang_and_opengraph(shop, host_client, org_a):
    product_translation_save(actor=TEST_ACTOR,
        product=shop["product"], language_code="de-DE", title="Django für Teams", slug="django-fuer-teams",
        seo_title="Django-Kurs", seo_description="Lernen",
    )  # fmt: skip
    html = host_client(org_a).get("/eu/p/django-fuer-teams/").content.decode()
    base = "http://alpha."
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    assert canonical.endswith("/eu/p/django-fuer-teams/")
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))
    assert alternates["de-DE"].endswith("/eu/p/django-fuer-teams/")
    assert alternates["en-DE"].endswith("/eu/p/django-for-teams/?lang=en-US")
    assert alternates["en-US"].endswith("/p/django-for-teams/")
    assert "/us/" not in alternates["en-US"]
    assert alternates["es-MX"].endswith("/latam/p/django-for-teams/")
    assert alternates["x-default"] == alternates["en-US"]
    assert '<meta property="og:title" content="Django-Kurs">' in html
    assert '<meta property="og:locale" content="de_DE">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert base in canonical


def test_sitemap_lists_every_region_and_locale(shop, host_client, org_a):
    response = host_client(org_a).get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    locs = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert any(loc.endswith("/p/django-for-teams/") and "/eu/" not in loc for loc in locs)
    assert any(loc.endswith("/eu/p/django-for-teams/") for loc in locs)
    assert any(loc.endswith("/eu/p/django-for-teams/?lang=en-US") for loc in locs)
    assert any(loc.endswith("/in/catalog/") for loc in locs)
    assert len(locs) == len(set(locs))


def test_robots_txt(shop, host_client, org_a):
    response = host_client(org_a).get("/robots.txt")
    body = response.content.decode()
    assert "Disallow: /manage/" in body
    assert re.search(r"Sitemap: http://alpha\.[^/]+(:\d+)?/sitemap.xml", body)


def test_catalog_filters_and_search(shop, host_client, org_a):
    priced_product(shop["regions"], title="Pottery mug", slug="pottery-mug")
    client = host_client(org_a)
    html = client.get("/catalog/?q=pottery").content.decode()
    assert "Pottery mug" in html and "Django for teams" not in html
    html = client.get("/catalog/?max=48").content.decode()
    assert "Pottery mug" not in html
    html = client.get("/catalog/?min=49&max=49").content.decode()
    assert "Pottery mug" in html and "Django for teams" in html
    html = client.get("/catalog/?type=physical").content.decode()
    assert "No products match" in html


def test_catalog_level_filter_keeps_the_courses_at_that_level(shop, host_client, org_a):
    CourseFactory(product__title="Kiln firing for experts", level=Level.EXPERT)
    CourseFactory(product__title="Clay for beginners", level=Level.BEGINNER)
    html = host_client(org_a).get("/catalog/?level=expert").content.decode()
    assert "Kiln firing for experts" in html
    assert "Clay for beginners" not in html and "Django for teams" not in html


def _uncached(client) -> None:
    """Make the next page render from the database: a new content version, the market snapshot
    already rebuilt (by robots.txt), so the count below is the page's own queries."""
    storefront_content_changed()
    client.get("/robots.txt")


def test_product_page_query_count_is_fixed(
    shop, host_client, org_a, django_assert_max_num_queries, django_assert_num_queries
):
    client = host_client(org_a)
    client.get("/eu/p/django-for-teams/")  # warm the host and market caches
    _uncached(client)
    with django_assert_max_num_queries(11):  # 9, then the approved reviews and the questions
        response = client.get("/eu/p/django-for-teams/")
    assert response.status_code == 200
    assert response.content.decode().count('class="card plan') == 12
    with django_assert_num_queries(0):  # from the page cache
        assert client.get("/eu/p/django-for-teams/").content.decode().count('class="card plan') == 12


def test_catalog_query_count_is_fixed_for_50_products(
    shop, host_client, org_a, django_assert_max_num_queries, django_assert_num_queries
):
    for number in range(49):
        priced_product(shop["regions"][:2], title=f"Product {number}", slug=f"product-{number}")
    client = host_client(org_a)
    client.get("/catalog/")
    _uncached(client)
    with django_assert_max_num_queries(4):
        response = client.get("/catalog/")
    assert response.status_code == 200
    assert response.content.decode().count("product-card") == 24
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
    with django_assert_num_queries(0):  # from the page cache
        assert client.get("/catalog/").content.decode().count("product-card") == 24
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(4):  # a search is not cached
        assert client.get("/catalog/?q=product").content.decode().count("product-card") == 24


@pytest.mark.parametrize("path", ["/", "/catalog/", "/c/hostile-order/"])
def test_headings_never_skip_a_level(shop, host_client, org_a, path):
    from tests.actors import TEST_ACTOR

    collection = OrgProductCollectionFactory(slug="hostile-order", title="Picks")
    collection_products_set(actor=TEST_ACTOR, collection=collection, product_ids=[shop["product"].pk])
    html = host_client(org_a).get(path).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]
    assert levels and levels[0] == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), levels
