"""Console forms of instructors: invitations and compensation terms (one pair of amount fields per
selling currency). They parse input only; the rules live in ``apps.instructor``."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.instructor.models import InstructorOrgAffiliation
from apps.web.terms_form import TermsForm

__all__ = ["AffiliationStatusForm", "InvitationForm", "TermsForm"]


class InvitationForm(TermsForm):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"), choices=InstructorOrgAffiliation.Role.choices)
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    field_order = ["email", "role", "kind", "percent"]


class AffiliationStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (InstructorOrgAffiliation.Status.ACTIVE, _("Active")),
            (InstructorOrgAffiliation.Status.SUSPENDED, _("Suspended")),
            (InstructorOrgAffiliation.Status.ENDED, _("Ended")),
        ],
    )


class PayoutForm(forms.Form):
    """A payout made outside Volmify (a bank transfer): to whom, in which currency, how much, when."""

    profile = forms.ChoiceField(label=_("Instructor profile"))
    currency = forms.ChoiceField(label=_("Currency"))
    amount = forms.CharField(label=_("Amount"), help_text=_("At most what is payable now."))
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(
        label=_("Reference"),
        max_length=120,
        help_text=_("The transfer's reference, as on your bank statement."),
    )

    def __init__(
        self, *args: Any, profiles: Collection[tuple[int, str]], currencies: Collection[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        profile, currency = self.fields["profile"], self.fields["currency"]
        assert isinstance(profile, forms.ChoiceField) and isinstance(currency, forms.ChoiceField)
        profile.choices = [("", "—"), *((str(pk), name) for pk, name in profiles)]
        currency.choices = [(code, code) for code in sorted(currencies)]

    def clean_amount(self) -> Decimal:
        try:
            amount = Decimal(self.cleaned_data["amount"].strip())
        except InvalidOperation as error:
            raise forms.ValidationError(_("Enter a number.")) from error
        if not amount.is_finite():
            raise forms.ValidationError(_("Enter a number."))
        return amount
