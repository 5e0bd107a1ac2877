"""Console forms: parse input only; rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.general.tiers import BASE_TIER, MAX_ACCESS_TIER
from apps.locale_region.models import OrgBrand
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.payment.models import OrgProductVariantPaymentPlanSubscriptionType as Subscription
from apps.product.models import OrgProduct, OrgProductService, OrgTaxCategory

DESCRIPTION_MAX_LENGTH = 50_000


class ProductTranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(label=_("Slug"), max_length=200, required=False, allow_unicode=True)
    summary = forms.CharField(label=_("Summary"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea, max_length=DESCRIPTION_MAX_LENGTH
    )
    seo_title = forms.CharField(label=_("SEO title"), max_length=70, required=False)
    seo_description = forms.CharField(label=_("SEO description"), max_length=160, required=False)


class ProductCreateForm(ProductTranslationForm):
    product_type = forms.ChoiceField(label=_("Type"), choices=OrgProduct.ProductType.choices)
    brand = forms.ModelChoiceField(label=_("Brand"), queryset=OrgBrand.objects.all(), required=False)
    tax_category = forms.ModelChoiceField(
        label=_("Tax category"), queryset=OrgTaxCategory.objects.all(), required=False
    )
    sku = forms.CharField(label=_("SKU (physical)"), max_length=64, required=False)
    weight_grams = forms.IntegerField(label=_("Weight in grams (physical)"), min_value=0, required=False)
    stock_count = forms.IntegerField(label=_("Stock (physical)"), min_value=0, required=False)
    file_name = forms.CharField(label=_("File name (digital)"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes (service)"), min_value=1, required=False
    )
    delivery_mode = forms.ChoiceField(
        label=_("Delivery mode (service)"), choices=OrgProductService.DeliveryMode.choices, required=False
    )

    EXTENSION = {
        "physical": ("sku", "weight_grams", "stock_count"),
        "digital": ("file_name",),
        "service": ("duration_minutes", "delivery_mode"),
        "course": (),
    }

    def extension(self) -> dict:
        names = self.EXTENSION[self.cleaned_data["product_type"]]
        return {
            name: self.cleaned_data[name] for name in names if self.cleaned_data.get(name) not in (None, "")
        }

    def translation(self) -> dict:
        return {name: self.cleaned_data[name] for name in ProductTranslationForm.base_fields}


class VariantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "variant_%s")  # shares a page with PlanForm: ids must differ
        super().__init__(*args, **kwargs)


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

    def details(self) -> dict:
        data, kind = self.cleaned_data, self.cleaned_data["plan_type"]
        if kind == "subscription":
            return {
                "interval": data.get("interval") or "month",
                "interval_count": data.get("interval_count") or 1,
                "trial_days": data.get("trial_days") or 0,
            }
        if kind == "usage_based":
            return {"unit_name": data.get("unit_name", "")}
        return {}


class PriceForm(forms.Form):
    """One row per region: amount as text (so over-precise input reaches the service and is refused)."""

    amount = forms.DecimalField(label=_("Price"), required=False, max_digits=20, decimal_places=10)
    is_visible = forms.BooleanField(label=_("Offered"), required=False, initial=True)
