"""Console: product details after creation, product skills, collections and tax categories."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from apps.console.views.collections import reordered
from apps.member.models import OrgMember
from apps.product.models import (
    OrgProduct,
    OrgProductCollection,
    OrgProductCollectionProduct,
    OrgProductSkill,
    OrgTaxCategory,
)
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import OrgBrandFactory, market
from tests.member.factories import OrgMemberFactory
from tests.product.factories import (
    OrgProductCollectionFactory,
    OrgProductDigitalFactory,
    OrgProductFactory,
    OrgProductPhysicalFactory,
    OrgProductServiceFactory,
    OrgTaxCategoryFactory,
)
from tests.skill.factories import SkillFactory


@pytest.fixture
def admin(org_a, in_org):
    in_org(org_a)
    return OrgMemberFactory(role=OrgMember.Role.ADMIN).user


@pytest.fixture
def console(admin, host_client, org_a):
    market(3)
    return host_client(org_a, admin)


PHYSICAL = {"sku": "X", "weight_grams": 1, "stock_count": 1}
SETTINGS = {"kind": "topic", "position": 0, "is_published": "on"}
ADD = {"action": "add"}


class _FormFields(HTMLParser):
    """What a browser submits from the form that posts to ``action``: its named inputs, selects and
    textareas with their current values (file inputs send no file, unchecked checkboxes nothing)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.in_form, self.data = action, False, {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("action") == self.action
        elif not self.in_form or "name" not in attrs:
            if tag == "option" and self.select and ("selected" in attrs or self.select not in self.data):
                self.data[self.select] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") not in ("file", "submit", "checkbox"):
            self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "input" and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[attrs["name"]] = attrs.get("value", "on")
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.data[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def form_data(client: Client, url: str) -> dict[str, str]:
    """GET ``url`` and return what submitting its form unchanged would post."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields(url)
    parser.feed(response.content.decode())
    assert parser.data, f"no form posting to {url}"
    return parser.data


def entry_ids(collection) -> list[int]:
    return list(
        OrgProductCollectionProduct.objects.filter(collection=collection)
        .order_by("position")
        .values_list("product_id", flat=True)
    )


# Product details --------------------------------------------------------------------------------------


def test_edit_brand_tax_category_and_physical_fields(console):
    physical = OrgProductPhysicalFactory(sku="MUG-1", weight_grams=300, stock_count=5)
    product = physical.product
    brand, tax = OrgBrandFactory(name="Acme Press"), OrgTaxCategoryFactory(name="Books")
    url = f"/manage/catalog/products/{product.pk}/edit/"
    html = console.get(url).content.decode()
    assert 'value="MUG-1"' in html and 'for="id_stock_count"' in html and "id_duration_minutes" not in html
    data = {
        "brand": brand.pk,
        "tax_category": tax.pk,
        "sku": "MUG-2",
        "weight_grams": "320",
        "stock_count": "9",
    }
    assert console.post(url, data).status_code == 302
    product = OrgProduct.objects.select_related("physical").get(pk=product.pk)
    assert (product.brand, product.tax_category) == (brand, tax)
    assert (product.physical.sku, product.physical.weight_grams, product.physical.stock_count) == (
        "MUG-2",
        320,
        9,
    )
    detail = console.get(f"/manage/catalog/products/{product.pk}/").content.decode()
    assert "Acme Press" in detail and "Books" in detail and "MUG-2" in detail


def test_edit_service_fields(console):
    product = OrgProductFactory(product_type="service")
    url = f"/manage/catalog/products/{product.pk}/edit/"
    data = {"duration_minutes": "90", "delivery_mode": "hybrid"}
    assert console.post(url, data).status_code == 302
    product.refresh_from_db()
    assert (product.service.duration_minutes, product.service.delivery_mode) == (90, "hybrid")


def test_clearing_the_download_limit_in_the_form_makes_it_unlimited(console):
    digital = OrgProductDigitalFactory(file_name="kit.zip", download_limit=5)
    url = f"/manage/catalog/products/{digital.product_id}/edit/"
    data = form_data(console, url)
    assert data["download_limit"] == "5" and data["file_name"] == "kit.zip"
    data["download_limit"] = ""  # what a browser sends for an emptied number input
    response = console.post(url, data)
    assert response.status_code == 302, response.content.decode()
    digital.refresh_from_db()
    assert (digital.download_limit, digital.file_name) == (None, "kit.zip")
    detail = console.get(f"/manage/catalog/products/{digital.product_id}/").content.decode()
    assert "<dt>Download limit</dt><dd>Unlimited</dd>" in detail


def test_clearing_the_file_name_stores_it_empty_and_keeps_the_limit(console):
    digital = OrgProductDigitalFactory(file_name="kit.zip", download_limit=5)
    url = f"/manage/catalog/products/{digital.product_id}/edit/"
    data = form_data(console, url) | {"file_name": ""}
    assert console.post(url, data).status_code == 302
    digital.refresh_from_db()
    assert (digital.download_limit, digital.file_name) == (5, "")


def test_type_fields_not_submitted_keep_their_values(console):
    digital = OrgProductDigitalFactory(file_name="kit.zip", download_limit=5)
    url = f"/manage/catalog/products/{digital.product_id}/edit/"
    assert console.post(url, {"image_url": "https://example.com/kit.png"}).status_code == 302
    digital.refresh_from_db()
    assert (digital.download_limit, digital.file_name) == (5, "kit.zip")
    assert digital.product.image_url == "https://example.com/kit.png"
    data = form_data(console, url) | {"download_limit": "3"}
    del data["file_name"]
    assert console.post(url, data).status_code == 302
    digital.refresh_from_db()
    assert (digital.download_limit, digital.file_name) == (3, "kit.zip")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "Ensure this value is greater than or equal to 1."),
        ("0", "Ensure this value is greater than or equal to 1."),
        ("many", "Enter a whole number."),
    ],
)
def test_bad_download_limit_is_a_form_error_and_saves_nothing(console, value, message):
    digital = OrgProductDigitalFactory(file_name="kit.zip", download_limit=5)
    url = f"/manage/catalog/products/{digital.product_id}/edit/"
    data = form_data(console, url) | {"download_limit": value, "file_name": "other.zip"}
    response = console.post(url, data)
    assert response.status_code == 400 and message in response.content.decode()
    digital.refresh_from_db()
    assert (digital.download_limit, digital.file_name) == (5, "kit.zip")


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (OrgProductPhysicalFactory, "weight_grams"),
        (OrgProductPhysicalFactory, "stock_count"),
        (OrgProductServiceFactory, "duration_minutes"),
    ],
)
def test_clearing_a_required_type_number_is_a_form_error_and_saves_nothing(console, factory, field):
    """Weight, stock and duration always have a value (0 grams, 0 in stock, 60 minutes by default)."""
    extension = factory(**{field: 7})
    url = f"/manage/catalog/products/{extension.product_id}/edit/"
    data = form_data(console, url)
    assert data[field] == "7"
    response = console.post(url, data | {field: ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    extension.refresh_from_db()
    assert getattr(extension, field) == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sku": "TAKEN", "weight_grams": "1", "stock_count": "1"}, "Another product already uses this SKU."),
        ({"sku": "NEW", "weight_grams": "1", "stock_count": "-1"}, "greater than or equal to 0"),
        ({"sku": "", "weight_grams": "1", "stock_count": "1"}, "This field is required."),
        ({"sku": "NEW", "weight_grams": "1", "stock_count": "1", "brand": "999999"}, "Select a valid choice"),
    ],
)
def test_bad_product_edit_is_a_form_error_and_saves_nothing(console, data, message):
    OrgProductPhysicalFactory(sku="TAKEN")
    physical = OrgProductPhysicalFactory(sku="MINE", stock_count=3)
    response = console.post(f"/manage/catalog/products/{physical.product_id}/edit/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    physical.refresh_from_db()
    assert (physical.sku, physical.stock_count, physical.product.brand_id) == ("MINE", 3, None)


# Skills -----------------------------------------------------------------------------------------------


def test_skill_weights_add_change_and_remove(console):
    product = OrgProductFactory()
    parent = SkillFactory(slug="test-web-craft", name="Web craft")
    django_skill = SkillFactory(slug="test-django-craft", name="Django craft", parent=parent)
    url = f"/manage/catalog/products/{product.pk}/skills/"
    detail = console.get(f"/manage/catalog/products/{product.pk}/").content.decode()
    assert "\u2014 Django craft" in detail  # the picker shows the taxonomy's depth
    assert console.post(url, {"skill": django_skill.pk, "weight": "80"}).status_code == 302
    assert console.post(url, {"skill": django_skill.pk, "weight": "60"}).status_code == 302
    assert list(OrgProductSkill.objects.values_list("skill_id", "weight")) == [(django_skill.pk, 60)]
    assert "Django craft" in console.get(f"/manage/catalog/products/{product.pk}/").content.decode()
    assert console.post(f"{url}{django_skill.pk}/remove/").status_code == 302
    assert OrgProductSkill.objects.count() == 0


@pytest.mark.parametrize("weight", ["0", "101", "abc"])
def test_skill_weight_out_of_range_is_a_form_error(console, weight):
    product = OrgProductFactory()
    skill = SkillFactory()
    response = console.post(
        f"/manage/catalog/products/{product.pk}/skills/", {"skill": skill.pk, "weight": weight}
    )
    assert response.status_code == 400
    assert 'class="field__error"' in response.content.decode()
    assert OrgProductSkill.objects.count() == 0


def test_inactive_or_unknown_skill_cannot_be_picked(console):
    product = OrgProductFactory()
    inactive = SkillFactory(is_active=False)
    for skill_id in (inactive.pk, 999999):
        response = console.post(
            f"/manage/catalog/products/{product.pk}/skills/", {"skill": skill_id, "weight": 5}
        )
        assert response.status_code == 400
    assert OrgProductSkill.objects.count() == 0


# Collections ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "expected"),
    [("add", [1, 2, 3, 4]), ("remove", [1, 3]), ("up", [2, 1, 3]), ("down", [1, 3, 2])],
)
def test_reordered(action, expected):
    product_id = 4 if action == "add" else 2
    assert reordered([1, 2, 3], product_id, action) == expected
    assert reordered([1, 2, 3], 1, "up") == [1, 2, 3] and reordered([1, 2, 3], 3, "down") == [1, 2, 3]


def test_collection_create_translate_and_missing_state(console):
    data = {"title": "Featured", "slug": "", "kind": "featured", "position": "0", "is_published": "on"}
    response = console.post("/manage/catalog/collections/new/", data)
    collection = OrgProductCollection.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/manage/catalog/collections/{collection.pk}/"
    )
    collection.set_current_language("en-US")
    assert (collection.title, collection.slug, collection.kind, collection.is_published) == (
        "Featured", "featured", "featured", True,
    )  # fmt: skip
    html = console.get("/manage/catalog/collections/").content.decode()
    assert "es-MX missing" in html and "de-DE missing" in html
    detail = console.get(f"/manage/catalog/collections/{collection.pk}/").content.decode()
    assert detail.count("Missing translation") == 4  # es-MX, de-DE, hi-IN, ar-EG (market(3) authors in 5)
    url = f"/manage/catalog/collections/{collection.pk}/translations/es-MX/"
    assert "Missing translation" in console.get(url).content.decode()
    assert console.post(url, {"title": "Destacados", "slug": "destacados"}).status_code == 302
    assert "es-MX missing" not in console.get("/manage/catalog/collections/").content.decode()
    collection = OrgProductCollection.objects.get()
    collection.set_current_language("es-MX")
    assert (collection.title, collection.slug) == ("Destacados", "destacados")


def test_collection_translation_errors_save_nothing(console):
    OrgProductCollectionFactory(title="Taken", slug="taken")
    collection = OrgProductCollectionFactory(title="Mine", slug="mine")
    url = f"/manage/catalog/collections/{collection.pk}/translations/en-US/"
    response = console.post(url, {"title": "Mine", "slug": "taken"})
    assert (
        response.status_code == 400
        and "This slug is already used in this language." in response.content.decode()
    )
    assert console.post(url, {"title": "", "slug": "x"}).status_code == 400
    assert console.get(f"/manage/catalog/collections/{collection.pk}/translations/fr-FR/").status_code == 404
    collection.refresh_from_db()
    collection.set_current_language("en-US")
    assert (collection.title, collection.slug) == ("Mine", "mine")


def test_collection_settings_and_products_add_remove_order(console):
    collection = OrgProductCollectionFactory(is_published=False)
    one, two, three = (OrgProductFactory(title=f"P{n}") for n in (1, 2, 3))
    url = f"/manage/catalog/collections/{collection.pk}/products/"
    for product in (one, two, three):
        assert console.post(url, {"action": "add", "product": product.pk}).status_code == 302
    assert entry_ids(collection) == [one.pk, two.pk, three.pk]
    console.post(url, {"action": "up", "product": three.pk})
    assert entry_ids(collection) == [one.pk, three.pk, two.pk]
    console.post(url, {"action": "down", "product": one.pk})
    assert entry_ids(collection) == [three.pk, one.pk, two.pk]
    console.post(url, {"action": "remove", "product": one.pk})
    assert entry_ids(collection) == [three.pk, two.pk]
    html = console.get(f"/manage/catalog/collections/{collection.pk}/").content.decode()
    assert html.index(">P3<") < html.index(">P2<")
    assert f'<option value="{one.pk}">P1</option>' in html  # removed products are offered again
    settings = {"kind": "topic", "position": "3", "is_published": "on"}
    assert console.post(f"/manage/catalog/collections/{collection.pk}/", settings).status_code == 302
    collection.refresh_from_db()
    assert (collection.kind, collection.position, collection.is_published) == ("topic", 3, True)
    assert (
        console.post(
            f"/manage/catalog/collections/{collection.pk}/", {"kind": "x", "position": "-1"}
        ).status_code
        == 400
    )
    collection.refresh_from_db()
    assert (collection.kind, collection.position) == ("topic", 3)


def test_collection_bad_product_ids_change_nothing(console):
    collection = OrgProductCollectionFactory()
    product = OrgProductFactory()
    url = f"/manage/catalog/collections/{collection.pk}/products/"
    console.post(url, {"action": "add", "product": product.pk})
    for data in (
        {"action": "add", "product": 999999},
        {"action": "add", "product": "x"},
        {"action": "burn", "product": product.pk},
    ):
        assert console.post(url, data).status_code == 302
    assert entry_ids(collection) == [product.pk]
    response = console.post(url, {"action": "add", "product": 999999}, follow=True)
    assert "Choose products of this organization." in response.content.decode()


def test_collection_list_query_count_is_fixed(console, django_assert_max_num_queries):
    for number in range(8):
        collection = OrgProductCollectionFactory(title=f"C{number}", slug=f"c-{number}")
        for product_number in range(3):
            product = OrgProductFactory(
                title=f"P{number}-{product_number}", slug=f"p-{number}-{product_number}"
            )
            OrgProductCollectionProduct.objects.create(collection=collection, product=product)
    console.get("/manage/catalog/collections/")
    with django_assert_max_num_queries(10):
        response = console.get("/manage/catalog/collections/")
    assert response.content.decode().count("/manage/catalog/collections/") >= 8


def test_collection_detail_query_count_is_fixed(console, django_assert_max_num_queries):
    collection = OrgProductCollectionFactory()
    for number in range(10):
        OrgProductFactory(title=f"P{number}", slug=f"p{number}")
    ids = list(OrgProduct.objects.values_list("pk", flat=True))
    console.post(
        f"/manage/catalog/collections/{collection.pk}/products/", {"action": "add", "product": ids[0]}
    )
    from apps.product.services import collection_products_set

    collection_products_set(actor=TEST_ACTOR, collection=collection, product_ids=ids[:6])
    console.get(f"/manage/catalog/collections/{collection.pk}/")
    with django_assert_max_num_queries(14):
        assert console.get(f"/manage/catalog/collections/{collection.pk}/").status_code == 200


def _storefront_page(client: Client, path: str, django_assert_num_queries) -> str:
    """GET ``path`` twice; the second answer comes from the storefront cache (no query at all)."""
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(path)
    return response.content.decode()


@pytest.mark.parametrize("role", [OrgMember.Role.ADMIN, OrgMember.Role.OWNER])
def test_collection_delete_asks_first_then_removes_it_from_console_and_storefront(
    org_a, in_org, host_client, django_assert_num_queries, role
):
    in_org(org_a)
    market(3)
    client = host_client(org_a, OrgMemberFactory(role=role).user)
    collection = OrgProductCollectionFactory(title="Spring picks", slug="spring-picks")
    product = OrgProductFactory(title="Pottery basics", status=OrgProduct.Status.PUBLISHED)
    OrgProductCollectionFactory(title="Kept picks", slug="kept-picks")
    client.post(f"/manage/catalog/collections/{collection.pk}/products/", ADD | {"product": product.pk})
    visitor = host_client(org_a)
    assert "Spring picks" in _storefront_page(visitor, "/", django_assert_num_queries)
    assert "Spring picks" in _storefront_page(visitor, "/c/spring-picks/", django_assert_num_queries)

    delete_url = f"/manage/catalog/collections/{collection.pk}/delete/"
    detail = client.get(f"/manage/catalog/collections/{collection.pk}/").content.decode()
    assert f'href="{delete_url}"' in detail and "Delete collection" in detail
    confirm = client.get(delete_url)  # the confirmation step: asks, deletes nothing
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert f'<form method="post" action="{delete_url}"' in html and "Spring picks" in html
    assert OrgProductCollection.objects.filter(pk=collection.pk).exists()

    response = client.post(delete_url, follow=True)
    assert response.redirect_chain == [("/manage/catalog/collections/", 302)]
    listing = response.content.decode()
    assert "Collection deleted." in listing
    assert "Spring picks" not in listing and "Kept picks" in listing
    assert not OrgProductCollection.objects.filter(pk=collection.pk).exists()
    assert OrgProductCollectionProduct.objects.count() == 0
    assert OrgProduct.objects.filter(pk=product.pk).exists()  # the products stay in the catalog
    home = visitor.get("/").content.decode()
    assert "Spring picks" not in home and "Kept picks" in home
    assert visitor.get("/c/spring-picks/").status_code == 404
    assert client.get(f"/manage/catalog/collections/{collection.pk}/").status_code == 404


def test_collection_delete_of_an_unknown_id_is_404(console):
    collection = OrgProductCollectionFactory()
    url = "/manage/catalog/collections/999999/delete/"
    assert (console.get(url).status_code, console.post(url).status_code) == (404, 404)
    assert list(OrgProductCollection.objects.values_list("pk", flat=True)) == [collection.pk]


# Tax categories ---------------------------------------------------------------------------------------


def test_tax_category_crud(console):
    assert (
        console.post("/manage/catalog/tax/", {"code": "e-services", "name": "E-services"}).status_code == 302
    )
    category = OrgTaxCategory.objects.get()
    OrgProductFactory(tax_category=category)
    html = console.get("/manage/catalog/tax/").content.decode()
    assert "E-services" in html and "<td>1</td>" in html
    data = {"code": "digital", "name": "Digital services"}
    assert console.post(f"/manage/catalog/tax/{category.pk}/", data).status_code == 302
    category.refresh_from_db()
    assert (category.code, category.name) == ("digital", "Digital services")
    assert console.post(f"/manage/catalog/tax/{category.pk}/delete/").status_code == 302
    assert OrgTaxCategory.objects.count() == 0
    assert OrgProduct.objects.get().tax_category is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "taken", "name": "Other"}, "Another tax category already uses this code."),
        ({"code": "not a slug", "name": "Other"}, "Enter a valid"),
        ({"code": "fine", "name": ""}, "This field is required."),
        ({"code": "fine", "name": "Fine", "name__ar": "ض" * 121}, "at most 120 characters"),
    ],
)
def test_bad_tax_category_input_saves_nothing(console, data, message):
    OrgTaxCategoryFactory(code="taken", name="Taken")
    response = console.post("/manage/catalog/tax/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert list(OrgTaxCategory.objects.values_list("code", flat=True)) == ["taken"]


def test_tax_category_names_in_each_interface_language(console):
    data = {"code": "books", "name": "Printed books", "name__es": " Libros impresos ", "name__ar": ""}
    assert console.post("/manage/catalog/tax/", data).status_code == 302
    category = OrgTaxCategory.objects.get()
    assert category.name_translations == {"es": "Libros impresos"}
    OrgProductFactory(tax_category=category)
    html = console.get("/manage/catalog/tax/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Libros impresos" in html and "Printed books" not in html
    form = console.get(f"/manage/catalog/tax/{category.pk}/").content.decode()
    assert 'name="name__es"' in form and 'value="Libros impresos"' in form


def test_tax_list_query_count_is_fixed(console, django_assert_max_num_queries):
    for _ in range(6):
        OrgProductFactory(tax_category=OrgTaxCategoryFactory())
    console.get("/manage/catalog/tax/")
    with django_assert_max_num_queries(10):
        assert console.get("/manage/catalog/tax/").status_code == 200


# Permissions and isolation ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [OrgMember.Role.LEARNER, OrgMember.Role.INSTRUCTOR])
def test_non_admins_get_403_and_change_nothing(org_a, in_org, host_client, role):
    in_org(org_a)
    market(1)
    physical = OrgProductPhysicalFactory(sku="KEEP")
    collection = OrgProductCollectionFactory(is_published=False)
    category = OrgTaxCategoryFactory(name="Kept")
    skill = SkillFactory()
    client = host_client(org_a, OrgMemberFactory(role=role).user)
    product_id = physical.product_id
    attempts = [
        ("get", f"/manage/catalog/products/{product_id}/edit/", {}),
        ("post", f"/manage/catalog/products/{product_id}/edit/", PHYSICAL),
        ("post", f"/manage/catalog/products/{product_id}/skills/", {"skill": skill.pk, "weight": 50}),
        ("get", "/manage/catalog/collections/", {}),
        ("post", "/manage/catalog/collections/new/", {"title": "X", "kind": "topic", "position": 0}),
        ("post", f"/manage/catalog/collections/{collection.pk}/", SETTINGS),
        ("post", f"/manage/catalog/collections/{collection.pk}/products/", ADD | {"product": product_id}),
        ("post", f"/manage/catalog/collections/{collection.pk}/translations/en-US/", {"title": "Hacked"}),
        ("get", f"/manage/catalog/collections/{collection.pk}/delete/", {}),
        ("post", f"/manage/catalog/collections/{collection.pk}/delete/", {}),
        ("get", "/manage/catalog/tax/", {}),
        ("post", "/manage/catalog/tax/", {"code": "x", "name": "X"}),
        ("post", f"/manage/catalog/tax/{category.pk}/delete/", {}),
    ]  # fmt: skip
    for method, url, data in attempts:
        assert getattr(client, method)(url, data).status_code == 403, url
    physical.refresh_from_db()
    collection.refresh_from_db()
    collection.set_current_language("en-US")
    assert physical.sku == "KEEP" and OrgProductSkill.objects.count() == 0
    assert (collection.is_published, collection.title, collection.entries.count()) == (False, "Featured", 0)
    assert OrgProductCollection.objects.count() == 1
    assert list(OrgTaxCategory.objects.values_list("name", flat=True)) == ["Kept"]


def test_another_orgs_admin_gets_404_and_changes_nothing(org_a, org_b, in_org, host_client):
    in_org(org_a)
    market(1)
    physical = OrgProductPhysicalFactory(sku="KEEP")
    collection = OrgProductCollectionFactory(is_published=False)
    category = OrgTaxCategoryFactory(name="Kept")
    skill = SkillFactory()
    product_id = physical.product_id
    in_org(org_b)
    market(1)
    other_admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    client = host_client(org_b, other_admin)
    assert not OrgProduct.objects.filter(pk=product_id).exists()
    attempts = [
        ("get", f"/manage/catalog/products/{product_id}/edit/", {}),
        ("post", f"/manage/catalog/products/{product_id}/edit/", PHYSICAL),
        ("post", f"/manage/catalog/products/{product_id}/skills/", {"skill": skill.pk, "weight": 50}),
        ("post", f"/manage/catalog/products/{product_id}/skills/{skill.pk}/remove/", {}),
        ("get", f"/manage/catalog/collections/{collection.pk}/", {}),
        ("post", f"/manage/catalog/collections/{collection.pk}/", SETTINGS),
        ("post", f"/manage/catalog/collections/{collection.pk}/products/", ADD | {"product": product_id}),
        ("get", f"/manage/catalog/collections/{collection.pk}/translations/en-US/", {}),
        ("get", f"/manage/catalog/collections/{collection.pk}/delete/", {}),
        ("post", f"/manage/catalog/collections/{collection.pk}/delete/", {}),
        ("get", f"/manage/catalog/tax/{category.pk}/", {}),
        ("post", f"/manage/catalog/tax/{category.pk}/delete/", {}),
    ]  # fmt: skip
    for method, url, data in attempts:
        assert getattr(client, method)(url, data).status_code == 404, url
    # org B's own collection cannot take org A's product either
    theirs = OrgProductCollectionFactory()
    client.post(f"/manage/catalog/collections/{theirs.pk}/products/", ADD | {"product": product_id})
    assert theirs.entries.count() == 0
    assert (
        host_client(org_a, other_admin).get(f"/manage/catalog/products/{product_id}/edit/").status_code == 403
    )
    in_org(org_a)
    physical.refresh_from_db()
    collection.refresh_from_db()
    assert physical.sku == "KEEP" and OrgProductSkill.objects.count() == 0
    assert (collection.is_published, collection.entries.count()) == (False, 0)
    assert OrgProductCollection.objects.count() == 1
    assert list(OrgTaxCategory.objects.values_list("name", flat=True)) == ["Kept"]


def test_product_list_query_count_is_fixed(console, django_assert_max_num_queries):
    for number in range(30):
        OrgProductFactory(title=f"Item {number}", slug=f"item-{number}", brand=OrgBrandFactory())
    console.get("/manage/catalog/products/")
    with django_assert_max_num_queries(10):
        response = console.get("/manage/catalog/products/")
    assert response.content.decode().count("es-MX missing") == 25  # one page of 25
