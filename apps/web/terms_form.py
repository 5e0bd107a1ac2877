"""The compensation terms form (kind, percentage, one pair of fixed amounts per selling currency),
shared by the console (invitations, affiliations), the studio (collaborator invitations) and the
platform host (counter-offers). It parses input only; the rules live in ``apps.instructor``."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.instructor.models import InstructorOrgAffiliationCompensation


class TermsForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Compensation"), choices=InstructorOrgAffiliationCompensation.Kind.choices
    )
    percent = forms.CharField(
        label=_("Revenue share (%)"),
        required=False,
        help_text=_("Of the creators' pool on each sale, from 0 to 100 with up to two decimals."),
    )

    def __init__(self, *args: Any, currencies: Collection[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.currencies = sorted(currencies)
        for code in self.currencies:
            self.fields[f"per_sale_{code}"] = forms.CharField(
                label=_("Fixed per sale (%(currency)s)") % {"currency": code}, required=False
            )
            self.fields[f"per_month_{code}"] = forms.CharField(
                label=_("Fixed per month (%(currency)s)") % {"currency": code}, required=False
            )

    def terms(self) -> dict[str, Any]:
        data = self.cleaned_data
        amounts = {
            code: {
                "per_sale": data.get(f"per_sale_{code}") or "0",
                "per_month": data.get(f"per_month_{code}") or "0",
            }
            for code in self.currencies
            if data.get(f"per_sale_{code}") or data.get(f"per_month_{code}")
        }
        return {"kind": data["kind"], "percent": data.get("percent") or "0", "amounts": amounts}
