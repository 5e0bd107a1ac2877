"""The registries hold everything Babel/CLDR and pycountry know, with the right details."""

import pycountry
import pytest
from babel import localedata

from apps.general.models import Country, Currency, Locale
from apps.general.registries import NON_MONEY_CURRENCIES
from apps.general.services import registries_sync
from tests.actors import TEST_ACTOR


def test_every_babel_locale_is_loaded_as_bcp47(db):
    assert Locale.objects.count() == len(set(localedata.locale_identifiers()) - {"root"})
    assert Locale.objects.filter(locale_key__contains="_").count() == 0


@pytest.mark.parametrize(
    ("key", "name", "native", "rtl"),
    [
        ("es-MX", "Spanish (Mexico)", "español (México)", False),
        ("ar-EG", "Arabic (Egypt)", "العربية (مصر)", True),
        ("zh-Hans-CN", "Chinese (Simplified, China)", "中文 (简体, 中国)", False),
        ("en", "English", "English", False),
    ],
)
def test_locale_details(db, key, name, native, rtl):
    locale = Locale.objects.get(locale_key=key)
    assert (locale.name, locale.native_name, locale.is_rtl) == (name, native, rtl)


@pytest.mark.parametrize(("code", "minor_units"), [("USD", 2), ("JPY", 0), ("KWD", 3), ("EUR", 2)])
def test_current_currencies_are_active_with_their_minor_units(db, code, minor_units):
    currency = Currency.objects.get(code=code)
    assert (currency.minor_units, currency.is_active) == (minor_units, True)


def test_historical_currencies_are_loaded_inactive_and_metals_not_at_all(db):
    assert Currency.objects.get(code="DEM").is_active is False
    assert not Currency.objects.filter(code__in=NON_MONEY_CURRENCIES).exists()


def test_every_iso_country_is_loaded_with_its_currency(db):
    assert Country.objects.count() == len(pycountry.countries)
    germany = Country.objects.select_related("default_currency").get(alpha2="DE")
    assert (germany.alpha3, germany.numeric, germany.name, germany.default_currency.code) == (
        "DEU",
        "276",
        "Germany",
        "EUR",
    )


def test_sync_is_idempotent_and_keeps_admin_choices(db):
    Locale.objects.filter(locale_key="fr-CA").update(is_active=False)
    counts = registries_sync(actor=TEST_ACTOR)
    assert counts == {
        "locales": Locale.objects.count(),
        "currencies": Currency.objects.count(),
        "countries": Country.objects.count(),
    }
    assert Locale.objects.get(locale_key="fr-CA").is_active is False


def test_staff_toggle_is_active_in_the_admin(staff_client):
    client = staff_client
    currency = Currency.objects.get(code="USD")
    response = client.post(
        "/admin/general/currency/?q=USD",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(currency.pk),
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    currency.refresh_from_db()
    assert currency.is_active is False
