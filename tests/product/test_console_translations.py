"""The console shows content along the org's chain: its default locale, then its other locales."""

import pytest

from apps.locale_region.models import OrgLocale
from apps.locale_region.services import org_locale_set_default
from apps.member.models import OrgMember
from apps.product.services import collection_create, collection_translation_save, product_translation_save
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.product.factories import OrgProductFactory


@pytest.fixture
def console(org_a, in_org, host_client):
    """org_a (en-US default, es-MX, de-DE) with a product and a collection first written in es-MX."""
    in_org(org_a)
    market(3)
    product = OrgProductFactory(language_code="es-MX", title="Cerámica", slug="ceramica")
    product_translation_save(
        actor=TEST_ACTOR, product=product, language_code="en-US", title="Pottery", slug="pottery"
    )
    collection = collection_create(actor=TEST_ACTOR, language_code="es-MX", title="Ofertas", slug="ofertas")
    collection_translation_save(
        actor=TEST_ACTOR, collection=collection, language_code="en-US", title="Deals", slug="deals"
    )
    client = host_client(org_a, OrgMemberFactory(role=OrgMember.Role.ADMIN).user)
    return client, product, collection


def _titles(client, product, collection) -> dict[str, bool]:
    products = client.get("/manage/catalog/products/").content.decode()
    collections = client.get("/manage/catalog/collections/").content.decode()
    link = f'<a href="/manage/catalog/collections/{collection.pk}/">'
    return {
        "Pottery": f'/manage/catalog/products/{product.pk}/">Pottery</a>' in products,
        "Cerámica": f'/manage/catalog/products/{product.pk}/">Cerámica</a>' in products,
        "Deals": f"{link}Deals</a>" in collections,
        "Ofertas": f"{link}Ofertas</a>" in collections,
    }


def test_lists_show_the_default_locale_whatever_was_written_first(console):
    client, product, collection = console
    assert _titles(client, product, collection) == {
        "Pottery": True, "Cerámica": False, "Deals": True, "Ofertas": False,
    }  # fmt: skip


def test_a_new_default_locale_comes_first_at_once(console):
    client, product, collection = console
    org_locale_set_default(actor=TEST_ACTOR, org_locale=OrgLocale.objects.get(locale__locale_key="es-MX"))
    assert _titles(client, product, collection) == {
        "Pottery": False, "Cerámica": True, "Deals": False, "Ofertas": True,
    }  # fmt: skip


def test_collection_pages_are_titled_in_the_default_locale(console):
    client, _product, collection = console
    detail = client.get(f"/manage/catalog/collections/{collection.pk}/").content.decode()
    assert "<title>Deals" in detail and "<title>Ofertas" not in detail
    delete = client.get(f"/manage/catalog/collections/{collection.pk}/delete/").content.decode()
    assert "Delete the collection “Deals”?" in delete and "“Ofertas”" not in delete


@pytest.mark.parametrize(
    ("locale_key", "title", "is_missing"),
    [("es-MX", "Cerámica", False), ("en-US", "Pottery", False), ("de-DE", "", True)],
)
def test_a_translation_form_holds_that_locale_only(console, locale_key, title, is_missing):
    client, product, _collection = console
    html = client.get(f"/manage/catalog/products/{product.pk}/translations/{locale_key}/").content.decode()
    assert ("Missing translation" in html) is is_missing
    values = {name: f'name="title" value="{name}"' in html for name in ("Cerámica", "Pottery")}
    assert values == {"Cerámica": title == "Cerámica", "Pottery": title == "Pottery"}


def test_saving_a_translation_with_htmx_sends_the_browser_to_the_product_page(console):
    """htmx follows a plain redirect itself and would swap the whole product page into the form;
    the console answers it with HX-Redirect instead."""
    client, product, _collection = console
    url = f"/manage/catalog/products/{product.pk}/translations/de-DE/"
    response = client.post(url, {"title": "Töpfern", "slug": "toepfern"}, HTTP_HX_REQUEST="true")
    assert (response.status_code, response["HX-Redirect"]) == (204, f"/manage/catalog/products/{product.pk}/")
    assert response.content == b""
    without_htmx = client.post(url, {"title": "Töpfern", "slug": "toepfern"})
    assert (without_htmx.status_code, without_htmx["Location"]) == (
        302,
        f"/manage/catalog/products/{product.pk}/",
    )
