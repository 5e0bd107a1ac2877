"""What a creator is owed on a sale: the terms the ledger posts by (the seam between the apps).

The product app resolves, for products and a moment of sale, which instructor profiles share in each
product and on which compensation terms their affiliation stood at that moment
(`apps.product.attribution.creator_terms_at`). The ledger turns a paid line and these terms into
entries; it never reads affiliations or attributions itself.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


class CompensationKind:
    REVENUE_SHARE = "revenue_share"
    FIXED = "fixed"
    HYBRID = "hybrid"


@dataclass(frozen=True)
class CreatorTerm:
    """One creator's claim on one product's sales, as it stood at the moment of sale.

    A creator's amount on a line: basis x `percent` / 100 x `contribution_share` (revenue share and
    hybrid) plus `fixed_per_sale[currency]` x quantity (fixed and hybrid), never more than the basis.
    """

    profile_id: int
    affiliation_id: int
    kind: str  # a CompensationKind value
    # This creator's part of the product's creators' pool, 0 < share <= 1; a product's shares sum to <= 1.
    contribution_share: Decimal
    # Revenue-share percentage, 0..100 (0 for fixed-only terms).
    percent: Decimal = Decimal(0)
    # Fixed amount per sale by ISO currency code, quantized to the currency (empty for revenue share).
    fixed_per_sale: Mapping[str, Decimal] = field(default_factory=dict)
    # False when the affiliation was not active at the moment of sale (suspended, ended): no earnings.
    is_active: bool = True
    # Fixed amount per month by ISO currency code (fixed and hybrid terms), posted once a month.
    fixed_per_month: Mapping[str, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class MonthlyAmount:
    """A fixed amount per month one affiliation is owed for one month, in one currency."""

    affiliation_id: int
    profile_id: int
    currency: str
    amount: Decimal  # quantized to the currency, above zero
