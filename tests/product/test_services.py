from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.product.models import (
    OrgProduct,
    OrgProductCollection,
    OrgProductCollectionProduct,
    OrgProductPhysical,
    OrgProductService,
    OrgProductSkill,
)
from apps.product.services import (
    collection_create,
    collection_delete,
    collection_products_set,
    product_create,
    product_publish,
    product_skill_set,
    product_translation_save,
    product_unpublish,
    product_update,
)
from apps.skill.models import Skill
from tests.actors import TEST_ACTOR
from tests.locale_region.factories import market, org_locale
from tests.payment.factories import PaymentPlanFactory, PlanPriceFactory
from tests.product.factories import (
    OrgProductCollectionFactory,
    OrgProductDigitalFactory,
    OrgProductFactory,
    OrgProductPhysicalFactory,
    OrgProductVariantFactory,
)


@pytest.fixture
def en(org_a, in_org):
    in_org(org_a)
    return org_locale("en-US", is_default=True)


@pytest.mark.parametrize(
    ("product_type", "extension", "model", "field", "value"),
    [
        (
            "physical",
            {"sku": "BOOK-1", "weight_grams": 500, "stock_count": 3},
            OrgProductPhysical,
            "sku",
            "BOOK-1",
        ),
        (
            "service",
            {"duration_minutes": 90, "delivery_mode": "online"},
            OrgProductService,
            "duration_minutes",
            90,
        ),
    ],
)
def test_product_created_with_its_type_extension(en, product_type, extension, model, field, value):
    product = product_create(
        actor=TEST_ACTOR, product_type=product_type, language_code="en-US", title="Thing", extension=extension
    )
    assert getattr(model.objects.get(product=product), field) == value
    assert product.status == OrgProduct.Status.DRAFT
    assert product.safe_translation_getter("slug", language_code="en-us") == "thing"


def test_description_is_sanitized(en):
    product = product_create(
        actor=TEST_ACTOR,
        product_type="digital",
        language_code="en-US",
        title="Safe",
        description='<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:x">l</a></p>',
    )
    product.set_current_language("en-US")
    assert "script" not in product.description
    assert "onclick" not in product.description
    assert "javascript" not in product.description
    assert product.description.startswith("<p>Hi")


def test_duplicate_slug_in_one_locale_is_refused_but_allowed_in_another(en):
    org_locale("es-MX")
    product_create(
        actor=TEST_ACTOR, product_type="digital", language_code="en-US", title="Guide", slug="guide"
    )
    with pytest.raises(ValidationError) as error:
        product_create(
            actor=TEST_ACTOR, product_type="digital", language_code="en-US", title="Other", slug="guide"
        )
    assert "slug" in error.value.message_dict
    assert OrgProduct.objects.count() == 1
    other = OrgProduct.objects.get()
    product_translation_save(
        actor=TEST_ACTOR, product=other, language_code="es-MX", title="Guía", slug="guide"
    )
    assert other.translations.count() == 2


def test_translation_in_a_locale_the_org_does_not_author_in_is_refused(en):
    product = OrgProductFactory()
    with pytest.raises(ValidationError):
        product_translation_save(actor=TEST_ACTOR, product=product, language_code="fr-FR", title="Guide")
    assert product.translations.count() == 1


def test_physical_product_needs_unique_sku(en):
    product_create(
        actor=TEST_ACTOR, product_type="physical", language_code="en-US", title="A", extension={"sku": "X1"}
    )
    with pytest.raises(ValidationError) as error:
        product_create(
            actor=TEST_ACTOR,
            product_type="physical",
            language_code="en-US",
            title="B",
            extension={"sku": "X1"},
        )
    assert "sku" in error.value.message_dict
    assert OrgProduct.objects.count() == 1


def _update(product, extension):
    return product_update(
        actor=TEST_ACTOR, product=product, brand=None, tax_category=None, image_url="", extension=extension
    )


def test_update_with_none_clears_an_optional_type_field_and_leaves_others_alone(en):
    digital = OrgProductDigitalFactory(file_name="kit.zip", download_limit=5)
    _update(digital.product, {"file_name": "kit-2.zip"})
    digital.refresh_from_db()
    assert (digital.file_name, digital.download_limit) == ("kit-2.zip", 5)
    _update(digital.product, {"download_limit": None})
    digital.refresh_from_db()
    assert (digital.file_name, digital.download_limit) == ("kit-2.zip", None)


