"""Console forms of orders: the list's filters and the actions on one order. They parse input only;
the rules (what may be refunded, when a booking may be set) live in the payment services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.payment.models import OrgOrder, OrgOrderLine
from apps.payment.selectors.orders import OrderFilters
from apps.payment.services.refunds import refund_amount_parse
from volmify.forms import id_field, search_field

REASON_MAX_LENGTH = 500


class OrderFilterForm(forms.Form):
    q = search_field(label=_("Number or email"))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *OrgOrder.Status.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    product = id_field(label=_("Product"))
    region = id_field(label=_("Region"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
            cleaned.pop("date_to", None)
        return cleaned


def order_filters(cleaned: dict[str, Any]) -> OrderFilters:
    """The selector's filters from the valid part of the form (a refused value filters nothing)."""
    return OrderFilters(
        status=cleaned.get("status") or "",
        date_from=cleaned.get("date_from"),
        date_to=cleaned.get("date_to"),
        product_id=cleaned.get("product"),
        region_id=cleaned.get("region"),
        search=(cleaned.get("q") or "").strip(),
    )


class OrderMarkPaidForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=255,
        required=False,
        help_text=_("The bank transfer's reference or the invoice number, for your records."),
    )


class OrderCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Shown to the buyer with the order."),
    )


class RefundForm(forms.Form):
    WHOLE_ORDER = ""
    REVOKE, KEEP = "revoke", "keep"

    line = forms.ChoiceField(label=_("What to refund"), required=False)
    amount = forms.CharField(label=_("Amount"), max_length=30)
    reason = forms.CharField(
        label=_("Reason"), max_length=REASON_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    revokes_access = forms.ChoiceField(
        label=_("Access after a partial refund"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(KEEP, _("The buyer keeps access")), (REVOKE, _("End the buyer's access"))],
        help_text=_("Required when you refund less than what is left; a full refund always ends access."),
    )

    def __init__(self, *args: Any, order: OrgOrder, lines: list[OrgOrderLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order = order
        self.lines = {str(line.pk): line for line in lines}
        choice: Any = self.fields["line"]
        choice.choices = [(self.WHOLE_ORDER, _("The whole order"))] + [
            (str(line.pk), str(line)) for line in lines
        ]

    def clean_amount(self) -> Decimal:
        try:
            return refund_amount_parse(self.cleaned_data["amount"], self.order.currency)
        except ValidationError as error:
            raise ValidationError(error.message_dict.get("amount", error.messages)) from None

    def clean_line(self) -> OrgOrderLine | None:
        value = self.cleaned_data.get("line") or self.WHOLE_ORDER
        return None if value == self.WHOLE_ORDER else self.lines[value]

    def clean_revokes_access(self) -> bool | None:
        value = self.cleaned_data.get("revokes_access")
        return None if not value else value == self.REVOKE


class ShipmentForm(forms.Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=80)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=80, required=False)


class BookingForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    location = forms.CharField(
        label=_("Place or link"), max_length=500, help_text=_("An address, or the link to join online.")
    )
    note = forms.CharField(
        label=_("Note to the buyer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
