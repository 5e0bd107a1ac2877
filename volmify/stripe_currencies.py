"""Stripe's table of how it writes amounts per currency (its "Zero-decimal" and "Three-decimal"
currency lists and special cases), in the core so that the domain (``apps.payment.minor_units``,
which decides what is charged) and the local stand-in (``volmify.stripe_standin``, which shows
amounts) read the same table."""

from __future__ import annotations

ZERO_DECIMAL = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)
THREE_DECIMAL = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
# Two-decimal in the API but charged in whole units: the amount is a multiple of 100.
WHOLE_UNITS_ONLY = frozenset({"ISK"})
