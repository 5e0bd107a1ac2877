"""Terms of pay: validation of percentages and fixed amounts (currency precision from CLDR).

The payment app has its own money helpers, but it sits above this app; the rule is the same
(an amount has at most the currency's decimal places).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from babel.numbers import get_currency_precision
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.instructor.terms import CompensationKind

PERCENT_STEP = Decimal("0.01")
AMOUNT_LIMIT = Decimal("1e9")


def currency_quantize(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency)), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FixedAmount:
    per_sale: Decimal
    per_month: Decimal


@dataclass(frozen=True)
class Terms:
    """Compensation terms, validated: what a compensation row (and its amounts) will hold."""

    kind: str
    percent: Decimal = Decimal("0.00")
    amounts: Mapping[str, FixedAmount] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "percent": str(self.percent),
            "amounts": {
                code: {"per_sale": str(amount.per_sale), "per_month": str(amount.per_month)}
                for code, amount in self.amounts.items()
            },
        }


def _decimal(value: Any, *, field_name: str) -> Decimal:
    try:
        number = Decimal(str(value).strip()) if value not in (None, "") else Decimal(0)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValidationError({field_name: _("Enter a number.")}) from error
    if not number.is_finite():
        raise ValidationError({field_name: _("Enter a number.")})
    return number


def percent_validate(value: Any, *, field_name: str = "percent") -> Decimal:
    """A percentage from 0 to 100 with at most two decimal places."""
    percent = _decimal(value, field_name=field_name)
    if percent < 0 or percent > 100:
        raise ValidationError({field_name: _("Enter a percentage from 0 to 100.")})
    exponent = percent.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationError({field_name: _("A percentage has at most two decimal places.")})
    return percent.quantize(PERCENT_STEP)


def amount_validate(value: Any, currency: str, *, field_name: str) -> Decimal:
    """A non-negative amount with no more decimals than ``currency`` has."""
    amount = _decimal(value, field_name=field_name)
    if amount < 0:
        raise ValidationError({field_name: _("An amount cannot be negative.")})
    places = get_currency_precision(currency)
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValidationError(
            {
                field_name: _("%(currency)s amounts have at most %(places)d decimal places.")
                % {"currency": currency, "places": places}
            }
        )
    if amount >= AMOUNT_LIMIT:
        raise ValidationError({field_name: _("This amount is too large.")})
    return currency_quantize(amount, currency)


def terms_validate(
    *,
    kind: str,
    percent: Any = 0,
    amounts: Mapping[str, Mapping[str, Any]] | None = None,
    selling_currencies: Collection[str],
) -> Terms:
    """Terms checked against the org's selling currencies (its regions' currencies).

    ``amounts`` maps a currency code to ``{"per_sale": …, "per_month": …}``. Revenue share needs a
    percentage above zero and takes no amounts; fixed takes amounts and no percentage; hybrid both.
    """
    if kind not in {CompensationKind.REVENUE_SHARE, CompensationKind.FIXED, CompensationKind.HYBRID}:
        raise ValidationError({"kind": _("Choose revenue share, fixed or hybrid.")})
    share = percent_validate(percent) if kind != CompensationKind.FIXED else Decimal("0.00")
    if kind != CompensationKind.FIXED and share == 0:
        raise ValidationError({"percent": _("A revenue share needs a percentage above zero.")})
    checked: dict[str, FixedAmount] = {}
    for raw_code, values in (amounts or {}).items():
        code = str(raw_code).upper()
        if code not in selling_currencies:
            raise ValidationError(
                {
                    "amounts": _(
                        "This organization does not sell in %(currency)s; it sells in %(currencies)s."
                    )
                    % {"currency": code, "currencies": ", ".join(sorted(selling_currencies)) or "—"}
                }
            )
        per_sale = amount_validate(values.get("per_sale"), code, field_name="amounts")
        per_month = amount_validate(values.get("per_month"), code, field_name="amounts")
        if per_sale or per_month:
            checked[code] = FixedAmount(per_sale=per_sale, per_month=per_month)
    if kind == CompensationKind.REVENUE_SHARE and checked:
        raise ValidationError({"amounts": _("A revenue share takes no fixed amounts; choose hybrid.")})
    if kind != CompensationKind.REVENUE_SHARE and not checked:
        raise ValidationError({"amounts": _("Enter a fixed amount in at least one currency.")})
    return Terms(kind=kind, percent=share, amounts=dict(sorted(checked.items())))


def terms_from_json(data: Mapping[str, Any]) -> Terms:
    """Terms stored by ``Terms.as_json`` (already validated when stored)."""
    return Terms(
        kind=data["kind"],
        percent=Decimal(data.get("percent", "0")),
        amounts={
            code: FixedAmount(per_sale=Decimal(values["per_sale"]), per_month=Decimal(values["per_month"]))
            for code, values in data.get("amounts", {}).items()
        },
    )
