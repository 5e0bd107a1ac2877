"""Org console: a product's payment plans and their prices in every region, with PPP suggestions."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.console.forms.plans import PlanForm, PriceForm
from apps.console.forms.products import VariantForm
from apps.console.views.base import ConsoleView, apply_errors, default_locale_key, redirect, translation_chain
from apps.console.views.products import product_context, product_detail_url
from apps.locale_region.fallback import translation_resolve
from apps.locale_region.selectors import org_region_get, org_region_list
from apps.payment.selectors.plans import (
    access_tier_name,
    payment_plan_get_for_product,
    payment_plan_prices_by_region,
    price_suggestions,
)
from apps.payment.services.plans import PriceInput, payment_plan_create, payment_plan_prices_set
from apps.product.selectors import product_get, product_variants
from apps.web.request import MemberRequest


class PlanCreateView(ConsoleView):
    def post(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        variants = product_variants(product=product)
        form = PlanForm(request.POST, variants=variants)
        if form.is_valid():
            variant = next(v for v in variants if v.pk == form.cleaned_data["variant"])
            try:
                payment_plan_create(actor=request.user,
                    variant=variant, plan_type=form.cleaned_data["plan_type"],
                    access_tier=form.cleaned_data["access_tier"], language_code=default_locale_key(),
                    name=form.cleaned_data["name"], features=form.cleaned_data["features"],
                    details=form.details(),
                )  # fmt: skip
                return redirect(request, product_detail_url(product))
            except ValidationError as error:
                apply_errors(form, error)
        context = product_context(product, translation_chain(request)) | {
            "variant_form": VariantForm(),
            "plan_form": form,
        }
        return render(request, "console/product_detail.html", context, status=400)


class PlanPricesView(ConsoleView):
    """Prices of one plan in every region, with PPP suggestions from one region's price."""

    def _rows(self, request, plan, data=None):
        regions = list(org_region_list())
        current = payment_plan_prices_by_region(plan=plan)
        rows = []
        for region in regions:
            price = current.get(region.pk)
            initial = {
                "amount": price.amount if price else None,
                "is_visible": price.is_visible if price else True,
            }
            rows.append((region, PriceForm(data, prefix=f"r{region.pk}", initial=initial)))
        return rows

    def get(self, request: MemberRequest, product_id: int, plan_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        plan = payment_plan_get_for_product(product=product, plan_id=plan_id)
        rows = self._rows(request, plan)
        suggestions = {}
        source_id, amount = request.GET.get("suggest_from"), request.GET.get("amount", "")
        if source_id and amount:
            try:
                source = org_region_get(region_id=int(source_id))
                suggestions = {
                    s.region_id: s for s in price_suggestions(source_region=source, amount=Decimal(amount))
                }
            except (ValueError, ArithmeticError):
                messages.error(request, _("Enter a valid price to base suggestions on."))
        return self._render(request, product, plan, rows, suggestions)

    def post(self, request: MemberRequest, product_id: int, plan_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        plan = payment_plan_get_for_product(product=product, plan_id=plan_id)
        rows = self._rows(request, plan, request.POST)
        prices, errors = [], {}
        for region, form in rows:
            if not form.is_valid():
                errors[region.slug] = [str(e) for e in form.errors.values()]
                continue
            if form.cleaned_data["amount"] is None:
                continue
            currency = request.POST.get(f"r{region.pk}-currency", region.currency.code)
            prices.append(
                PriceInput(region, form.cleaned_data["amount"], currency, form.cleaned_data["is_visible"])
            )
        try:
            if errors:
                raise ValidationError(errors)
            payment_plan_prices_set(actor=request.user, plan=plan, prices=prices)
        except ValidationError as error:
            by_slug = error.message_dict
            for region, form in rows:
                for message in by_slug.get(region.slug, []):
                    form.add_error(None, message)
            return self._render(request, product, plan, rows, {}, status=400)
        messages.success(request, _("Prices saved."))
        return redirect(request, product_detail_url(product))

    def _render(self, request, product, plan, rows, suggestions, status=200):
        table = [(region, form, suggestions.get(region.pk)) for region, form in rows]
        plan.tr = translation_resolve(plan, chain=translation_chain(request))
        return render(
            request,
            "console/plan_prices.html",
            {
                "product": product,
                "plan": plan,
                "rows": table,
                "tier_name": access_tier_name(plan.access_tier),
            },
            status=status,
        )
