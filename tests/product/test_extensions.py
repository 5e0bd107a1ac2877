"""Apps above the product app extend products through a registry, never by being named by it."""

from django.db.models import Q

from apps.product.extensions import product_catalog_filter, product_extensions_related


def test_the_course_app_registers_its_extension_row():
    assert product_extensions_related() == ["course"]


def test_the_level_filter_is_the_course_extensions():
    assert product_catalog_filter("level", "beginner") == Q(course__level="beginner")


def test_a_filter_no_extension_offers_keeps_every_product():
    assert product_catalog_filter("colour", "red") == Q()
