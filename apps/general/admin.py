from django.contrib import admin

from apps.general.models import Country, Currency, Locale


@admin.register(Locale)
class LocaleAdmin(admin.ModelAdmin):
    list_display = ["locale_key", "name", "native_name", "is_rtl", "is_active"]
    list_filter = ["is_active", "is_rtl"]
    list_editable = ["is_active"]
    search_fields = ["locale_key", "name", "native_name"]
    readonly_fields = ["locale_key", "name", "native_name", "language", "is_rtl"]


@admin.register(Currency)
class CurrencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "symbol", "minor_units", "is_active"]
    list_filter = ["is_active", "minor_units"]
    list_editable = ["is_active"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "name", "symbol", "minor_units"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["alpha2", "alpha3", "name", "default_currency", "is_active"]
    list_filter = ["is_active"]
    list_editable = ["is_active"]
    search_fields = ["alpha2", "alpha3", "name"]
    readonly_fields = ["alpha2", "alpha3", "numeric", "name", "default_currency"]
