"""The payment app's shop (org A, a product of each type priced in EUR, a buyer) and creators'
terms handed to the ledger in place of the product app's attribution."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from apps.instructor.terms import CompensationKind, CreatorTerm
from apps.product import attribution
from tests.payment.conftest import shop  # noqa: F401  (the fixture)


def share(profile_id: int, percent: str, contribution: str = "1", **options) -> CreatorTerm:
    return CreatorTerm(
        profile_id=profile_id,
        affiliation_id=profile_id,
        kind=options.pop("kind", CompensationKind.REVENUE_SHARE),
        contribution_share=Decimal(contribution),
        percent=Decimal(percent),
        **options,
    )


@pytest.fixture
def creators(monkeypatch) -> Callable[[dict[int, list[CreatorTerm]]], list]:
    """``creators({product_id: [terms]})``: the terms the ledger sees; returns the calls made."""
    calls: list = []

    def install(terms: dict[int, list[CreatorTerm]]) -> list:
        def creator_terms_at(*, product_ids, moments):
            calls.append((sorted(product_ids), sorted(moments)))
            found = {product_id: terms[product_id] for product_id in product_ids if product_id in terms}
            return dict.fromkeys(moments, found)

        monkeypatch.setattr(attribution, "creator_terms_at", creator_terms_at)
        return calls

    return install
