"""Review ratings (1 to 5), shown with one decimal everywhere: the product page, the storefront's
cards and the creator dashboard round an average the same way, so one product never shows two
different averages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

RATING_STEP = Decimal("0.1")


def rating_round(average: Any) -> Decimal:
    """An average rating rounded for display: one decimal, halves up (4.25 -> 4.3)."""
    return Decimal(str(average)).quantize(RATING_STEP, rounding=ROUND_HALF_UP)
