"""/manage/: the console's home page: the onboarding checklist of a new org, then its members."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from apps.console.views.base import ConsoleAccessMixin
from apps.member.selectors import member_list
from apps.payment.selectors.onboarding import onboarding_status
from apps.web.request import request_org

# Each step's words and the page that does it, by the key the selector decides "done" for.
STEPS: dict[str, tuple[Any, Any, str]] = {
    "languages": (
        _("Choose your languages"),
        _("Add the languages you write your content in; the first is the default."),
        "manage_locale_list",
    ),
    "market": (
        _("Create your first market"),
        _("A market is a region you sell in: its countries, its currency and its languages."),
        "manage_region_create",
    ),
    "brand": (
        _("Set your brand"),
        _("Your name, logo and colours, as buyers see them on the storefront."),
        "manage_brand_list",
    ),
    "product": (
        _("Add your first product with a plan and a price"),
        _("Create a product, give it a payment plan and set its price in your market."),
        "manage_product_list",
    ),
    "payments": (
        _("Connect payments"),
        _("Connect your Stripe account, or offer bank transfer in a market."),
        "manage_payments",
    ),
    "publish": (
        _("Publish your first product"),
        _("A published product appears in your storefront's catalog."),
        "manage_product_list",
    ),
}


class ManageHomeView(ConsoleAccessMixin, TemplateView):
    template_name = "console/manage_home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        onboarding = onboarding_status(org_id=request_org(self.request).pk)
        context["onboarding"] = onboarding
        context["steps"] = [
            {
                "key": step.key,
                "is_done": step.is_done,
                "is_next": step.key == onboarding.next_key,
                "title": STEPS[step.key][0],
                "help": STEPS[step.key][1],
                "url": reverse(STEPS[step.key][2]),
            }
            for step in onboarding.steps
        ]
        context["members"] = member_list()
        return context
