"""/manage/orders/: the org's orders (filters, search, CSV export, a sales summary) and one order
with what can be done to it: mark a bank transfer paid, cancel, refund, ship, schedule.

An order is named in the URL by its number, resolved by ``order_get_for_console`` (the same 404
for a number that does not exist and one of another org). A card refund is sent to Stripe after
the refund request's transaction commits: a network call never holds the order's row lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.console.forms.orders import (
    BookingForm,
    OrderCancelForm,
    OrderFilterForm,
    OrderMarkPaidForm,
    RefundForm,
    ShipmentForm,
    order_filters,
)
from apps.console.views.base import ConsoleView, apply_errors, messages_from, redirect
from apps.locale_region.selectors import org_region_list
from apps.payment.models import OrgOrder, OrgRefund
from apps.payment.models.orders import Provider
from apps.payment.money import money_quantize
from apps.payment.selectors.orders import (
    SUMMARY_WINDOWS,
    order_booking_get,
    order_export_rows,
    order_get_for_console,
    order_list,
    order_product_choices,
    order_shipment_get,
    sales_summary,
)
from apps.payment.services.fulfilment import booking_schedule, shipment_mark_shipped
from apps.payment.services.orders import PAID_STATUSES, order_cancel, order_mark_paid
from apps.payment.services.refunds import refund_request, refund_submit
from apps.web.csv import csv_response
from apps.web.request import MemberRequest
from volmify.forms import query_read

ORDER_PAGE_SIZE = 25
Status = OrgOrder.Status


def _detail_url(order: OrgOrder) -> str:
    return reverse("manage_order_detail", args=[order.number])


class OrderListView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        cleaned, status = query_read(OrderFilterForm, request)
        return _list_page(request, cleaned, status)


def _list_page(request: MemberRequest, cleaned: dict[str, Any], status: int) -> HttpResponse:
    page = Paginator(order_list(filters=order_filters(cleaned)), ORDER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "products": order_product_choices(),
        "regions": list(org_region_list()),
        "statuses": Status.choices,
        "query": request.GET,
        "query_without_page": params.urlencode(),
        "summary": sales_summary(),
        "windows": SUMMARY_WINDOWS,
        "is_narrowed": any(cleaned.get(name) for name in OrderFilterForm.base_fields),
    }
    return render(request, "console/orders/list.html", context, status=status)


CSV_HEADER = [
    "number", "created", "paid", "status", "provider", "email", "region", "currency",
    "subtotal", "total", "refunded", "lines",
]  # fmt: skip


class OrderExportView(ConsoleView):
    """The orders the list's filters select, as CSV (streamed: an org may have many)."""

    def get(self, request: MemberRequest) -> HttpResponseBase:
        cleaned, status = query_read(OrderFilterForm, request)
        if status != 200:  # the list, with what was refused, instead of an export of other orders
            return _list_page(request, cleaned, status)
        rows = order_export_rows(filters=order_filters(cleaned))
        return csv_response(
            filename=f"orders-{timezone.localdate():%Y%m%d}.csv", header=CSV_HEADER, rows=_csv_rows(rows)
        )


def _csv_rows(orders: Iterator[OrgOrder]) -> Iterator[list[object]]:
    for order in orders:
        lines = "; ".join(f"{line.quantity} x {line.product_name}" for line in order.lines.all())
        yield [
            order.number,
            order.created_at.isoformat(),
            order.paid_at.isoformat() if order.paid_at else "",
            order.status,
            order.provider,
            order.email,
            order.region.name,
            order.currency,
            order.subtotal,
            order.total,
            order.amount_refunded,
            lines,
        ]


# One order -------------------------------------------------------------------------------------------


def _detail(
    request: MemberRequest,
    order: OrgOrder,
    *,
    status: int = 200,
    shipment_forms: dict[int, ShipmentForm] | None = None,
    booking_forms: dict[int, BookingForm] | None = None,
    mark_paid_form: OrderMarkPaidForm | None = None,
) -> HttpResponse:
    lines = list(order.lines.all())
    shipment_forms, booking_forms = shipment_forms or {}, booking_forms or {}
    rows = []
    for line in lines:
        shipment = getattr(line, "shipment", None)
        booking = getattr(line, "booking", None)
        rows.append(
            {
                "line": line,
                "download": getattr(line, "download", None),
                "shipment": shipment,
                "shipment_form": shipment_forms.get(
                    shipment.pk, ShipmentForm(prefix=f"shipment-{shipment.pk}")
                )
                if shipment is not None
                else None,
                "booking": booking,
                "booking_form": booking_forms.get(booking.pk, _booking_form(booking))
                if booking is not None
                else None,
            }
        )
    context = {
        "order": order,
        "rows": rows,
        "payments": list(order.payments.all()),
        "refunds": list(order.refunds.all()),
        "disputes": list(order.disputes.all()),
        "can_mark_paid": order.provider == Provider.MANUAL and order.status == Status.AWAITING_PAYMENT,
        "can_cancel": order.status == Status.AWAITING_PAYMENT,
        "can_refund": order.status in PAID_STATUSES and order.amount_refunded < order.total,
        "mark_paid_form": mark_paid_form or OrderMarkPaidForm(),
    }
    return render(request, "console/orders/detail.html", context, status=status)


