"""Org console (/manage/instructors/payables/): what the org owes each instructor profile per
currency (pending inside the refund window, payable, paid), recording a payout made outside
Volmify, and the CSV export. The amounts are the org's ledger (``apps.ledger``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.console.forms.instructors import PayoutForm
from apps.console.views.base import ConsoleView, apply_errors, form_only, redirect
from apps.instructor.selectors import profile_get_for_org, profiles_for_org
from apps.ledger.selectors import Payable, ledger_settings, payables
from apps.ledger.services.payouts import payout_record
from apps.locale_region.selectors import org_selling_currencies
from apps.web.csv import csv_response
from apps.web.request import MemberRequest, request_org


def _profile_names(request: MemberRequest) -> dict[int, str]:
    return {profile.pk: profile.display_name for profile in profiles_for_org(org=request_org(request))}


def _named(rows: list[Payable], names: dict[int, str]) -> list[tuple[str, Payable]]:
    """Each payable with its profile's name; only profiles affiliated with this org."""
    return [(names[row.profile_id], row) for row in rows if row.profile_id in names]


def _form(request: MemberRequest, names: dict[int, str], rows: list[Payable], data=None) -> PayoutForm:
    currencies = org_selling_currencies() | {row.currency for row in rows}
    initial = {"paid_on": timezone.localdate()}
    return PayoutForm(data, profiles=list(names.items()), currencies=currencies, initial=initial)


class PayablesView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        names, rows = _profile_names(request), payables()
        return self._render(request, names, rows, _form(request, names, rows))

    def post(self, request: MemberRequest) -> HttpResponse:
        if request.POST.get("profile"):  # another org's (or no) profile: the one 404
            profile_get_for_org(org=request_org(request), profile_id=request.POST["profile"])
        names, rows = _profile_names(request), payables()
        form = _form(request, names, rows, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                payout_record(
                    actor=request.user,
                    profile_id=int(data["profile"]),
                    currency=data["currency"],
                    amount=data["amount"],
                    paid_on=data["paid_on"],
                    reference=data["reference"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Payout recorded."))
                return redirect(request, reverse("manage_payables"))
        if request.htmx:
            return form_only(request, form, status=400)
        return self._render(request, names, rows, form, status=400)

    def _render(
        self,
        request: MemberRequest,
        names: dict[int, str],
        rows: list[Payable],
        form: PayoutForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "rows": _named(rows, names),
            "form": form,
            "refund_window_days": ledger_settings().refund_window_days,
        }
        return render(request, "console/payables.html", context, status=status)


class PayablesExportView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponseBase:
        header = [_("Profile"), _("Profile id"), _("Currency"), _("Pending"), _("Payable"), _("Paid")]
        lines = (
            [name, row.profile_id, row.currency, row.pending, row.payable, row.paid]
            for name, row in _named(payables(), _profile_names(request))
        )
        return csv_response(filename=f"payables-{timezone.localdate():%Y%m%d}.csv", header=header, rows=lines)
