"""The creator dashboard on the platform host: a signed-in creator's earnings from every org they
work with, read from the public rollups only, and a CSV statement per month."""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from apps.instructor.money import currency_quantize
from apps.instructor.selectors import (
    creator_earnings,
    creator_products,
    creator_statement_rows,
    profiles_of_user,
)
from apps.web.csv import csv_response
from apps.web.request import signed_in_user

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class CreatorDashboardView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        context = {"earnings": creator_earnings(user=user), "products": creator_products(user=user)}
        return render(request, "platform/creator_dashboard.html", context)


class CreatorStatementView(LoginRequiredMixin, View):
    """One month's statement: per org, profile and currency, what was earned, pending and paid,
    and the part of the earnings that is a fixed amount per month."""

    def get(self, request: HttpRequest, period: str) -> HttpResponseBase:
        match = _MONTH.match(period)
        if match is None or not 1 <= int(match[2]) <= 12:
            raise Http404
        month = date(int(match[1]), int(match[2]), 1)
        user = signed_in_user(request)
        rows = creator_statement_rows(user=user, month=month)
        names = {profile.pk: profile.display_name for profile in profiles_of_user(user=user)}
        header = [
            _("Month"),
            _("Organization"),
            _("Profile"),
            _("Currency"),
            _("Earned"),
            _("Pending"),
            _("Paid"),
            _("Retainer"),
        ]
        lines = (
            [f"{month:%Y-%m}", row.org.name, names.get(row.profile_id, ""), row.currency]
            + [
                currency_quantize(amount, row.currency)
                for amount in (row.earned, row.pending, row.paid, row.retainer)
            ]
            for row in rows
        )
        return csv_response(filename=f"statement-{month:%Y-%m}.csv", header=header, rows=lines)
