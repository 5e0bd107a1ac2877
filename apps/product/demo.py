"""Demo catalog: products of all four types with variants, and a featured collection. Idempotent."""

from __future__ import annotations

from typing import Any

from apps.locale_region.models import OrgBrand
from apps.product.models import OrgProduct, OrgProductCollection, OrgTaxCategory
from apps.product.services import (
    collection_create,
    collection_products_set,
    product_create,
    product_translation_save,
    product_variant_create,
    product_variant_translation_save,
    tax_category_create,
)

PRODUCTS: list[tuple[str, str, str, str, str, dict[str, Any]]] = [
    ("course", "Django for Teams", "django-for-teams", "Django für Teams", "Django para equipos", {}),
    ("course", "Practical SQL", "practical-sql", "Praktisches SQL", "SQL práctico", {}),
    ("digital", "Design System Kit", "design-system-kit", "Design-System-Kit", "Kit de sistema de diseño",
     {"file_name": "design-kit.zip"}),
    ("physical", "Printed Field Guide", "printed-field-guide", "Gedruckter Leitfaden", "Guía impresa",
     {"sku": "GUIDE-001", "weight_grams": 450, "stock_count": 120}),
    ("service", "Code Review Session", "code-review-session", "Code-Review-Sitzung",
     "Sesión de revisión de código", {"duration_minutes": 60, "delivery_mode": "online"}),
]  # fmt: skip
VARIANTS = [
    ("Self-paced", "Selbststudium", "A tu ritmo"),
    ("With mentoring", "Mit Mentoring", "Con mentoría"),
]


def seed(org) -> None:
    brand = OrgBrand.objects.filter(slug=org.slug).first()
    tax = OrgTaxCategory.objects.filter(code="e-services").first() or tax_category_create(
        code="e-services", name="Electronically supplied services"
    )
    created = []
    for kind, title, slug, title_de, title_es, extension in PRODUCTS:
        if OrgProduct._parler_meta.root_model.objects.filter(slug=slug, language_code="en-us").exists():
            continue
        product = product_create(
            product_type=kind,
            language_code="en-US",
            title=title,
            slug=slug,
            summary=f"{title} by {org.name}.",
            description=f"<p>{title}: everything you need, from {org.name}.</p>",
            brand=brand,
            tax_category=tax,
            extension=extension,
        )
        product_translation_save(product=product, language_code="de-DE", title=title_de, slug=f"{slug}-de")
        product_translation_save(product=product, language_code="es-MX", title=title_es, slug=f"{slug}-es")
        for position, (name, name_de, name_es) in enumerate(VARIANTS):
            variant = product_variant_create(
                product=product, language_code="en-US", name=name, position=position
            )
            product_variant_translation_save(variant=variant, language_code="de-DE", name=name_de)
            product_variant_translation_save(variant=variant, language_code="es-MX", name=name_es)
        created.append(product.pk)
    if created and not OrgProductCollection.objects.exists():
        collection = collection_create(
            language_code="en-US", title="Featured", slug="featured", kind="featured", is_published=True
        )
        collection_products_set(collection=collection, product_ids=created)
