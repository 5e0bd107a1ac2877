"""The division of a line: exact rules on small cases, and properties on many random ones
(fixed seeds: the same cases every run)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from apps.instructor.terms import CompensationKind, CreatorTerm
from apps.ledger.split import LineFacts, creator_rates, line_split, sale_entries, unit_rates
from apps.payment.money import minor_units

D = Decimal


def _line(amount: str, currency: str = "EUR", *, quantity: int = 1, fee: str = "0") -> LineFacts:
    return LineFacts(
        line_id=1, product_id=1, currency=currency, quantity=quantity, amount=D(amount), platform_fee=D(fee)
    )


def _share(profile: int, percent: str, share: str = "1", *, active: bool = True) -> CreatorTerm:
    return CreatorTerm(
        profile_id=profile,
        affiliation_id=profile,
        kind=CompensationKind.REVENUE_SHARE,
        contribution_share=D(share),
        percent=D(percent),
        is_active=active,
    )


def _fixed(profile: int, amounts: dict[str, str], *, percent: str = "0") -> CreatorTerm:
    return CreatorTerm(
        profile_id=profile,
        affiliation_id=profile,
        kind=CompensationKind.HYBRID if D(percent) else CompensationKind.FIXED,
        contribution_share=D(1),
        percent=D(percent),
        fixed_per_sale={code: D(value) for code, value in amounts.items()},
    )


def test_a_revenue_share_is_taken_on_the_amount_net_of_the_platform_fee():
    split = line_split(_line("100.00", fee="10.00"), [_share(7, "30")])
    assert (split.platform_fee, split.creators) == (D("10.00"), {7: D("27.00")})
    assert split.org_revenue == D("63.00")
    assert split.entries() == [
        ("clearing", None, D("-100.00")),
        ("platform_fee", None, D("10.00")),
        ("org_revenue", None, D("63.00")),
        ("creator_payable", 7, D("27.00")),
    ]


def test_co_authors_split_a_pool_by_contribution_and_the_remainder_unit_is_allocated():
    split = line_split(_line("10.00"), [_share(1, "50", "0.3333"), _share(2, "50", "0.6667")])
    # claims 1.6665 and 3.3335: the org's 5.00 and the parts sum to exactly 10.00
    assert split.creators == {1: D("1.67"), 2: D("3.33")}
    assert split.org_revenue == D("5.00")


def test_fixed_per_sale_counts_each_unit_in_the_line_currency_only():
    terms = [_fixed(3, {"EUR": "2.50", "USD": "3.00"})]
    assert line_split(_line("20.00", quantity=3), terms).creators == {3: D("7.50")}
    assert line_split(_line("20.00", "GBP", quantity=3), terms).creators == {}


def test_hybrid_adds_the_fixed_amount_to_the_share():
    split = line_split(_line("100.00"), [_fixed(4, {"EUR": "5.00"}, percent="10")])
    assert split.creators == {4: D("15.00")}


def test_fixed_amounts_never_exceed_the_basis():
    split = line_split(_line("5.00", fee="1.00"), [_fixed(1, {"EUR": "10.00"}), _fixed(2, {"EUR": "6.00"})])
    assert split.creators == {1: D("2.50"), 2: D("1.50")}
    assert split.org_revenue == D("0.00")


def test_inactive_terms_earn_nothing():
    assert line_split(_line("50.00"), [_share(1, "40", active=False)]).creators == {}


def test_a_line_without_creators_stays_with_the_org():
    split = line_split(_line("1000", "JPY", fee="50"), [])
    assert (split.org_revenue, split.creators) == (D("950"), {})


def test_the_deductions_shrink_in_proportion_to_what_is_left():
    split = line_split(_line("100.00", fee="10.00"), [_share(1, "50")], amount_now=D("40.00"))
    assert (split.platform_fee, split.creators, split.org_revenue) == (D("4.00"), {1: D("18.00")}, D("18.00"))
    nothing = line_split(_line("100.00", fee="10.00"), [_share(1, "50")], amount_now=D("0.00"))
    assert nothing.entries() == []


def _random_terms(rng: random.Random, currency: str) -> list[CreatorTerm]:
    count = rng.randint(0, 4)
    shares = [D(rng.randint(1, 1000)) for _ in range(count)]
    total = sum(shares, D(0)) or D(1)
    pool = D(rng.randint(50, 100)) / 100  # the creators' pool is up to 100% of the product
    step = D(1).scaleb(-minor_units(currency))
    terms = []
    for index, share in enumerate(shares):
        kind = rng.choice([CompensationKind.REVENUE_SHARE, CompensationKind.FIXED, CompensationKind.HYBRID])
        terms.append(
            CreatorTerm(
                profile_id=index + 1,
                affiliation_id=index + 1,
                kind=kind,
                contribution_share=(share / total * pool).quantize(D("0.0001")),
                percent=D(rng.randint(0, 10000)) / 100,
                fixed_per_sale={currency: step * rng.randint(0, 5000)},
                is_active=rng.random() > 0.1,
            )
        )
    return terms


@pytest.mark.parametrize("currency", ["JPY", "KWD", "USD", "EUR", "BHD"])
@pytest.mark.parametrize("seed", range(5))
def test_parts_always_sum_exactly_and_nobody_is_negative(currency, seed):
    rng = random.Random(f"{currency}-{seed}")
    step = D(1).scaleb(-minor_units(currency))
    for _ in range(200):
        amount = step * rng.randint(0, 10**7)
        line = LineFacts(
            line_id=1,
            product_id=1,
            currency=currency,
            quantity=rng.randint(1, 5),
            amount=amount,
            platform_fee=(amount * D(rng.randint(0, 30)) / 100).quantize(step, rounding="ROUND_DOWN"),
        )
        terms = _random_terms(rng, currency)
        amount_now = step * rng.randint(0, int(amount / step)) if rng.random() < 0.5 else None
        split = line_split(line, terms, amount_now=amount_now)
        entries = split.entries()
        assert sum(amount for _, _, amount in entries) == 0
        assert all(value >= 0 for account, _, value in entries if account != "clearing")
        assert all(value == value.quantize(step) for _, _, value in entries)
        basis = split.amount - split.platform_fee - split.tax - split.provider_fee
        assert sum(split.creators.values(), D(0)) + split.org_revenue == basis
        assert set(split.creators) <= {term.profile_id for term in terms if term.is_active}


@pytest.mark.parametrize("currency", ["JPY", "KWD", "USD", "EUR", "BHD"])
@pytest.mark.parametrize("seed", range(5))
def test_the_whole_number_sale_path_divides_exactly_as_line_split(currency, seed):
    rng = random.Random(f"units-{currency}-{seed}")
    step = D(1).scaleb(-minor_units(currency))
    compared = 0
    for _ in range(300):
        amount = step * rng.randint(0, 10**7)
        line = LineFacts(
            line_id=1,
            product_id=1,
            currency=currency,
            quantity=rng.randint(1, 5),
            amount=amount,
            platform_fee=(amount * D(rng.randint(0, 30)) / 100).quantize(step, rounding="ROUND_DOWN"),
            tax=(amount * D(rng.randint(0, 20)) / 100).quantize(step, rounding="ROUND_DOWN"),
        )
        rates = creator_rates(_random_terms(rng, currency), currency)
        whole = unit_rates(rates, currency)
        assert whole is not None
        fast = sale_entries(line, whole)
        assert fast is not None
        slow = line_split(line, (), rates=rates).entries()
        assert [(a, p, D(text)) for a, p, text in fast] == [(str(a), p, value) for a, p, value in slow]
        compared += 1
    assert compared == 300


def test_the_whole_number_path_steps_aside_for_amounts_finer_than_the_currency():
    rates = creator_rates([_fixed(1, {"EUR": "0.005"})], "EUR")
    assert unit_rates(rates, "EUR") is None
    whole = unit_rates(creator_rates([_share(1, "30")], "EUR"), "EUR")
    assert sale_entries(_line("10.005"), whole) is None
    assert sale_entries(_line("10.00"), whole) == [
        ("clearing", None, "-10.00"),
        ("org_revenue", None, "7.00"),
        ("creator_payable", 1, "3.00"),
    ]
