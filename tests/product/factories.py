"""Products of the org whose schema is active."""

from __future__ import annotations

import factory

from apps.product.models import (
    OrgProduct,
    OrgProductCollection,
    OrgProductDigital,
    OrgProductFaq,
    OrgProductPhysical,
    OrgProductReview,
    OrgProductService,
    OrgProductVariant,
    OrgTaxCategory,
)


class OrgTaxCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgTaxCategory

    code = factory.Sequence(lambda n: f"tax-{n}")
    name = factory.Sequence(lambda n: f"Tax {n}")


class OrgProductFactory(factory.django.DjangoModelFactory):
    """A product with an en-US translation (parler's TranslatableModelFactory pattern)."""

    class Meta:
        model = OrgProduct

    product_type = OrgProduct.ProductType.DIGITAL
    status = OrgProduct.Status.DRAFT
    language_code = "en-US"
    title = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    summary = "A useful thing."

    @classmethod
    def _create(cls, model_class, *args, language_code="en-US", **kwargs):
        translated = {name: kwargs.pop(name) for name in ("title", "slug", "summary") if name in kwargs}
        product = model_class(*args, **kwargs)
        product.set_current_language(language_code)
        for name, value in translated.items():
            setattr(product, name, value)
        product.save()
        return product


class OrgProductPhysicalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgProductPhysical

    product = factory.SubFactory(OrgProductFactory, product_type=OrgProduct.ProductType.PHYSICAL)
    sku = factory.Sequence(lambda n: f"SKU-{n}")


class OrgProductDigitalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgProductDigital

    product = factory.SubFactory(OrgProductFactory, product_type=OrgProduct.ProductType.DIGITAL)
    file_name = "starter-kit.zip"


class OrgProductServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgProductService

    product = factory.SubFactory(OrgProductFactory, product_type=OrgProduct.ProductType.SERVICE)
    duration_minutes = 60


class OrgProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgProductVariant

    product = factory.SubFactory(OrgProductFactory)
    name = factory.Sequence(lambda n: f"Variant {n}")

    @classmethod
    def _create(cls, model_class, *args, name="Variant", **kwargs):
        variant = model_class(*args, **kwargs)
        variant.set_current_language("en-US")
        variant.name = name
        variant.save()
        return variant


class OrgProductCollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgProductCollection

    is_published = True

    @classmethod
    def _create(cls, model_class, *args, title="Featured", slug="featured", **kwargs):
        collection = model_class(*args, **kwargs)
        collection.set_current_language("en-US")
        collection.title, collection.slug = title, slug
        collection.save()
        return collection


class OrgProductReviewFactory(factory.django.DjangoModelFactory):
    """An approved review by a new learner unless told."""

    class Meta:
        model = OrgProductReview

    product = factory.SubFactory(OrgProductFactory)
    member = factory.SubFactory("tests.member.factories.OrgMemberFactory")
    rating = 5
    text = "Clear and practical."
    status = OrgProductReview.Status.APPROVED


class OrgProductFaqFactory(factory.django.DjangoModelFactory):
    """A question with an en-US translation."""

    class Meta:
        model = OrgProductFaq

    product = factory.SubFactory(OrgProductFactory)
    position = factory.Sequence(int)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "Yes."

    @classmethod
    def _create(cls, model_class, *args, language_code="en-US", **kwargs):
        faq = model_class(product=kwargs.pop("product"), position=kwargs.pop("position"))
        faq.set_current_language(language_code)
        for name, value in kwargs.items():
            setattr(faq, name, value)
        faq.save()
        return faq
