"""A course product's curriculum on its product page: modules, sections and lessons with their
lengths, lock marks by tier, and links to the free preview lessons a visitor can open."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from babel.dates import format_timedelta
from django.urls import reverse

from apps.course.selectors.outline import course_outline
from apps.product.models import OrgProduct
from apps.storefront.market import Market


def babel_locale(locale_key: str) -> str:
    """The page's language as a Babel locale (``pt-BR`` -> ``pt_BR``); the region's country is not
    part of it: lengths read in the language the page is written in."""
    return locale_key.replace("-", "_")


def duration_text(seconds: int | None, locale_key: str) -> str:
    """``12 min``, ``1 hr 20 min``: in the page's language; empty for an unknown length."""
    if not seconds:
        return ""
    locale = babel_locale(locale_key)
    hours, minutes = divmod(max(1, round(seconds / 60)), 60)
    parts = [timedelta(hours=hours)] if hours else []
    if minutes or not hours:
        parts.append(timedelta(minutes=minutes))
    return " ".join(format_timedelta(part, threshold=1.0, format="short", locale=locale) for part in parts)


def product_course_context(product: OrgProduct, market: Market, language: str) -> dict[str, Any]:
    """The curriculum of a course-type product as a visitor sees it (tier 0), or nothing."""
    course = (
        getattr(product, "course", None) if product.product_type == OrgProduct.ProductType.COURSE else None
    )
    if course is None:
        return {}
    outline = course_outline(course=course, chain=market.fallback_chain, learner_tier=0)

    def lesson(node: Any) -> dict[str, Any]:
        is_open = node.placement_id in outline.open_placement_ids
        return {
            "title": node.title,
            "tier": node.tier,
            "type_label": node.lesson_type_label,
            "duration": duration_text(node.duration_seconds, language),
            "preview_url": reverse("course_lesson", args=[course.pk, node.placement_id]) if is_open else "",
        }

    modules = [
        {
            "title": module.title,
            "tier": module.tier,
            "sections": [
                {
                    "title": section.title,
                    "tier": section.tier,
                    "placements": [lesson(n) for n in section.placements],
                }
                for section in module.sections
            ],
        }
        for module in outline.modules
    ]
    total = sum(node.duration_seconds or 0 for node in outline.placements)
    return {
        "curriculum": {
            "modules": modules,
            "lesson_count": len(outline.placements),
            "total": duration_text(total, language),
        }
    }
