"""Which creators share in a product's sales, and on which terms (read by the ledger).

Until instructor attribution on products lands (issue 11), no product has creators: every sale's
basis stays with the org.
"""

from collections.abc import Iterable
from datetime import datetime

from apps.instructor.terms import CreatorTerm


def creator_terms_for(*, product_ids: Iterable[int], at: datetime) -> dict[int, list[CreatorTerm]]:
    """The creators of each product with their terms at `at`, keyed by product id.

    Products without creators are absent from the result. One query plan whatever the number of
    products (the ledger calls it once per batch of lines).
    """
    return {}
