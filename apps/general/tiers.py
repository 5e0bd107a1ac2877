"""Access tiers, defined once: what a payment plan grants, what an enrollment holds and what a
module, section or lesson requires. Plans, enrollments, course content and the studio all take
their bounds, validation and names from here, so a plan's tier and an enrollment's tier accept
exactly the same values."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext

BASE_TIER = 1  # everyone enrolled
MAX_ACCESS_TIER = 6
ACCESS_TIERS = range(BASE_TIER, MAX_ACCESS_TIER + 1)
TIER_VALIDATORS = [MinValueValidator(BASE_TIER), MaxValueValidator(MAX_ACCESS_TIER)]


def tier_name(tier: int) -> str:
    """1 Basic, 2 Premium, 3 VIP, then Tier 4 up to the highest."""
    names = {1: gettext("Basic"), 2: gettext("Premium"), 3: gettext("VIP")}
    return names.get(tier) or gettext("Tier %(number)d") % {"number": tier}


def tier_validate(tier: int | None) -> None:
    """Refuse a tier outside 1..MAX_ACCESS_TIER (``None``, "no requirement", passes)."""
    if tier is not None and not BASE_TIER <= tier <= MAX_ACCESS_TIER:
        raise ValidationError(
            gettext("An access tier must be between %(low)d and %(high)d.")
            % {"low": BASE_TIER, "high": MAX_ACCESS_TIER},
            code="tier",
        )


def tier_range_q(field: str) -> Q:
    """The database check of a tier column (for ``CheckConstraint``)."""
    return Q(**{f"{field}__gte": BASE_TIER, f"{field}__lte": MAX_ACCESS_TIER})
