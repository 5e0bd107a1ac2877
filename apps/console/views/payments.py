"""/manage/payments/: how the org takes payment. Stripe (connect the org's account, follow its
onboarding, see the platform's fee) and the manual provider (bank transfer or invoice) per region.

Stripe's return and refresh URLs are built on the org's primary domain (``org_url``), never from
the request's Host header: Stripe sends the admin back there.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.console.forms.payments import ManualPaymentForm, StripeConnectForm
from apps.console.views.base import ConsoleView, apply_errors, form_page, redirect
from apps.locale_region.models import OrgRegion
from apps.locale_region.selectors import org_locale_keys, org_region_get, org_region_list
from apps.org.models import OrgStripeAccount
from apps.org.selectors import org_url, stripe_account_for_org
from apps.payment.selectors.orders import manual_payment_for_regions
from apps.payment.services.settings import (
    manual_payment_set,
    stripe_connect_start,
    stripe_onboarding_link,
    stripe_status_refresh,
)
from apps.payment.stripe_api import PaymentProviderError
from apps.web.request import MemberRequest


def _stripe_urls(request: MemberRequest) -> dict[str, str]:
    return {
        "return_url": org_url(request.tenant, reverse("manage_payments_stripe_return")),
        "refresh_url": org_url(request.tenant, reverse("manage_payments_stripe_refresh")),
    }


def _settings_url() -> str:
    return reverse("manage_payments")


class PaymentSettingsView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        return self.render_page(request, StripeConnectForm(initial={"country": _default_country()}))

    @staticmethod
    def render_page(request: MemberRequest, form: StripeConnectForm, status: int = 200) -> HttpResponse:
        regions = list(org_region_list())
        methods = manual_payment_for_regions(region_ids=[region.pk for region in regions])
        rows = [_manual_row(region, methods.get(region.pk)) for region in regions]
        context = {
            "account": stripe_account_for_org(org_id=request.tenant.pk),
            "connect_form": form,
            "manual_rows": rows,
        }
        return render(request, "console/payments/settings.html", context, status=status)


def _default_country() -> str:
    """The first country of the org's default region: where its business most likely is."""
    for region in org_region_list():
        if region.is_default:
            countries = list(region.countries.all())
            return countries[0].alpha2 if countries else ""
    return ""


def _manual_row(region: OrgRegion, method: Any) -> dict[str, Any]:
    written = sorted(row.language_code for row in method.translations.all()) if method else []
    return {"region": region, "is_enabled": bool(method and method.is_enabled), "languages": written}


class StripeConnectView(ConsoleView):
    """POST: create the org's connected account the first time, then send the admin to Stripe's
    onboarding (again, when it is unfinished)."""

    def post(self, request: MemberRequest) -> HttpResponse:
        account = stripe_account_for_org(org_id=request.tenant.pk)
        form = StripeConnectForm(request.POST)
        if account is None and not form.is_valid():
            return PaymentSettingsView.render_page(request, form, status=400)
        country = form.cleaned_data["country"].alpha2 if account is None else ""
        try:
            onboarding = stripe_connect_start(
                actor=request.user,
                org=request.tenant,
                country=country,
                email=request.user.email,
                **_stripe_urls(request),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return PaymentSettingsView.render_page(request, form, status=400)
        except PaymentProviderError as error:
            messages.error(request, _("Stripe could not be reached: %(error)s") % {"error": error})
            return redirect(request, _settings_url())
        return _external_redirect(request, onboarding)


def _external_redirect(request: MemberRequest, url: str) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class StripeRefreshView(ConsoleView):
    """Stripe sends the admin here when an onboarding link expired: a fresh link, at once."""

    def get(self, request: MemberRequest) -> HttpResponse:
        try:
            onboarding = stripe_onboarding_link(
                actor=request.user, org=request.tenant, **_stripe_urls(request)
            )
        except PaymentProviderError as error:
            messages.error(request, _("Stripe could not be reached: %(error)s") % {"error": error})
            onboarding = None
        return _external_redirect(request, onboarding) if onboarding else redirect(request, _settings_url())


class StripeReturnView(ConsoleView):
    """Stripe sends the admin back here after onboarding (finished or not): read the status now."""

    def get(self, request: MemberRequest) -> HttpResponse:
        return _status_refresh(request)


class StripeStatusView(ConsoleView):
    """POST "Check status now"."""

    def post(self, request: MemberRequest) -> HttpResponse:
        return _status_refresh(request)


def _status_refresh(request: MemberRequest) -> HttpResponse:
    try:
        account = stripe_status_refresh(actor=request.user, org=request.tenant)
    except PaymentProviderError as error:
        messages.error(request, _("Stripe could not be reached: %(error)s") % {"error": error})
        return redirect(request, _settings_url())
    if account is not None:
        messages.success(request, _status_message(account))
    return redirect(request, _settings_url())


def _status_message(account: OrgStripeAccount) -> str:
    if account.can_charge:
        return _("Your Stripe account is ready: buyers can pay by card.")
    if account.requirements_due:
        return _("Stripe still needs some details before you can take card payments.")
    return _("Stripe is reviewing your details; card payments start once it enables charges.")


class ManualPaymentEditView(ConsoleView):
    def get(self, request: MemberRequest, region_id: int) -> HttpResponse:
        region = org_region_get(region_id=region_id)
        method = manual_payment_for_regions(region_ids=[region.pk]).get(region.pk)
        initial: dict[str, Any] = {"is_enabled": bool(method and method.is_enabled)}
        if method is not None:
            texts = {row.language_code: row.instructions for row in method.translations.all()}
            for key in org_locale_keys():
                initial[ManualPaymentForm.field_name(key)] = texts.get(key.lower(), "")
        return self._page(request, region, self._form(region, initial=initial))

    def post(self, request: MemberRequest, region_id: int) -> HttpResponse:
        region = org_region_get(region_id=region_id)
        form = self._form(region, data=request.POST)
        if form.is_valid():
            try:
                manual_payment_set(
                    actor=request.user,
                    region=region,
                    is_enabled=form.cleaned_data["is_enabled"],
                    instructions=form.instructions(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Bank transfer settings saved for %(region)s.") % {"region": region.display_name},
                )
                return redirect(request, _settings_url())
        return self._page(request, region, form, status=400)

    @staticmethod
    def _form(region: OrgRegion, **kwargs: Any) -> ManualPaymentForm:
        return ManualPaymentForm(
            locale_keys=org_locale_keys(), default_key=region.default_locale.locale.locale_key, **kwargs
        )

    @staticmethod
    def _page(
        request: MemberRequest, region: OrgRegion, form: ManualPaymentForm, status: int = 200
    ) -> HttpResponse:
        title = _("Bank transfer or invoice: %(region)s") % {"region": region.display_name}
        return form_page(
            request,
            form,
            title=title,
            back=_settings_url(),
            status=status,
            page_template="console/payments/manual_edit.html",
            extra={"region": region},
        )
