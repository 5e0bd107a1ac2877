"""schema.org JSON-LD of a product page: ``Course`` for courses, ``Product`` otherwise."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from apps.product.models import OrgProduct
from apps.product.reviews import RatingAverage

# What must not appear raw inside a <script> element: the same escapes as Django's json_script.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script_text(data: dict[str, Any]) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` element: no text in it can close the element."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES))


def product_json_ld(
    *,
    product: OrgProduct,
    variants: list[Any],
    currency_code: str,
    rating: RatingAverage | None,
    creators: list[dict[str, str]],
    url: str,
    images: list[str] | None = None,
) -> dict[str, Any]:
    is_course = product.product_type == OrgProduct.ProductType.COURSE
    offers = [
        {
            "@type": "Offer",
            "name": str(plan.tr.name),
            "price": str(plan.region_price.amount),
            "priceCurrency": currency_code,
            "availability": "https://schema.org/InStock",
            "url": url,
            **({"category": "Subscription"} if plan.plan_type == "subscription" else {}),
        }
        for variant in variants
        for plan in variant.offered_plans
        if plan.region_price is not None
    ]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course" if is_course else "Product",
        "name": product.tr.title,
        "description": product.tr.seo_description or product.tr.summary,
        "url": url,
    }
    if images:  # the gallery's pictures (absolute addresses), else the older single image address
        data["image"] = images
    elif product.image_url:
        data["image"] = product.image_url
    if offers:
        data["offers"] = offers
    if product.brand:
        kind, key = ("Organization", "provider") if is_course else ("Brand", "brand")
        data[key] = {"@type": kind, "name": product.brand.name}
    if creators:
        data["author"] = [{"@type": "Person", "name": c["name"], "url": c["url"]} for c in creators]
    if rating is not None:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(rating.average),
            "reviewCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return {key: value for key, value in data.items() if value not in (None, "")}