def _booking_form(booking: Any) -> BookingForm:
    initial = {"scheduled_at": booking.scheduled_at, "location": booking.location, "note": booking.note}
    return BookingForm(prefix=f"booking-{booking.pk}", initial=initial)


class OrderDetailView(ConsoleView):
    def get(self, request: MemberRequest, number: str) -> HttpResponse:
        return _detail(request, order_get_for_console(number=number))


class OrderMarkPaidView(ConsoleView):
    """POST: the bank transfer arrived. The same "paid" path as a card payment delivers the order."""

    def post(self, request: MemberRequest, number: str) -> HttpResponse:
        order = order_get_for_console(number=number)
        form = OrderMarkPaidForm(request.POST)
        if order.provider != Provider.MANUAL:
            messages.error(request, _("A card payment is marked paid by Stripe, not by hand."))
        elif form.is_valid():
            try:
                order_mark_paid(
                    actor=request.user,
                    order=order,
                    amount=order.total,
                    reference=form.cleaned_data["reference"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Order #%(number)s is paid.") % {"number": order.number})
                return redirect(request, _detail_url(order))
        return _detail(request, order, status=400, mark_paid_form=form)


class OrderCancelView(ConsoleView):
    """Cancelling releases the order's stock and ends its payment, so the detail page links here to
    confirm first."""

    def get(self, request: MemberRequest, number: str) -> HttpResponse:
        order = order_get_for_console(number=number)
        return self._page(request, order, OrderCancelForm())

    def post(self, request: MemberRequest, number: str) -> HttpResponse:
        order = order_get_for_console(number=number)
        form = OrderCancelForm(request.POST)
        if form.is_valid():
            try:
                order_cancel(actor=request.user, order=order, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Order #%(number)s is cancelled.") % {"number": order.number})
                return redirect(request, _detail_url(order))
        return self._page(request, order, form, status=400)

    @staticmethod
    def _page(
        request: MemberRequest, order: OrgOrder, form: OrderCancelForm, status: int = 200
    ) -> HttpResponse:
        context = {"order": order, "form": form}
        return render(request, "console/orders/cancel.html", context, status=status)


class OrderRefundView(ConsoleView):
    """The refund form is its own page: the admin reads what a refund does before sending it."""

    def get(self, request: MemberRequest, number: str) -> HttpResponse:
        order = order_get_for_console(number=number)
        left = money_quantize(order.total - order.amount_refunded, order.currency)
        return self._page(
            request, order, self._form(order, initial={"amount": left})
        )  # in full, as Stripe offers

    def post(self, request: MemberRequest, number: str) -> HttpResponse:
        order = order_get_for_console(number=number)
        form = self._form(order, data=request.POST)
        if not form.is_valid():
            return self._page(request, order, form, status=400)
        try:
            refund = refund_request(
                actor=request.user,
                order=order,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                line=form.cleaned_data["line"],
                revokes_access=form.cleaned_data["revokes_access"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self._page(request, order, form, status=400)
        if refund.status == OrgRefund.Status.PENDING:  # a card payment: Stripe sends the money back
            try:
                refund_submit(actor=request.user, refund=refund)
            except ValidationError as error:
                messages.error(request, _("Stripe did not make the refund:"))
                messages_from(request, error)
                return redirect(request, _detail_url(order))
        messages.success(request, _("The refund was made."))
        return redirect(request, _detail_url(order))

    @staticmethod
    def _form(order: OrgOrder, **kwargs: Any) -> RefundForm:
        return RefundForm(order=order, lines=list(order.lines.all()), **kwargs)

    @staticmethod
    def _page(request: MemberRequest, order: OrgOrder, form: RefundForm, status: int = 200) -> HttpResponse:
        context = {"order": order, "form": form, "refundable": order.total - order.amount_refunded}
        return render(request, "console/orders/refund.html", context, status=status)


class ShipmentShipView(ConsoleView):
    def post(self, request: MemberRequest, number: str, shipment_id: int) -> HttpResponse:
        order = order_get_for_console(number=number)
        shipment = order_shipment_get(order=order, shipment_id=shipment_id)
        form = ShipmentForm(request.POST, prefix=f"shipment-{shipment.pk}")
        if form.is_valid():
            try:
                shipment_mark_shipped(actor=request.user, shipment=shipment, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The shipment is marked shipped."))
                return redirect(request, _detail_url(order))
        return _detail(request, order, status=400, shipment_forms={shipment.pk: form})


class BookingScheduleView(ConsoleView):
    def post(self, request: MemberRequest, number: str, booking_id: int) -> HttpResponse:
        order = order_get_for_console(number=number)
        booking = order_booking_get(order=order, booking_id=booking_id)
        form = BookingForm(request.POST, prefix=f"booking-{booking.pk}")
        if form.is_valid():
            try:
                booking_schedule(actor=request.user, booking=booking, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The booking is scheduled."))
                return redirect(request, _detail_url(order))
        return _detail(request, order, status=400, booking_forms={booking.pk: form})
