import re
from decimal import Decimal

import pytest

from apps.member.models import OrgMember
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.product.models import OrgProduct
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.payment.factories import PaymentPlanFactory
from tests.product.factories import OrgProductFactory, OrgProductVariantFactory


@pytest.fixture
def admin(org_a, in_org):
    in_org(org_a)
    return OrgMemberFactory(role=OrgMember.Role.ADMIN).user


def test_admin_creates_a_physical_product(admin, host_client, org_a, in_org):
    in_org(org_a)
    market(1)
    response = host_client(org_a, admin).post(
        "/manage/catalog/products/new/",
        {"product_type": "physical", "title": "Mug", "slug": "mug", "sku": "MUG-1", "weight_grams": "300"},
    )
    assert response.status_code == 302
    product = OrgProduct.objects.get()
    assert (product.product_type, product.physical.sku, product.status) == ("physical", "MUG-1", "draft")


def test_duplicate_slug_is_an_inline_form_error(admin, host_client, org_a, in_org):
    in_org(org_a)
    market(1)
    OrgProductFactory(slug="mug")
    response = host_client(org_a, admin).post(
        "/manage/catalog/products/new/", {"product_type": "digital", "title": "Mug", "slug": "mug"}
    )
    assert response.status_code == 400
    assert "This slug is already used in this language." in response.content.decode()
    assert OrgProduct.objects.count() == 1


def test_list_search_filter_and_missing_translation_state(admin, host_client, org_a, in_org):
    in_org(org_a)
    market(3)
    OrgProductFactory(title="Pottery")
    OrgProductFactory(title="Django", product_type="physical")
    html = host_client(org_a, admin).get("/manage/catalog/products/?q=pott").content.decode()
    assert "Pottery" in html and "Django" not in html
    assert "es-MX missing" in html
    html = host_client(org_a, admin).get("/manage/catalog/products/?type=physical").content.decode()
    assert "Django" in html and "Pottery" not in html


def test_publish_without_price_shows_error_and_keeps_draft(admin, host_client, org_a, in_org):
    in_org(org_a)
    market(1)
    product = OrgProductFactory()
    response = host_client(org_a, admin).post(f"/manage/catalog/products/{product.pk}/publish/", follow=True)
    assert "at least one payment plan with a price" in response.content.decode()
    product.refresh_from_db()
    assert product.status == "draft"


def test_prices_form_saves_all_or_nothing_and_suggests(admin, host_client, org_a, in_org):
    in_org(org_a)
    regions = market(2)["regions"]
    plan = PaymentPlanFactory(variant=OrgProductVariantFactory())
    url = f"/manage/catalog/products/{plan.variant.product_id}/plans/{plan.pk}/prices/"
    client = host_client(org_a, admin)
    bad = {f"r{regions[0].pk}-amount": "19.999", f"r{regions[1].pk}-amount": "18.00"}
    response = client.post(url, bad)
    assert response.status_code == 400
    assert "at most 2 decimal places" in response.content.decode()
    assert PlanPrice.objects.count() == 0
    wrong_currency = {f"r{regions[1].pk}-amount": "18.00", f"r{regions[1].pk}-currency": "USD"}
    assert client.post(url, wrong_currency).status_code == 400
    assert PlanPrice.objects.count() == 0
    good = {f"r{regions[0].pk}-amount": "19.99", f"r{regions[0].pk}-is_visible": "on"}
    assert client.post(url, good).status_code == 302
    assert PlanPrice.objects.get().amount == Decimal("19.99")
    html = client.get(url, {"suggest_from": regions[0].pk, "amount": "19.00"}).content.decode()
    assert "PPP" in html


@pytest.mark.parametrize("role", [OrgMember.Role.LEARNER, OrgMember.Role.INSTRUCTOR])
def test_non_admins_change_nothing(org_a, in_org, host_client, role):
    in_org(org_a)
    market(1)
    user = OrgMemberFactory(role=role).user
    product = OrgProductFactory()
    client = host_client(org_a, user)
    assert client.get("/manage/catalog/products/").status_code == 403
    assert (
        client.post("/manage/catalog/products/new/", {"product_type": "digital", "title": "X"}).status_code
        == 403
    )
    assert client.post(f"/manage/catalog/products/{product.pk}/publish/").status_code == 403
    assert OrgProduct.objects.count() == 1


def test_other_orgs_admin_cannot_reach_or_change_a_product(org_a, org_b, in_org, host_client):
    in_org(org_a)
    market(1)
    product = OrgProductFactory()
    in_org(org_b)
    other_admin = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    response = host_client(org_b, other_admin).post(f"/manage/catalog/products/{product.pk}/publish/")
    assert response.status_code == 404
    assert host_client(org_b, other_admin).get(f"/manage/catalog/products/{product.pk}/").status_code == 404
    # and on org A's host they are not a member at all
    assert host_client(org_a, other_admin).get(f"/manage/catalog/products/{product.pk}/").status_code == 403
    in_org(org_a)
    product.refresh_from_db()
    assert product.status == "draft"


def test_the_product_page_forms_have_unique_field_ids(admin, host_client, org_a, in_org):
    """The variant and plan forms share a page; each label must point at its own field."""
    in_org(org_a)
    market(1)
    product = OrgProductFactory()
    OrgProductVariantFactory(product=product)
    html = host_client(org_a, admin).get(f"/manage/catalog/products/{product.pk}/").content.decode()
    ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert {"variant_name", "plan_name"} <= set(ids)


def test_every_price_input_has_a_label_naming_its_region(admin, host_client, org_a, in_org):
    in_org(org_a)
    regions = market(3)["regions"]
    plan = PaymentPlanFactory(variant=OrgProductVariantFactory())
    url = f"/manage/catalog/products/{plan.variant.product_id}/plans/{plan.pk}/prices/"
    html = host_client(org_a, admin).get(url).content.decode()
    inputs = re.findall(r'<input(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    labels = dict(re.findall(r'<label[^>]*for="([^"]+)"[^>]*>([^<]+)</label>', html))
    assert len(inputs) == 2 * len(regions) + 1  # amount and offered per region, and the suggestion's price
    assert [input_id for input_id in inputs if input_id not in labels] == []
    for region in regions:
        assert f"Price in {region.name}" in labels.values() and f"Offered in {region.name}" in labels.values()


def test_no_table_header_of_the_product_page_is_empty(admin, host_client, org_a, in_org):
    in_org(org_a)
    market(2)
    product = OrgProductFactory()
    PaymentPlanFactory(variant=OrgProductVariantFactory(product=product))
    html = host_client(org_a, admin).get(f"/manage/catalog/products/{product.pk}/").content.decode()
    headers = re.findall(r"<th[^>]*>(.*?)</th>", html, re.S)
    assert headers and [header for header in headers if not re.sub(r"<[^>]+>", "", header).strip()] == []
