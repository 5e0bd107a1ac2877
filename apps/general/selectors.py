"""Reads of the global registries."""

from django.db.models import QuerySet

from apps.general.models import Country, Currency, Locale


def locale_list_active() -> QuerySet[Locale]:
    return Locale.objects.filter(is_active=True)


def currency_list_active() -> QuerySet[Currency]:
    return Currency.objects.filter(is_active=True)


def country_list_active() -> QuerySet[Country]:
    return Country.objects.filter(is_active=True).select_related("default_currency")


def country_list_active_by_name() -> QuerySet[Country]:
    return country_list_active().order_by("name")


def currency_list_active_by_code() -> QuerySet[Currency]:
    return currency_list_active().order_by("code")
