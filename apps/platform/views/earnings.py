"""The creator dashboard on the platform host: a signed-in creator's earnings from every org they
work with, read from the public rollups only, and a CSV statement per month."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.instructor.money import currency_quantize
from apps.instructor.selectors import (
    RECENT_MONTHS,
    creator_dashboard_version,
    creator_earnings,
    creator_month_rows,
    creator_products,
    creator_statement_rows,
    period_text,
    profiles_of_user,
)
from apps.web.csv import csv_response
from apps.web.request import signed_in_user
from volmify.pagecache import (
    no_slots,
    private_shell_key,
    shell_get,
    shell_html,
    shell_render,
    shell_usable,
)

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


# A placeholder month in a reversed URL, replaced by each row's month: one reverse() per page.
_PERIOD = "0000-00"


class CreatorDashboardView(LoginRequiredMixin, View):
    """Totals per org and currency, a chart per currency, and per month and currency the last
    months (or all of them with ``?months=all``), each month linking to its per-org details. The
    rendered page is cached for this user, language and version of their rollup rows: a rollup
    that writes one of their rows changes the version, so new earnings show at once."""

    template_name = "platform/creator_dashboard.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        months = request.GET.get("months", "")
        if months not in ("", "all"):
            raise Http404
        user = signed_in_user(request)
        key = private_shell_key(
            request, ("creator_dashboard", str(user.pk), creator_dashboard_version(user=user))
        )
        usable = shell_usable(request)
        if usable and (found := shell_get(key)) is not None:
            return _private(HttpResponse(shell_html(request, found, no_slots)))
        context = _dashboard_context(user, all_months=months == "all")

        def render(token: str) -> str:
            return render_to_string(self.template_name, {**context, "csrf_token": token}, request)

        if usable:
            return _private(HttpResponse(shell_html(request, shell_render(key, render), no_slots)))
        return _private(TemplateResponse(request, self.template_name, context))


def _dashboard_context(user, *, all_months: bool) -> dict[str, Any]:
    earnings = creator_earnings(user=user, all_months=all_months)
    details = reverse("creator_month", kwargs={"period": _PERIOD})
    statement = reverse("creator_statement", kwargs={"period": _PERIOD})
    months, previous = [], None
    for row in earnings.months:  # the links on the first row of each month (one per currency)
        links = None
        if row.month != previous:
            links = (details.replace(_PERIOD, row.period), statement.replace(_PERIOD, row.period))
        months.append((row, links))
        previous = row.month
    return {
        "earnings": earnings,
        "months": months,
        "all_months": all_months,
        "recent_months": RECENT_MONTHS,
        "products": creator_products(user=user),
    }


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


def _month(period: str) -> date:
    match = _MONTH.match(period)
    if match is None or not 1 <= int(match[2]) <= 12:
        raise Http404
    return date(int(match[1]), int(match[2]), 1)


class CreatorMonthView(LoginRequiredMixin, View):
    """One month's earnings per org, profile and currency, with the month's CSV statement."""

    def get(self, request: HttpRequest, period: str) -> HttpResponse:
        month = _month(period)
        rows = creator_month_rows(user=signed_in_user(request), month=month)
        context = {
            "month": month,
            "period": f"{month:%Y-%m}",
            "period_text": period_text(month),
            "rows": rows,
        }
        return _private(TemplateResponse(request, "platform/creator_month.html", context))


class CreatorStatementView(LoginRequiredMixin, View):
    """One month's statement: per org, profile and currency, what was earned, pending and paid,
    and the part of the earnings that is a fixed amount per month."""

    def get(self, request: HttpRequest, period: str) -> HttpResponseBase:
        month = _month(period)
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
