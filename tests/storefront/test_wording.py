"""Durations and billing periods read as phrases of the page's language, never "300 s" or "per Month"."""

import pytest
from django.utils import translation

from apps.payment.models import OrgProductVariantPaymentPlanSubscriptionType as Subscription
from apps.storefront.templatetags.storefront import billing_period, duration


@pytest.mark.parametrize(
    ("language", "seconds", "expected"),
    [
        ("en", 300, "5 minutes"),
        ("en", 5400, "1 hour and 30 minutes"),
        ("en", 45, "45 seconds"),
        ("es", 300, "5 minutos"),
        ("ar", 5400, "ساعة و30 دقيقة"),
        ("en", 0, ""),
        ("en", None, ""),
    ],
)
def test_durations_in_words(language, seconds, expected):
    with translation.override(language):
        assert duration(seconds) == expected


@pytest.mark.parametrize(
    ("interval", "count", "expected"),
    [
        ("month", 1, "per month"),
        ("month", 3, "every 3 months"),
        ("year", 1, "per year"),
        ("week", 2, "every 2 weeks"),
    ],
)
def test_billing_periods_are_whole_lowercase_phrases(interval, count, expected):
    with translation.override("en"):
        assert billing_period(Subscription(interval=interval, interval_count=count)) == expected
