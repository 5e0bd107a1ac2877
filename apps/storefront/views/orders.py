"""The buyer's side of orders: "My orders", one order (also the page after paying, which shows
"confirming" until the payment's event arrives and then the new access, without a reload), the
printable receipt, and downloads through signed, expiring links."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from apps.payment.downloads import download_token, download_token_read
from apps.payment.models import OrgOrder
from apps.payment.selectors.buyer import (
    buyer_download_get,
    buyer_order_get,
    buyer_order_list,
    buyer_order_status,
    manual_instructions,
)
from apps.payment.services.fulfilment import download_take
from apps.storefront.cart import visitor_member
from apps.storefront.market import market_of
from volmify.files import private_file_response

CONFIRMING = frozenset({OrgOrder.Status.AWAITING_PAYMENT})


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response


class MyOrdersView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        orders = buyer_order_list(member=visitor_member(request))
        return _private(TemplateResponse(request, "storefront/commerce/my_orders.html", {"orders": orders}))


class OrderDetailView(LoginRequiredMixin, View):
    template_name = "storefront/commerce/order_detail.html"

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        order = buyer_order_get(member=visitor_member(request), number=number)
        market = market_of(request)
        context = {
            "order": order,
            "currency_code": order.currency,
            "confirming": order.status in CONFIRMING and order.provider == "stripe",
            "instructions": manual_instructions(region_id=order.region_id, chain=list(market.fallback_chain))
            if order.provider == "manual" and order.status in CONFIRMING
            else "",
            "just_paid": "session_id" in request.GET,
        }
        return _private(TemplateResponse(request, self.template_name, context))


class OrderReceiptView(OrderDetailView):
    template_name = "storefront/commerce/receipt.html"


class OrderStatusView(LoginRequiredMixin, View):
    """Polled by the page after paying: 286 (htmx: stop polling) and the order's new state once
    the payment is confirmed; the "confirming" note again until then."""

    def get(self, request: HttpRequest, number: str) -> HttpResponse:
        member = visitor_member(request)
        status = buyer_order_status(member=member, number=number)
        if status.status in CONFIRMING:
            return _private(
                TemplateResponse(request, "storefront/commerce/_confirming.html", {"number": number})
            )
        order = buyer_order_get(member=member, number=number)
        response = TemplateResponse(
            request,
            "storefront/commerce/_order_lines.html",
            {"order": order, "currency_code": order.currency},
        )
        response.status_code = 286
        return _private(response)


class DownloadLinkView(LoginRequiredMixin, View):
    """A fresh signed link to the buyer's own download (POST: it leads to a counted download)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, download_id: int) -> HttpResponse:
        download = buyer_download_get(member=visitor_member(request), download_id=download_id)
        return HttpResponseRedirect(
            reverse("storefront_download", args=[download_token(download_id=download.pk)])
        )


class DownloadFileView(LoginRequiredMixin, View):
    """The file behind a signed link, once the link, the buyer and the limit agree."""

    def get(self, request: HttpRequest, token: str) -> HttpResponseBase:
        download_id = download_token_read(token)
        if download_id is None:
            raise Http404
        download = buyer_download_get(member=visitor_member(request), download_id=download_id)
        digital = getattr(download.product, "digital", None)
        if digital is None or not digital.file:
            raise Http404
        try:
            download_take(actor=request.user, download=download)  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("storefront_order", args=[download.line.order.number]))
        return private_file_response(digital.file)
