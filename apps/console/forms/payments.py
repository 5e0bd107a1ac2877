"""Console forms of the payment settings: connecting Stripe and the manual provider of a region."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.general.selectors import country_list_active_by_name
from apps.payment.services.settings import INSTRUCTIONS_MAX_LENGTH

if TYPE_CHECKING:
    from apps.general.models import Country


class StripeConnectForm(forms.Form):
    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        label=_("Country of your business"),
        queryset=None,
        to_field_name="alpha2",
        help_text=_("Where your business is registered. Stripe cannot change it later."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice: Any = self.fields["country"]
        choice.queryset = country_list_active_by_name()


class ManualPaymentForm(forms.Form):
    """Bank transfer on or off in one region, and its instructions in each of the org's locales."""

    is_enabled = forms.BooleanField(label=_("Offer bank transfer or invoice in this region"), required=False)

    def __init__(self, *args: Any, locale_keys: Sequence[str], default_key: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locale_keys = list(locale_keys)
        for key in self.locale_keys:
            label = _("Instructions (%(locale)s)") % {"locale": key}
            self.fields[self.field_name(key)] = forms.CharField(
                label=label,
                required=False,
                max_length=INSTRUCTIONS_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4, "lang": key}),
                help_text=_("Required: the region's default language.") if key == default_key else "",
            )

    @staticmethod
    def field_name(locale_key: str) -> str:
        return f"instructions_{locale_key}"

    def instructions(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(self.field_name(key)) or "" for key in self.locale_keys}
