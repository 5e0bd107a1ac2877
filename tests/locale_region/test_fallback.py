"""The one translation resolver: the chains it follows and the order it picks in."""

from types import SimpleNamespace

import pytest

from apps.locale_region.fallback import (
    attach_translations,
    locale_chain_for_console,
    locale_chain_for_market,
    translation_resolve,
    translation_text,
)
from apps.locale_region.selectors import MarketSnapshot, RegionInfo
from apps.product.models import OrgProduct
from apps.product.services import product_translation_save
from tests.actors import TEST_ACTOR
from tests.course.factories import LessonFactory
from tests.locale_region.factories import market
from tests.product.factories import OrgProductFactory

ORG_LOCALES = ("en-US", "es-MX", "de-DE")


def _region(*locale_keys: str) -> RegionInfo:
    return RegionInfo(
        id=1, slug="r", name="R", region_type="single_country", currency_code="USD",
        locale_keys=locale_keys, country_codes=("US",), access_type="path", host="", path_prefix="r",
        is_default=True, brand=None,
    )  # fmt: skip


def _market(locale_key: str, region: RegionInfo | None = None, org_locales=ORG_LOCALES) -> SimpleNamespace:
    return SimpleNamespace(
        snapshot=MarketSnapshot(locale_keys=org_locales), region=region, locale_key=locale_key
    )


@pytest.mark.parametrize(
    ("market_", "expected"),
    [
        # the visitor's locale, the region's (its default first), then the org's; each then its language
        (
            _market("es-MX", _region("es-MX", "en-US")),
            ("es-MX", "es", "en-US", "en", "de-DE", "de"),
        ),
        (
            _market("de-DE", _region("de-DE", "en-US")),
            ("de-DE", "de", "en-US", "en", "es-MX", "es"),
        ),
        # a locale the visitor chose outside the region's default comes first, the region's next
        (
            _market("en-US", _region("de-DE", "en-US")),
            ("en-US", "en", "de-DE", "de", "es-MX", "es"),
        ),
        # an org without regions: the org's locales, its default first
        (_market("es-MX"), ("es-MX", "es", "en-US", "en", "de-DE", "de")),
        # an org without locales yet: only the site language the storefront falls back to
        (_market("en", org_locales=()), ("en",)),
    ],
)
def test_the_storefront_chain(market_, expected):
    assert locale_chain_for_market(market_) == expected


@pytest.mark.parametrize(
    ("interface_language", "org_locales", "expected"),
    [
        # the console: the org's default locale, then its others by position
        ("", ORG_LOCALES, ("en-US", "en", "es-MX", "es", "de-DE", "de")),
        ("", ("de-DE", "en-US"), ("de-DE", "de", "en-US", "en")),
        # the studio reads content in the interface language it writes it in, first
        ("es", ORG_LOCALES, ("es", "en-US", "en", "es-MX", "de-DE", "de")),
        ("ar", (), ("ar",)),
    ],
)
def test_the_console_chain(interface_language, org_locales, expected):
    market_ = _market("en-US", org_locales=org_locales)
    assert locale_chain_for_console(market_, interface_language=interface_language) == expected


def _rows(*codes: str, **titles: str) -> list[SimpleNamespace]:
    return [
        SimpleNamespace(language_code=code, title=titles.get(code.replace("-", "_"), code)) for code in codes
    ]


STOREFRONT_MX = ("es-MX", "es", "en-US", "en", "de-DE", "de")


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (["de-de", "en-us", "es-mx"], "es-mx"),  # the visitor's locale
        (["de-de", "es", "en-us"], "es"),  # then its language
        (["de-de", "en-us"], "en-us"),  # then the region's
        (["de-de", "fr-fr"], "de-de"),  # then the org's
        (["fr-fr", "it-it"], "fr-fr"),  # then any, never nothing
        ([], None),
    ],
)
def test_the_first_translation_along_the_chain_is_picked(codes, expected):
    row = translation_resolve(_rows(*codes), chain=STOREFRONT_MX)
    assert (row.language_code if row else None) == expected


def test_an_exact_lookup_finds_only_that_locale():
    rows = _rows("en-us", "es")
    assert translation_resolve(rows, chain=("es-MX",), any_language=False) is None
    assert translation_resolve(rows, chain=("en-US",), any_language=False).language_code == "en-us"


def test_a_field_left_empty_in_a_translation_is_read_from_the_next_one():
    rows = _rows("es-mx", "en-us", es_mx="", en_us="Welcome")
    assert translation_text(rows, "title", chain=STOREFRONT_MX) == "Welcome"
    assert translation_resolve(rows, chain=STOREFRONT_MX).language_code == "es-mx"
    assert translation_text(_rows("es-mx", es_mx=""), "title", chain=STOREFRONT_MX) == ""


def _translated(*codes: str) -> SimpleNamespace:
    return SimpleNamespace(translations=SimpleNamespace(all=lambda: _rows(*codes)))


def test_a_fallback_is_marked_as_one():
    chosen, fallen_back = _translated("en-us", "es-mx"), _translated("en-us")
    attach_translations([chosen, fallen_back], STOREFRONT_MX)
    assert (chosen.tr.language_code, chosen.tr_is_fallback) == ("es-mx", False)
    assert (fallen_back.tr.language_code, fallen_back.tr_is_fallback) == ("en-us", True)


@pytest.mark.parametrize(
    ("locale_key", "region_keys", "org_locales", "expected"),
    [
        ("es-MX", ("es-MX", "en-US"), ORG_LOCALES, "Cerámica"),
        ("de-DE", ("de-DE", "en-US"), ORG_LOCALES, "Pottery"),  # the region's English
        ("de-DE", ("de-DE",), ("de-DE", "es-MX", "en-US"), "Cerámica"),  # then the org's order
    ],
)
def test_a_products_title_follows_the_storefront_chain_without_a_query(
    in_org, org_a, django_assert_num_queries, locale_key, region_keys, org_locales, expected
):
    in_org(org_a)
    market(3)  # org locales en-US (default), es-MX, de-DE
    product = OrgProductFactory(language_code="es-MX", title="Cerámica", slug="ceramica")
    product_translation_save(
        actor=TEST_ACTOR, product=product, language_code="en-US", title="Pottery", slug="pottery"
    )
    product = OrgProduct.objects.prefetch_related("translations").get(pk=product.pk)
    chain = locale_chain_for_market(_market(locale_key, _region(*region_keys), org_locales))
    with django_assert_num_queries(0):
        assert translation_text(product, "title", chain=chain) == expected


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        (locale_chain_for_market(_market("es-MX", _region("es-MX", "en-US"))), "Bienvenida"),
        (locale_chain_for_market(_market("en-US", _region("en-US"))), "Welcome"),  # "en" for en-US
        (locale_chain_for_console(_market("en-US"), interface_language="es"), "Hola"),
        (locale_chain_for_console(_market("en-US"), interface_language="ar"), "Welcome"),
        (locale_chain_for_console(_market("en-US")), "Welcome"),
    ],
)
def test_a_lessons_title_follows_the_storefront_and_studio_chains(in_org, org_a, chain, expected):
    in_org(org_a)
    lesson = LessonFactory(title="Welcome")  # written in the interface language, "en"
    for code, title in (("es-mx", "Bienvenida"), ("es", "Hola")):
        lesson.set_current_language(code)
        lesson.title = title
        lesson.save()
    lesson = type(lesson).objects.prefetch_related("translations").get(pk=lesson.pk)
    assert sorted(row.language_code for row in lesson.translations.all()) == ["en", "es", "es-mx"]
    assert translation_text(lesson, "title", chain=chain) == expected
