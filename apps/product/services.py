"""Writes to products, type extensions, translations, variants, skills, collections and tax categories."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import (
    audit_created,
    audit_fields,
    audit_record,
    audit_removing,
    audit_translation,
    audited,
)
from apps.locale_region.models import OrgBrand, OrgLocale
from apps.locale_region.selectors import storefront_content_changed
from apps.product.models import (
    OrgProduct,
    OrgProductCollection,
    OrgProductCollectionProduct,
    OrgProductDigital,
    OrgProductPhysical,
    OrgProductService,
    OrgProductSkill,
    OrgProductVariant,
    OrgTaxCategory,
)
from apps.product.signals import product_course_saved, product_publishing
from volmify.actors import Actor, actor_check
from volmify.sanitize import sanitize_html

EXTENSION_FIELDS: dict[str, tuple[str, ...]] = {
    OrgProduct.ProductType.DIGITAL: ("file", "file_name", "download_limit"),
    OrgProduct.ProductType.PHYSICAL: ("sku", "weight_grams", "stock_count"),
    OrgProduct.ProductType.SERVICE: ("duration_minutes", "delivery_mode"),
    OrgProduct.ProductType.COURSE: (),  # level and difficulty are edited in the course app
}
EXTENSION_MODELS: dict[str, Any] = {
    OrgProduct.ProductType.DIGITAL: OrgProductDigital,
    OrgProduct.ProductType.PHYSICAL: OrgProductPhysical,
    OrgProduct.ProductType.SERVICE: OrgProductService,
}
Verb = OrgAuditEntry.Verb
PRODUCT_TRANSLATION_FIELDS = ("title", "slug", "summary", "description", "seo_title", "seo_description")


def language_check(language_code: str) -> None:
    if not OrgLocale.objects.filter(locale__locale_key=language_code).exists():
        raise ValidationError(
            _("The organization does not author in %(locale)s.") % {"locale": language_code}
        )


def _slug_check(model: Any, *, language_code: str, slug: str, exclude_pk: int | None) -> None:
    taken = model._parler_meta.root_model.objects.filter(language_code=language_code.lower(), slug=slug)
    if exclude_pk is not None:
        taken = taken.exclude(master_id=exclude_pk)
    if taken.exists():
        raise ValidationError({"slug": _("This slug is already used in this language.")})


def _extension_save(product: OrgProduct, fields: dict[str, Any], *, actor: Actor) -> None:
    """Set the given fields of the product's type extension (made if missing); others keep their value.

    A field given as ``None`` is cleared (an empty download limit means unlimited); the model's
    validation refuses ``None`` for a field that must have a value.
    """
    allowed = EXTENSION_FIELDS[product.product_type]
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"not fields of a {product.product_type} product: {sorted(unknown)}")
    if product.product_type == OrgProduct.ProductType.COURSE:  # held by the course app
        product_course_saved.send(sender=OrgProduct, product=product, fields=fields, actor=actor)
        return
    model = EXTENSION_MODELS[product.product_type]
    extension = model.objects.filter(product=product).first() or model(product=product)
    for name, value in fields.items():
        setattr(extension, name, value)
    if isinstance(extension, OrgProductPhysical):
        if not extension.sku:
            raise ValidationError({"sku": _("A physical product needs a SKU.")})
        if OrgProductPhysical.objects.filter(sku=extension.sku).exclude(product=product).exists():
            raise ValidationError({"sku": _("Another product already uses this SKU.")})
    extension.full_clean(exclude=["product"], validate_constraints=False)
    extension.save()


@transaction.atomic
def product_create(
    *,
    actor: Actor,
    product_type: str,
    language_code: str,
    title: str,
    slug: str = "",
    summary: str = "",
    description: str = "",
    seo_title: str = "",
    seo_description: str = "",
    brand: OrgBrand | None = None,
    tax_category: OrgTaxCategory | None = None,
    image_url: str = "",
    extension: dict[str, Any] | None = None,
) -> OrgProduct:
    """A draft product with its first translation and its type extension."""
    actor_check(actor)
    if product_type not in OrgProduct.ProductType.values:
        raise ValidationError({"product_type": _("Choose a product type.")})
    product = OrgProduct.objects.create(
        product_type=product_type, brand=brand, tax_category=tax_category, image_url=image_url
    )
    _product_translation_write(
        product=product,
        language_code=language_code,
        title=title,
        slug=slug,
        summary=summary,
        description=description,
        seo_title=seo_title,
        seo_description=seo_description,
    )
    _extension_save(product, extension or {}, actor=actor)
    after = audit_fields(product, ("product_type", "brand", "tax_category", "image_url"))
    after |= audit_translation(product, language_code, ("title", "slug"))
    audit_record(actor=actor, verb=Verb.CREATE, target=product, after=after)
    return product


@transaction.atomic
def product_update(
    *,
    actor: Actor,
    product: OrgProduct,
    brand: OrgBrand | None,
    tax_category: OrgTaxCategory | None,
    image_url: str = "",
    extension: dict[str, Any] | None = None,
) -> OrgProduct:
    """Replace the product's brand, tax category and image, and the type fields in ``extension``.

    Type fields missing from ``extension`` keep their value; one given as ``None`` is cleared.
    """
    with audited(
        actor=actor, verb=Verb.UPDATE, target=product, fields=("brand", "tax_category", "image_url")
    ):
        product.brand, product.tax_category, product.image_url = brand, tax_category, image_url
        product.save(update_fields=["brand", "tax_category", "image_url", "updated_at"])
    _extension_save(product, extension or {}, actor=actor)
    storefront_content_changed()
    return product


@transaction.atomic
def product_translation_save(
    *,
    actor: Actor,
    product: OrgProduct,
    language_code: str,
    title: str,
    slug: str = "",
    summary: str = "",
    description: str = "",
    seo_title: str = "",
    seo_description: str = "",
) -> OrgProduct:
    """Create or replace the product's texts in one org locale; the description is sanitized here."""
    actor_check(actor)
    before = audit_translation(product, language_code, PRODUCT_TRANSLATION_FIELDS)
    _product_translation_write(
        product=product,
        language_code=language_code,
        title=title,
        slug=slug,
        summary=summary,
        description=description,
        seo_title=seo_title,
        seo_description=seo_description,
    )
    _translation_record(actor, product, before, PRODUCT_TRANSLATION_FIELDS, language_code)
    return product


