"""Forms reading the storefront's query strings."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.product.models import OrgProduct
from volmify.forms import id_field, search_field

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# a price filter as wide as the prices the catalog stores (payment.OrgPlanMarketRegion.amount)
PRICE_MAX_DIGITS = 14
PRICE_DECIMAL_PLACES = 3


def _price_field(label: StrOrPromise) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=PRICE_MAX_DIGITS,
        decimal_places=PRICE_DECIMAL_PLACES,
    )


class CatalogFilterForm(forms.Form):
    q = search_field(label=_("Search"))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=OrgProduct.ProductType.choices)
    skill = id_field(label=_("Skill"))
    level = forms.CharField(label=_("Level"), required=False, max_length=20)
    min = _price_field(_("Min price"))
    max = _price_field(_("Max price"))