@pytest.mark.parametrize("field", ["weight_grams", "stock_count"])
def test_update_cannot_clear_a_required_type_field(en, field):
    physical = OrgProductPhysicalFactory(sku="MUG-1", weight_grams=300, stock_count=4)
    with pytest.raises(ValidationError) as error:
        _update(physical.product, {field: None, "sku": "MUG-2"})
    assert field in error.value.message_dict
    physical.refresh_from_db()
    assert (physical.sku, physical.weight_grams, physical.stock_count) == ("MUG-1", 300, 4)


def test_collection_delete_removes_it_and_its_entries_but_not_the_products(en):
    collection = OrgProductCollectionFactory(title="Spring", slug="spring")
    kept = OrgProductCollectionFactory(title="Kept", slug="kept")
    product = OrgProductFactory()
    collection_products_set(actor=TEST_ACTOR, collection=collection, product_ids=[product.pk])
    collection_products_set(actor=TEST_ACTOR, collection=kept, product_ids=[product.pk])
    collection_delete(actor=TEST_ACTOR, collection=collection)
    assert list(OrgProductCollection.objects.values_list("pk", flat=True)) == [kept.pk]
    assert list(OrgProductCollectionProduct.objects.values_list("collection_id", "product_id")) == [
        (kept.pk, product.pk)
    ]
    assert OrgProduct.objects.filter(pk=product.pk).exists()
    translations = OrgProductCollection._parler_meta.root_model.objects
    assert list(translations.values_list("slug", flat=True)) == ["kept"]


def test_publishing_without_a_priced_plan_is_refused(org_a, in_org):
    in_org(org_a)
    data = market(1)
    product = OrgProductFactory()
    plan = PaymentPlanFactory(variant=OrgProductVariantFactory(product=product))
    with pytest.raises(ValidationError):
        product_publish(actor=TEST_ACTOR, product=product)
    PlanPriceFactory(plan=plan, region=data["regions"][0], is_visible=False)
    with pytest.raises(ValidationError):
        product_publish(actor=TEST_ACTOR, product=product)
    product.refresh_from_db()
    assert product.status == OrgProduct.Status.DRAFT


def test_publish_and_unpublish(org_a, in_org):
    in_org(org_a)
    data = market(1)
    product = OrgProductFactory()
    plan = PaymentPlanFactory(variant=OrgProductVariantFactory(product=product))
    PlanPriceFactory(plan=plan, region=data["regions"][0], amount=Decimal("10.00"))
    product_publish(actor=TEST_ACTOR, product=product)
    product.refresh_from_db()
    assert product.status == OrgProduct.Status.PUBLISHED
    assert product.published_at is not None
    product_unpublish(actor=TEST_ACTOR, product=product)
    product.refresh_from_db()
    assert product.status == OrgProduct.Status.DRAFT


def test_skill_weights(en):
    product = OrgProductFactory()
    skill = Skill.objects.first()
    if skill is None:
        pytest.skip("no skill taxonomy loaded")
    product_skill_set(actor=TEST_ACTOR, product=product, skill=skill, weight=70)
    product_skill_set(actor=TEST_ACTOR, product=product, skill=skill, weight=30)
    assert list(OrgProductSkill.objects.values_list("weight", flat=True)) == [30]
    with pytest.raises(ValidationError):
        product_skill_set(actor=TEST_ACTOR, product=product, skill=skill, weight=0)


def test_collection_keeps_product_order(en):
    first, second = OrgProductFactory(), OrgProductFactory()
    collection = collection_create(actor=TEST_ACTOR, language_code="en-US", title="Featured", kind="featured")
    collection_products_set(actor=TEST_ACTOR, collection=collection, product_ids=[second.pk, first.pk])
    assert list(collection.entries.values_list("product_id", flat=True)) == [second.pk, first.pk]
    with pytest.raises(ValidationError):
        collection_products_set(actor=TEST_ACTOR, collection=collection, product_ids=[first.pk, 999999])
    assert collection.entries.count() == 2