def _translation_record(
    actor: Actor, target: Any, before: dict[str, Any], fields: Sequence[str], language_code: str
) -> None:
    """Record a translation's changed texts (``"title:es"``); saving the same texts records nothing."""
    after = audit_translation(target, language_code, fields)
    if before != after:
        audit_record(actor=actor, verb=Verb.TRANSLATE, target=target, before=before, after=after)


def _product_translation_write(
    *,
    product: OrgProduct,
    language_code: str,
    title: str,
    slug: str = "",
    summary: str = "",
    description: str = "",
    seo_title: str = "",
    seo_description: str = "",
) -> OrgProduct:
    """Create or replace the product's texts in one org locale; the description is sanitized here."""
    language_check(language_code)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Enter a title.")})
    slug = slug.strip() or slugify(title, allow_unicode=True)
    if not slug:
        raise ValidationError({"slug": _("Enter a slug.")})
    _slug_check(OrgProduct, language_code=language_code, slug=slug, exclude_pk=product.pk)
    product.set_current_language(language_code)
    product.title, product.slug, product.summary = title, slug, summary.strip()
    product.description = sanitize_html(description)
    product.seo_title, product.seo_description = seo_title.strip(), seo_description.strip()
    product.save_translations()
    OrgProduct.objects.filter(pk=product.pk).update(updated_at=timezone.now())
    storefront_content_changed()
    return product


@transaction.atomic
def product_publish(*, actor: Actor, product: OrgProduct) -> OrgProduct:
    """Put a product on sale, unless a receiver of ``product_publishing`` refuses it (payment: it
    needs at least one active plan with a price in some region)."""
    product_publishing.send(sender=OrgProduct, product=product)
    with audited(actor=actor, verb=Verb.PUBLISH, target=product, fields=("status",)):
        product.status = OrgProduct.Status.PUBLISHED
        product.published_at = product.published_at or timezone.now()
        product.save(update_fields=["status", "published_at", "updated_at"])
    storefront_content_changed()
    return product


@transaction.atomic
def product_unpublish(*, actor: Actor, product: OrgProduct) -> OrgProduct:
    return _status_set(actor, product, OrgProduct.Status.DRAFT, Verb.UNPUBLISH)


@transaction.atomic
def product_archive(*, actor: Actor, product: OrgProduct) -> OrgProduct:
    return _status_set(actor, product, OrgProduct.Status.ARCHIVED, Verb.ARCHIVE)


def _status_set(actor: Actor, product: OrgProduct, status: str, verb: str) -> OrgProduct:
    with audited(actor=actor, verb=verb, target=product, fields=("status",)):
        product.status = status
        product.save(update_fields=["status", "updated_at"])
    storefront_content_changed()
    return product


