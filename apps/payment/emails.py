"""The buyer's receipt by email, in the language they bought in, money formatted with Babel for
that language, links on the org's configured domain (never a request's Host)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from apps.org.selectors import current_org, org_url
from apps.payment.models import OrgOrder
from apps.payment.money import money_format


def receipt_send(*, order: OrgOrder) -> None:
    org = current_org()
    with translation.override(order.locale):
        lines = [
            {
                "name": line.product_name,
                "plan": line.plan_name,
                "quantity": line.quantity,
                "total": money_format(line.total, order.currency, order.locale),
            }
            for line in order.lines.order_by("id")
        ]
        context = {
            "org_name": org.name,
            "order": order,
            "lines": lines,
            "total": money_format(order.total, order.currency, order.locale),
            "order_url": org_url(org, reverse("storefront_order", args=[order.number])),
            "receipt_url": org_url(org, reverse("storefront_order_receipt", args=[order.number])),
        }
        subject = _("Your receipt for order %(number)s from %(org)s") % {
            "number": order.number,
            "org": org.name,
        }
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string("email/order_receipt.txt", context), to=[order.email]
        )
        message.attach_alternative(render_to_string("email/order_receipt.html", context), "text/html")
    message.send()
