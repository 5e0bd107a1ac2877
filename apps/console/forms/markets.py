"""Console forms for locales, brands and regions: parse input only; rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.console.forms.names import (
    name_translation_fields_add,
    name_translations_initial,
    name_translations_take,
)
from apps.general.models import Locale
from apps.general.selectors import country_list_active_by_name, currency_list_active_by_code
from apps.locale_region.models import OrgBrand, OrgLocale, OrgRegion
from apps.locale_region.selectors import locale_list_addable, org_brand_list, org_locale_list
from volmify.forms import search_field


class OrgRegionListFilterForm(forms.Form):
    q = search_field(label=_("Search"))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=OrgRegion.RegionType.choices)


class OrgLocaleAddForm(forms.Form):
    locale: forms.ModelChoiceField[Locale] = forms.ModelChoiceField(label=_("Locale"), queryset=None)
    is_default = forms.BooleanField(label=_("Make it the default locale"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locale"].queryset = locale_list_addable()  # type: ignore[attr-defined]


class OrgBrandForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(
        label=_("Slug"), max_length=60, required=False, help_text=_("Leave empty to derive it from the name.")
    )
    legal_name = forms.CharField(label=_("Legal name"), max_length=200, required=False)
    logo_url = forms.URLField(label=_("Logo URL"), required=False, assume_scheme="https")
    primary_color = forms.CharField(
        label=_("Primary colour"),
        max_length=7,
        initial="#1f4fd6",
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    secondary_color = forms.CharField(
        label=_("Secondary colour"),
        max_length=7,
        initial="#0f172a",
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    @classmethod
    def initial_from(cls, brand: OrgBrand) -> dict[str, Any]:
        return {name: getattr(brand, name) for name in cls.base_fields}


class OrgRegionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    slug = forms.SlugField(label=_("Slug"), max_length=40)
    region_type = forms.ChoiceField(label=_("Type"), choices=OrgRegion.RegionType.choices)
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=country_list_active_by_name(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    currency = forms.ModelChoiceField(label=_("Currency"), queryset=currency_list_active_by_code())
    locales: forms.ModelMultipleChoiceField[OrgLocale] = forms.ModelMultipleChoiceField(
        label=_("Locales served"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    default_locale: forms.ModelChoiceField[OrgLocale] = forms.ModelChoiceField(
        label=_("Default locale"), queryset=None
    )
    brand: forms.ModelChoiceField[OrgBrand] = forms.ModelChoiceField(
        label=_("Brand"), queryset=None, required=False
    )
    access_type = forms.ChoiceField(label=_("Reached by"), choices=OrgRegion.AccessType.choices)
    host = forms.CharField(
        label=_("Host"),
        max_length=253,
        required=False,
        help_text=_("For its own domain or a subdomain, e.g. eu.example.com."),
    )
    path_prefix = forms.SlugField(
        label=_("Path prefix"),
        max_length=20,
        required=False,
        help_text=_("For a path prefix, e.g. eu for /eu/."),
    )
    is_default = forms.BooleanField(label=_("Default region"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)

    def __init__(self, *args: Any, is_new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_new:  # a new region is active; it is deactivated by editing it
            del self.fields["is_active"]
        org_locales = org_locale_list()
        self.fields["locales"].queryset = org_locales  # type: ignore[attr-defined]
        self.fields["default_locale"].queryset = org_locales  # type: ignore[attr-defined]
        self.fields["brand"].queryset = org_brand_list()  # type: ignore[attr-defined]
        name_translation_fields_add(self, field="name", max_length=120)

    @classmethod
    def initial_from(cls, region: OrgRegion) -> dict[str, Any]:
        initial = {
            name: getattr(region, name) for name in cls.base_fields if name not in ("countries", "locales")
        }
        initial["countries"] = list(region.countries.all())
        initial["locales"] = list(region.locales.all())
        return initial | name_translations_initial("name", region.name_translations)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["countries"], data["locales"] = list(data["countries"]), list(data["locales"])
        data["name_translations"] = name_translations_take(data, "name")
        return data