@transaction.atomic
def product_variant_create(
    *,
    actor: Actor,
    product: OrgProduct,
    language_code: str,
    name: str,
    description: str = "",
    position: int = 0,
) -> OrgProductVariant:
    actor_check(actor)
    variant = OrgProductVariant.objects.create(product=product, position=position)
    _variant_translation_write(
        variant=variant, language_code=language_code, name=name, description=description
    )
    after = audit_fields(variant, ("product", "position")) | audit_translation(
        variant, language_code, ("name",)
    )
    audit_record(actor=actor, verb=Verb.CREATE, target=variant, after=after)
    return variant


VARIANT_TRANSLATION_FIELDS = ("name", "description")


@transaction.atomic
def product_variant_translation_save(
    *, actor: Actor, variant: OrgProductVariant, language_code: str, name: str, description: str = ""
) -> OrgProductVariant:
    actor_check(actor)
    before = audit_translation(variant, language_code, VARIANT_TRANSLATION_FIELDS)
    _variant_translation_write(
        variant=variant, language_code=language_code, name=name, description=description
    )
    _translation_record(actor, variant, before, VARIANT_TRANSLATION_FIELDS, language_code)
    return variant


def _variant_translation_write(
    *, variant: OrgProductVariant, language_code: str, name: str, description: str
) -> OrgProductVariant:
    language_check(language_code)
    if not name.strip():
        raise ValidationError({"name": _("Enter a name.")})
    variant.set_current_language(language_code)
    variant.name, variant.description = name.strip(), sanitize_html(description)
    variant.save_translations()
    storefront_content_changed()
    return variant


@transaction.atomic
def product_variant_update(
    *, actor: Actor, variant: OrgProductVariant, position: int, is_active: bool
) -> OrgProductVariant:
    with audited(actor=actor, verb=Verb.UPDATE, target=variant, fields=("position", "is_active")):
        variant.position, variant.is_active = position, is_active
        variant.save(update_fields=["position", "is_active"])
    storefront_content_changed()
    return variant


@transaction.atomic
def product_skill_set(*, actor: Actor, product: OrgProduct, skill: Any, weight: int) -> OrgProductSkill:
    """Weight (1-100) how much ``product`` teaches ``skill``; setting it again changes the weight."""
    actor_check(actor)
    if not 1 <= int(weight) <= 100:
        raise ValidationError({"weight": _("A weight is between 1 and 100.")})
    before = _skill_weights(product)
    row, _created = OrgProductSkill.objects.update_or_create(
        product=product, skill=skill, defaults={"weight": int(weight)}
    )
    _skills_record(actor, product, before)
    storefront_content_changed()
    return row


@transaction.atomic
def product_skill_remove(*, actor: Actor, product: OrgProduct, skill_id: int) -> None:
    actor_check(actor)
    before = _skill_weights(product)
    OrgProductSkill.objects.filter(product=product, skill_id=skill_id).delete()
    _skills_record(actor, product, before)
    storefront_content_changed()


def _skill_weights(product: OrgProduct) -> dict[str, int]:
    """The product's skills as ``{"<skill id>": weight}``, in skill id order."""
    rows = OrgProductSkill.objects.filter(product=product).order_by("skill_id")
    return {str(skill_id): weight for skill_id, weight in rows.values_list("skill_id", "weight")}


def _skills_record(actor: Actor, product: OrgProduct, before: dict[str, int]) -> None:
    after = _skill_weights(product)
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target=product,
        before={"skills": sorted(before.items())},
        after={"skills": sorted(after.items())},
    )


TAX_CATEGORY_FIELDS = ("code", "name", "name_translations")


@transaction.atomic
def tax_category_create(
    *, actor: Actor, code: str, name: str, name_translations: dict[str, str] | None = None
) -> OrgTaxCategory:
    actor_check(actor)
    if OrgTaxCategory.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Another tax category already uses this code.")})
    category = OrgTaxCategory(code=code, name=name, name_translations=name_translations or {})
    category.full_clean(validate_constraints=False)
    category.save()
    audit_created(actor=actor, target=category, fields=TAX_CATEGORY_FIELDS)
    return category


@transaction.atomic
def collection_create(
    *,
    actor: Actor,
    language_code: str,
    title: str,
    slug: str = "",
    description: str = "",
    kind: str = OrgProductCollection.Kind.TOPIC,
    position: int = 0,
    is_published: bool = False,
) -> OrgProductCollection:
    actor_check(actor)
    collection = OrgProductCollection.objects.create(kind=kind, position=position, is_published=is_published)
    _collection_translation_write(
        collection=collection, language_code=language_code, title=title, slug=slug, description=description
    )
    after = audit_fields(collection, COLLECTION_FIELDS) | audit_translation(
        collection, language_code, ("title", "slug")
    )
    audit_record(actor=actor, verb=Verb.CREATE, target=collection, after=after)
    return collection


