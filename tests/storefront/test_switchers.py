"""One language rule on every page of an org's hosts: the switchers offer the region's languages,
a choice sticks, and choosing a region keeps the visitor on the page they were reading."""

import re

import pytest

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _header_links(html: str) -> dict[str, str]:
    switcher = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return {key: url for url, key in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', switcher)}


def _footer_options(html: str) -> list[str]:
    footer = html.split('<footer class="site-footer">', 1)[1]
    return re.findall(r'<option value="([^"]+)"', footer)


def _path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).replace("&amp;", "&")


def test_each_language_link_names_its_language_so_it_beats_the_browser(shop, host_client, org_a):
    client = host_client(org_a)
    links = _header_links(client.get("/eg/", **ENGLISH_BROWSER).content.decode())
    assert set(links) == {"ar-EG", "en-US"}
    assert _path_of(links["ar-EG"]) == "/eg/?lang=ar-EG"
    assert client.get(_path_of(links["ar-EG"]), **ENGLISH_BROWSER)["Content-Language"] == "ar-EG"


def test_a_language_choice_sticks_and_can_be_changed_back(shop, host_client, org_a):
    client = host_client(org_a)
    client.get("/eg/?lang=ar-EG", **ENGLISH_BROWSER)
    assert client.get("/eg/", **ENGLISH_BROWSER)["Content-Language"] == "ar-EG"  # sticks
    client.get("/eg/?lang=en-US", **ENGLISH_BROWSER)
    assert client.get("/eg/", **ENGLISH_BROWSER)["Content-Language"] == "en-US"
    links = _header_links(client.get("/eg/", **ENGLISH_BROWSER).content.decode())
    client.get(_path_of(links["ar-EG"]), **ENGLISH_BROWSER)
    assert client.get("/eg/p/django-for-teams/", **ENGLISH_BROWSER)["Content-Language"] == "ar-EG"


def test_the_footer_offers_the_regions_languages_only(shop, host_client, org_a):
    client = host_client(org_a)
    assert _footer_options(client.get("/eg/").content.decode()) == ["ar-EG", "en-US"]
    assert _footer_options(client.get("/").content.decode()) == ["en-US"]  # the US region: no Arabic


def test_the_footer_choice_sets_the_storefront_and_the_interface_language(shop, host_client, org_a):
    client = host_client(org_a)
    response = client.post(
        "/eg/language/", {"language": "ar-EG", "next": "/eg/p/django-for-teams/?lang=en-US"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/eg/p/django-for-teams/"  # without the lang that would override it
    assert response.cookies["django_language"].value == "ar"
    assert client.get("/eg/p/django-for-teams/", **ENGLISH_BROWSER)["Content-Language"] == "ar-EG"


@pytest.mark.parametrize("language", ["de-DE", "xx", ""])
def test_a_language_the_region_does_not_offer_is_refused_with_a_message(shop, host_client, org_a, language):
    client = host_client(org_a)
    client.get("/eg/?lang=en-US")
    response = client.post("/eg/language/", {"language": language, "next": "/eg/"})
    assert response.status_code == 302
    assert "django_language" not in response.cookies
    page = client.get("/eg/", follow=True)
    assert page["Content-Language"] == "en-US"
    assert "This language is not offered here." in page.content.decode()


@pytest.mark.parametrize("next_path", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_the_switchers_never_redirect_off_site(shop, host_client, org_a, next_path):
    client = host_client(org_a)
    assert client.post("/eg/language/", {"language": "ar-EG", "next": next_path})["Location"] == "/"
    assert client.post("/region/", {"region": "latam", "next": next_path})["Location"].endswith("/latam/")


def test_choosing_a_region_keeps_the_visitor_on_the_same_page(shop, host_client, org_a):
    client = host_client(org_a)
    html = client.get("/eu/p/django-for-teams/").content.decode()
    assert '<input type="hidden" name="next" value="/p/django-for-teams/">' in html
    response = client.post("/eu/region/", {"region": "latam", "next": "/p/django-for-teams/"})
    assert _path_of(response["Location"]) == "/latam/p/django-for-teams/"
    page = client.get(_path_of(response["Location"]))
    assert (page.status_code, page["Content-Language"]) == (200, "es-MX")
