"""sitemap.xml carries each page's hreflang alternates (xhtml:link), the same set as the page's HTML."""

import re
import xml.etree.ElementTree as ET

from apps.product.services import product_translation_save
from tests.actors import TEST_ACTOR

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each <loc> with its alternates as {hreflang: href}."""
    root = ET.fromstring(client.get("/sitemap.xml").content)
    return {
        url.find("s:loc", NS).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        for url in root.findall("s:url", NS)
    }


def html_alternates(client, path: str) -> dict[str, str]:
    html = client.get(path).content.decode()
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))


def test_sitemap_urls_carry_the_pages_hreflang_alternates(shop, host_client, org_a):
    product_translation_save(
        actor=TEST_ACTOR,
        product=shop["product"],
        language_code="de-DE",
        title="Django für Teams",
        slug="django-fuer-teams",
    )
    client = host_client(org_a)
    entries = sitemap(client)
    eu_de = next(loc for loc in entries if loc.endswith("/eu/p/django-fuer-teams/"))
    alternates = entries[eu_de]
    assert alternates["de-DE"] == eu_de
    assert alternates["en-DE"].endswith("/eu/p/django-for-teams/?lang=en-US")
    assert alternates["es-MX"].endswith("/latam/p/django-for-teams/")
    assert alternates["x-default"] == alternates["en-US"]
    assert alternates["en-US"].endswith("/p/django-for-teams/") and "/us/" not in alternates["en-US"]
    # every language version of the page lists the same set, and it is the set the page's HTML has
    versions = [loc for loc in entries if "/p/django-f" in loc]
    assert len(versions) >= 5 and all(entries[loc] == alternates for loc in versions)
    assert alternates == html_alternates(client, "/eu/p/django-fuer-teams/")
    # every alternate URL is itself in the sitemap (the hreflang cluster is closed on this host)
    assert set(alternates.values()) <= set(entries)


def test_home_and_catalog_alternates(shop, host_client, org_a):
    client = host_client(org_a)
    entries = sitemap(client)
    home = next(loc for loc in entries if loc.endswith("/in/"))
    assert entries[home] == html_alternates(client, "/in/")
    assert entries[home]["hi-IN"] == home
    catalog = next(loc for loc in entries if loc.endswith("/latam/catalog/"))
    assert entries[catalog]["es-MX"] == catalog


def test_sitemap_declares_the_xhtml_namespace(shop, host_client, org_a):
    body = host_client(org_a).get("/sitemap.xml").content.decode()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in body
    assert body.count("<xhtml:link") > 0
