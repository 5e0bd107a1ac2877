"""How an org takes payment besides cards: the manual provider (bank transfer or invoice), switched
on per region, with instructions the org writes in each of its languages."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from parler.models import TranslatableModel, TranslatedFields


class OrgManualPaymentMethod(TranslatableModel):
    region = models.OneToOneField(
        "locale_region.OrgRegion", on_delete=models.CASCADE, related_name="manual_payment"
    )
    is_enabled = models.BooleanField(_("offer bank transfer or invoice"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    translations = TranslatedFields(
        instructions=models.TextField(
            _("instructions"),
            help_text=_("Shown to the buyer: the account to pay into and the reference to use."),
        ),
        meta={"db_table": "org_manual_payment_method_translation"},
    )

    class Meta:
        db_table = "org_manual_payment_method"
        verbose_name = _("manual payment method")
        verbose_name_plural = _("manual payment methods")

    def __str__(self) -> str:
        return f"manual payment in region {self.region_id}"
