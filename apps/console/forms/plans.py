"""Console forms of payment plans and their regional prices: parse input only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.console.forms.names import name_translation_fields_add, name_translations_take
from apps.general.tiers import BASE_TIER, MAX_ACCESS_TIER
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanSubscriptionType as Subscription


class PlanForm(forms.Form):
    variant = forms.TypedChoiceField(label=_("Variant"), coerce=int)
    plan_type = forms.ChoiceField(label=_("Type"), choices=Plan.PlanType.choices)
    access_tier = forms.IntegerField(
        label=_("Access tier"),
        min_value=BASE_TIER,
        max_value=MAX_ACCESS_TIER,
        initial=BASE_TIER,
        help_text=_("1 basic, 2 premium, 3 VIP"),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    features = forms.CharField(label=_("Features, one per line"), required=False, widget=forms.Textarea)
    interval = forms.ChoiceField(
        label=_("Interval (subscription)"), choices=Subscription.Interval.choices, required=False
    )
    interval_count = forms.IntegerField(label=_("Every (subscription)"), min_value=1, required=False)
    trial_days = forms.IntegerField(label=_("Trial days (subscription)"), min_value=0, required=False)
    unit_name = forms.CharField(label=_("Unit (usage-based)"), max_length=60, required=False)

    def __init__(self, *args, variants=(), **kwargs):
        kwargs.setdefault("auto_id", "plan_%s")  # shares a page with VariantForm: ids must differ
        super().__init__(*args, **kwargs)
        self.fields["variant"].choices = [(variant.pk, str(variant)) for variant in variants]  # type: ignore[attr-defined]
        name_translation_fields_add(self, field="unit_name", max_length=60)

    def details(self) -> dict:
        data, kind = self.cleaned_data, self.cleaned_data["plan_type"]
        if kind == "subscription":
            return {
                "interval": data.get("interval") or "month",
                "interval_count": data.get("interval_count") or 1,
                "trial_days": data.get("trial_days") or 0,
            }
        if kind == "usage_based":
            return {
                "unit_name": data.get("unit_name", ""),
                "unit_name_translations": name_translations_take(dict(data), "unit_name"),
            }
        return {}


class PriceForm(forms.Form):
    """One row per region: amount as text (so over-precise input reaches the service and is refused)."""

    amount = forms.DecimalField(label=_("Price"), required=False, max_digits=20, decimal_places=10)
    is_visible = forms.BooleanField(label=_("Offered"), required=False, initial=True)
