"""The acting user on catalog and price writes: who changed what, in this org's log only."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import OrgAuditEntry
from apps.member.models import OrgMember
from apps.payment.models import OrgProductVariantPaymentPlanMarketRegion as PlanPrice
from apps.payment.services import plans as payment_services
from apps.product import services as product_services
from apps.product.models import OrgProduct, OrgProductCollection, OrgTaxCategory
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.payment.factories import PaymentPlanFactory, PlanPriceFactory
from tests.product.factories import OrgProductFactory, OrgProductVariantFactory
from tests.product.test_demo import seed

Verb = OrgAuditEntry.Verb


@pytest.fixture
def admin(org_a, in_org):
    in_org(org_a)
    return OrgMemberFactory(role=OrgMember.Role.ADMIN).user


def _entries():
    return list(
        OrgAuditEntry.objects.order_by("id").values_list("actor_id", "verb", "object_type", "changes")
    )


def test_a_console_price_change_records_the_admin_with_the_old_and_new_amounts(admin, host_client, org_a):
    regions = market(1)["regions"]
    plan = PaymentPlanFactory(variant=OrgProductVariantFactory())
    url = f"/manage/catalog/products/{plan.variant.product_id}/plans/{plan.pk}/prices/"
    client = host_client(org_a, admin)
    us = regions[0]
    assert client.post(url, {f"r{us.pk}-amount": "19.99", f"r{us.pk}-is_visible": "on"}).status_code == 302
    assert client.post(url, {f"r{us.pk}-amount": "24.50", f"r{us.pk}-is_visible": "on"}).status_code == 302
    first, second = OrgAuditEntry.objects.order_by("id")
    assert (second.actor_id, second.actor_label, second.verb) == (admin.pk, admin.email, "update")
    assert (second.object_type, second.object_id) == ("payment.orgproductvariantpaymentplan", str(plan.pk))
    assert second.changes == {f"amount:{us.pk}": ["19.990", "24.500"]}
    assert first.changes == {  # no price before; the compare-at amount stays empty
        f"amount:{us.pk}": [None, "19.990"],
        f"currency:{us.pk}": [None, "USD"],
        f"is_visible:{us.pk}": [None, True],
    }


def test_a_refused_price_change_records_nothing(admin, host_client, org_a):
    us = market(1)["regions"][0]
    plan = PaymentPlanFactory(variant=OrgProductVariantFactory())
    url = f"/manage/catalog/products/{plan.variant.product_id}/plans/{plan.pk}/prices/"
    assert host_client(org_a, admin).post(url, {f"r{us.pk}-amount": "19.999"}).status_code == 400
    assert (PlanPrice.objects.count(), OrgAuditEntry.objects.count()) == (0, 0)


def test_removing_a_price_records_the_amount_it_had(org_a, in_org):
    in_org(org_a)
    price = PlanPriceFactory(region=market(1)["regions"][0], amount=Decimal("10.00"))
    payment_services.payment_plan_price_remove(actor=TEST_ACTOR, plan=price.plan, region=price.region)
    entry = OrgAuditEntry.objects.get()
    assert (entry.actor_label, entry.object_id) == ("system:tests", str(price.plan_id))
    assert entry.changes[f"amount:{price.region_id}"] == ["10.000", None]


def test_a_console_unpublish_and_translation_record_the_admin(admin, host_client, org_a):
    market(1)
    product = OrgProductFactory(status=OrgProduct.Status.PUBLISHED)
    client = host_client(org_a, admin)
    client.post(f"/manage/catalog/products/{product.pk}/publish/", {"action": "unpublish"})
    texts = {
        "title": "Taza",
        "slug": "taza",
        "summary": "",
        "description": "",
        "seo_title": "",
        "seo_description": "",
    }
    response = client.post(f"/manage/catalog/products/{product.pk}/translations/es-MX/", texts)
    assert response.status_code == 302, response.content.decode()[:500]
    unpublish, translate = OrgAuditEntry.objects.order_by("id")
    assert (unpublish.actor_id, unpublish.verb, unpublish.changes) == (
        admin.pk,
        "unpublish",
        {"status": ["published", "draft"]},
    )
    assert (translate.actor_id, translate.verb) == (admin.pk, "translate")
    assert translate.changes["title:es-MX"] == [None, "Taza"]
    assert translate.changes["slug:es-MX"] == [None, "taza"]


def test_a_console_collection_products_change_records_the_id_lists(admin, host_client, org_a):
    market(1)
    first, second = OrgProductFactory(), OrgProductFactory()
    collection = product_services.collection_create(actor=TEST_ACTOR, language_code="en-US", title="Picks")
    product_services.collection_products_set(actor=TEST_ACTOR, collection=collection, product_ids=[first.pk])
    response = host_client(org_a, admin).post(
        f"/manage/catalog/collections/{collection.pk}/products/", {"action": "add", "product": second.pk}
    )
    assert response.status_code == 302
    entry = OrgAuditEntry.objects.order_by("-id").first()
    assert (entry.actor_id, entry.object_type) == (admin.pk, "product.orgproductcollection")
    assert entry.changes == {"products": [[first.pk], [first.pk, second.pk]]}


def test_an_org_b_admins_console_write_is_not_in_org_as_log(org_a, org_b, in_org, host_client):
    in_org(org_b)
    market(1)
    admin_b = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    product = OrgProductFactory(status=OrgProduct.Status.PUBLISHED)
    host_client(org_b, admin_b).post(
        f"/manage/catalog/products/{product.pk}/publish/", {"action": "unpublish"}
    )
    assert OrgAuditEntry.objects.get().actor_id == admin_b.pk
    in_org(org_a)
    assert OrgAuditEntry.objects.count() == 0


def test_tax_category_create_update_delete_are_recorded(org_a, in_org):
    in_org(org_a)
    category = product_services.tax_category_create(
        actor=TEST_ACTOR, code="STD", name="Standard", name_translations={"es": "Estándar"}
    )
    product_services.tax_category_update(
        actor=TEST_ACTOR,
        category=category,
        code="STD",
        name="Standard rate",
        name_translations={"es": "General"},
    )
    pk = category.pk
    product_services.tax_category_delete(actor=TEST_ACTOR, category=category)
    created = {
        "code": [None, "STD"],
        "name": [None, "Standard"],
        "name_translations": [None, "{'es': 'Estándar'}"],
    }
    updated = {
        "name": ["Standard", "Standard rate"],
        "name_translations": ["{'es': 'Estándar'}", "{'es': 'General'}"],
    }
    removed = {
        "code": ["STD", None],
        "name": ["Standard rate", None],
        "name_translations": ["{'es': 'General'}", None],
    }
    assert _entries() == [
        (None, "create", "product.orgtaxcategory", created),
        (None, "update", "product.orgtaxcategory", updated),
        (None, "delete", "product.orgtaxcategory", removed),
    ]
    assert OrgAuditEntry.objects.filter(object_id=str(pk)).count() == 3
    assert not OrgTaxCategory.objects.exists()


def _calls():
    product = OrgProductFactory()
    variant = OrgProductVariantFactory(product=product)
    plan = PaymentPlanFactory(variant=variant)
    region = market(1)["regions"][0]
    return {
        "product_create": lambda a: product_services.product_create(
            actor=a, product_type="digital", language_code="en-US", title="Guide"
        ),
        "product_translation_save": lambda a: product_services.product_translation_save(
            actor=a, product=product, language_code="en-US", title="Renamed"
        ),
        "product_unpublish": lambda a: product_services.product_unpublish(actor=a, product=product),
        "product_archive": lambda a: product_services.product_archive(actor=a, product=product),
        "product_variant_create": lambda a: product_services.product_variant_create(
            actor=a, product=product, language_code="en-US", name="Large"
        ),
        "product_variant_update": lambda a: product_services.product_variant_update(
            actor=a, variant=variant, position=9, is_active=False
        ),
        "tax_category_create": lambda a: product_services.tax_category_create(actor=a, code="X", name="X"),
        "collection_create": lambda a: product_services.collection_create(
            actor=a, language_code="en-US", title="Picks"
        ),
        "payment_plan_update": lambda a: payment_services.payment_plan_update(
            actor=a, plan=plan, access_tier=plan.access_tier, position=7, is_active=True
        ),
        "payment_plan_price_set": lambda a: payment_services.payment_plan_price_set(
            actor=a, plan=plan, region=region, amount=Decimal("5.00"), currency_code=region.currency.code
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "product_create",
        "product_translation_save",
        "product_unpublish",
        "product_archive",
        "product_variant_create",
        "product_variant_update",
        "tax_category_create",
        "collection_create",
        "payment_plan_update",
        "payment_plan_price_set",
    ],
)
def test_a_write_without_an_actor_is_refused_and_changes_nothing(org_a, in_org, name):
    in_org(org_a)
    call = _calls()[name]
    counts = _counts()
    with pytest.raises(TypeError):
        call(None)
    assert _counts() == counts


def _counts():
    return (
        OrgProduct.objects.count(),
        list(OrgProduct.objects.order_by("pk").values_list("status", flat=True)),
        OrgTaxCategory.objects.count(),
        OrgProductCollection.objects.count(),
        PlanPrice.objects.count(),
        OrgAuditEntry.objects.count(),
    )


def test_saving_the_same_translation_again_records_nothing(org_a, in_org):
    in_org(org_a)
    market(1)
    product = OrgProductFactory()
    product_services.product_translation_save(
        actor=TEST_ACTOR, product=product, language_code="en-US", title="A"
    )
    count = OrgAuditEntry.objects.count()
    product_services.product_translation_save(
        actor=TEST_ACTOR, product=product, language_code="en-US", title="A"
    )
    assert OrgAuditEntry.objects.count() == count


def test_a_refused_translation_records_nothing(org_a, in_org):
    in_org(org_a)
    market(1)
    product = OrgProductFactory()
    with pytest.raises(ValidationError):
        product_services.product_translation_save(
            actor=TEST_ACTOR, product=product, language_code="en-US", title=" "
        )
    assert OrgAuditEntry.objects.count() == 0


def test_demo_seeding_records_the_demo_seed_actor(org_a, in_org):
    in_org(org_a)
    seed(org_a)
    # The demo buyers join and check out themselves, so those steps carry their own names, as a
    # real buyer's would; everything else the seed writes is the demo-seed actor's.
    buyers = {f"buyer.{name}@acme.example" for name in ("ana", "luis", "mia")}
    seeded = OrgAuditEntry.objects.exclude(actor_label__in=buyers)
    assert set(seeded.values_list("actor_label", flat=True)) == {"system:demo-seed"}
    assert {"create", "publish", "translate", "add"} <= set(seeded.values_list("verb", flat=True))
    assert not seeded.exclude(actor_id=None).exists()
    by_buyers = OrgAuditEntry.objects.filter(actor_label__in=buyers)
    assert set(by_buyers.values_list("actor_label", flat=True)) == buyers
    assert not by_buyers.filter(actor_id=None).exists()


def test_the_product_page_links_to_its_history_in_the_log(admin, host_client, org_a):
    market(1)
    product = OrgProductFactory(status=OrgProduct.Status.PUBLISHED)
    client = host_client(org_a, admin)
    client.post(f"/manage/catalog/products/{product.pk}/publish/", {"action": "unpublish"})
    page = client.get(f"/manage/catalog/products/{product.pk}/").content.decode()
    link = f"/manage/audit/?type=product.orgproduct&amp;id={product.pk}"
    assert link in page
    history = client.get(link.replace("&amp;", "&"))
    assert history.status_code == 200
    html = history.content.decode()
    assert "unpublished product" in html
    assert '<span class="change__before">Published</span>' in html