COLLECTION_FIELDS = ("kind", "position", "is_published")
COLLECTION_TRANSLATION_FIELDS = ("title", "slug", "description")


@transaction.atomic
def collection_update(
    *, actor: Actor, collection: OrgProductCollection, kind: str, position: int, is_published: bool
) -> OrgProductCollection:
    with audited(actor=actor, verb=Verb.UPDATE, target=collection, fields=COLLECTION_FIELDS):
        collection.kind, collection.position, collection.is_published = kind, position, is_published
        collection.save(update_fields=["kind", "position", "is_published"])
    storefront_content_changed()
    return collection


@transaction.atomic
def collection_delete(*, actor: Actor, collection: OrgProductCollection) -> None:
    """Remove a collection with its translations and product order; the products themselves stay."""
    before = audit_fields(collection, COLLECTION_FIELDS) | {"products": _collection_product_ids(collection)}
    audit_record(actor=actor, verb=Verb.DELETE, target=collection, before=before)
    collection.delete()
    storefront_content_changed()


@transaction.atomic
def collection_translation_save(
    *,
    actor: Actor,
    collection: OrgProductCollection,
    language_code: str,
    title: str,
    slug: str = "",
    description: str = "",
) -> OrgProductCollection:
    actor_check(actor)
    before = audit_translation(collection, language_code, COLLECTION_TRANSLATION_FIELDS)
    _collection_translation_write(
        collection=collection, language_code=language_code, title=title, slug=slug, description=description
    )
    _translation_record(actor, collection, before, COLLECTION_TRANSLATION_FIELDS, language_code)
    return collection


def _collection_translation_write(
    *, collection: OrgProductCollection, language_code: str, title: str, slug: str, description: str
) -> None:
    language_check(language_code)
    if not title.strip():
        raise ValidationError({"title": _("Enter a title.")})
    slug = slug.strip() or slugify(title, allow_unicode=True)
    _slug_check(OrgProductCollection, language_code=language_code, slug=slug, exclude_pk=collection.pk)
    collection.set_current_language(language_code)
    collection.title, collection.slug = title.strip(), slug
    collection.description = sanitize_html(description)
    collection.save_translations()
    storefront_content_changed()


def _collection_product_ids(collection: OrgProductCollection) -> list[int]:
    rows = OrgProductCollectionProduct.objects.filter(collection=collection).order_by("position", "id")
    return list(rows.values_list("product_id", flat=True))


@transaction.atomic
def collection_products_set(
    *, actor: Actor, collection: OrgProductCollection, product_ids: Sequence[int]
) -> None:
    """Make the collection hold exactly these products, in this order."""
    actor_check(actor)
    ordered = list(dict.fromkeys(int(pk) for pk in product_ids))
    known = set(OrgProduct.objects.filter(pk__in=ordered).values_list("pk", flat=True))
    if len(known) != len(ordered):
        raise ValidationError({"products": _("Choose products of this organization.")})
    before = _collection_product_ids(collection)
    audit_record(
        actor=actor,
        verb=Verb.UPDATE,
        target=collection,
        before={"products": before},
        after={"products": ordered},
    )
    OrgProductCollectionProduct.objects.filter(collection=collection).delete()
    OrgProductCollectionProduct.objects.bulk_create(
        OrgProductCollectionProduct(collection=collection, product_id=pk, position=index)
        for index, pk in enumerate(ordered)
    )
    storefront_content_changed()


@transaction.atomic
def tax_category_update(
    *,
    actor: Actor,
    category: OrgTaxCategory,
    code: str,
    name: str,
    name_translations: dict[str, str] | None = None,
) -> OrgTaxCategory:
    if OrgTaxCategory.objects.filter(code=code).exclude(pk=category.pk).exists():
        raise ValidationError({"code": _("Another tax category already uses this code.")})
    with audited(actor=actor, verb=Verb.UPDATE, target=category, fields=TAX_CATEGORY_FIELDS):
        category.code, category.name = code, name
        if name_translations is not None:
            category.name_translations = name_translations
        category.full_clean(validate_constraints=False)
        category.save()
    return category


@transaction.atomic
def tax_category_delete(*, actor: Actor, category: OrgTaxCategory) -> None:
    """Remove a tax category; its products are left without one."""
    audit_removing(actor=actor, target=category, fields=TAX_CATEGORY_FIELDS)
    category.delete()
