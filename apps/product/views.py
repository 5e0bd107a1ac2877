"""Org console (/manage/catalog/): products, translations, variants, plans and regional prices.

Views parse input, call one service or selector, and render; forms post back
with htmx (``hx-post``) so errors appear inline without a full page load.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.locale_region.selectors import org_locale_keys, org_region_get, org_region_list
from apps.member.models import OrgMember
from apps.member.permissions import OrgRoleRequiredMixin
from apps.payment.selectors import (
    access_tier_name,
    payment_plan_get_for_product,
    payment_plan_list_for_product,
    price_suggestions,
)
from apps.payment.services import PriceInput, payment_plan_create, payment_plan_prices_set
from apps.product.forms import PlanForm, PriceForm, ProductCreateForm, ProductTranslationForm, VariantForm
from apps.product.forms_console import ProductListFilterForm, ProductSkillForm
from apps.product.models import OrgProduct
from apps.product.selectors import (
    CONSOLE_PAGE_SIZE,
    paginate,
    product_get_for_console,
    product_list_for_console,
)
from apps.product.selectors_console import product_skill_weights
from apps.product.services import (
    product_create,
    product_publish,
    product_translation_save,
    product_unpublish,
    product_variant_create,
)
from volmify.files import private_file_response
from volmify.forms import query_read


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _default_locale() -> str:
    keys = org_locale_keys()
    if not keys:
        raise Http404
    return keys[0]


class ConsoleView(OrgRoleRequiredMixin, View):
    minimum_role = OrgMember.Role.ADMIN


class ProductListView(ConsoleView):
    def get(self, request: HttpRequest) -> HttpResponse:
        query = request.GET
        filters, status = query_read(ProductListFilterForm, request)
        products = product_list_for_console(
            search=(filters.get("q") or "").strip(),
            product_type=filters.get("type") or "",
            status=filters.get("status") or "",
        )
        page = paginate(products, page=query.get("page"), per_page=CONSOLE_PAGE_SIZE)
        keys = org_locale_keys()
        for product in page.object_list:
            present = {row.language_code for row in product.translations.all()}
            product.missing_locales = [key for key in keys if key.lower() not in present]
            product.tr = next(iter(product.translations.all()), None)
        params = query.copy()
        params.pop("page", None)
        return render(
            request,
            "manage/product_list.html",
            {
                "page": page,
                "query": query,
                "query_without_page": params.urlencode(),
                "types": OrgProduct.ProductType.choices,
                "statuses": OrgProduct.Status.choices,
            },
            status=status,
        )


class ProductCreateView(ConsoleView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, ProductCreateForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ProductCreateForm(request.POST)
        if form.is_valid():
            try:
                product = product_create(
                    product_type=form.cleaned_data["product_type"],
                    language_code=_default_locale(),
                    brand=form.cleaned_data["brand"],
                    tax_category=form.cleaned_data["tax_category"],
                    extension=form.extension(),
                    **form.translation(),
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Product created as a draft."))
                url = reverse("manage_product_detail", args=[product.pk])
                response: HttpResponse = HttpResponseRedirect(url)
                if request.htmx:  # type: ignore[attr-defined]
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                return response
        return self._render(request, form, status=400 if form.errors else 200)

    def _render(self, request: HttpRequest, form: Form, status: int = 200) -> HttpResponse:
        template = "manage/_form.html" if request.htmx else "manage/product_create.html"  # type: ignore[attr-defined]
        return render(request, template, {"form": form, "action": request.path}, status=status)


def _product_context(product: OrgProduct) -> dict[str, Any]:
    keys = org_locale_keys()
    present = {row.language_code: row for row in product.translations.all()}
    translations = [{"key": key, "row": present.get(key.lower())} for key in keys]
    plans = list(payment_plan_list_for_product(product=product))
    regions = list(org_region_list())
    for plan in plans:
        by_region = {price.region_id: price for price in plan.prices.all()}
        plan.region_rows = [(region, by_region.get(region.pk)) for region in regions]
        plan.tier_name = access_tier_name(plan.access_tier)
        plan.tr = next(iter(plan.translations.all()), None)
    return {
        "product": product,
        "title": next((row.title for row in present.values()), ""),
        "translations": translations,
        "variants": list(product.variants.all()),
        "plans": plans,
        "regions": regions,
        "skills": list(product_skill_weights(product=product)),
        "skill_form": ProductSkillForm(),
    }


class ProductDetailView(ConsoleView):
    def get(self, request: HttpRequest, product_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        return self.render_page(request, product)

    def render_page(
        self, request: HttpRequest, product: OrgProduct, *, skill_form: Form | None = None, status: int = 200
    ) -> HttpResponse:
        context = _product_context(product)
        context["variant_form"] = VariantForm()
        context["plan_form"] = PlanForm(variants=context["variants"])
        if skill_form is not None:
            context["skill_form"] = skill_form
        return render(request, "manage/product_detail.html", context, status=status)


class ProductFileView(ConsoleView):
    """A digital product's file, for the org's staff (buyers' downloads check their entitlement)."""

    def get(self, request: HttpRequest, product_id: int) -> HttpResponseBase:
        product = product_get_for_console(product_id=product_id)
        digital = getattr(product, "digital", None) if product.product_type == "digital" else None
        if digital is None or not digital.file:
            raise Http404
        return private_file_response(digital.file)


class ProductTranslationView(ConsoleView):
    def _locale(self, locale_key: str) -> str:
        match = next((key for key in org_locale_keys() if key.lower() == locale_key.lower()), None)
        if match is None:
            raise Http404
        return match

    def get(self, request: HttpRequest, product_id: int, locale_key: str) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        key = self._locale(locale_key)
        row = next((t for t in product.translations.all() if t.language_code == key.lower()), None)
        initial = {name: getattr(row, name) for name in ProductTranslationForm.base_fields} if row else {}
        return self._render(
            request, product, key, ProductTranslationForm(initial=initial), is_missing=row is None
        )

    def post(self, request: HttpRequest, product_id: int, locale_key: str) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        key = self._locale(locale_key)
        form = ProductTranslationForm(request.POST)
        if form.is_valid():
            try:
                product_translation_save(product=product, language_code=key, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Translation saved."))
                return HttpResponseRedirect(reverse("manage_product_detail", args=[product.pk]))
        return self._render(request, product, key, form, is_missing=False, status=400)

    def _render(self, request, product, key, form, *, is_missing, status=200):
        return render(
            request,
            "manage/product_translation.html",
            {
                "product": product,
                "locale_key": key,
                "form": form,
                "is_missing": is_missing,
                "action": request.path,
            },
            status=status,
        )


class ProductPublishView(ConsoleView):
    def post(self, request: HttpRequest, product_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        try:
            if request.POST.get("action") == "unpublish":
                product_unpublish(product=product)
                messages.success(request, _("Product unpublished."))
            else:
                product_publish(product=product)
                messages.success(request, _("Product published."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(reverse("manage_product_detail", args=[product.pk]))


class VariantCreateView(ConsoleView):
    def post(self, request: HttpRequest, product_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        form = VariantForm(request.POST)
        if form.is_valid():
            try:
                product_variant_create(
                    product=product, language_code=_default_locale(), name=form.cleaned_data["name"],
                    position=form.cleaned_data["position"],
                )  # fmt: skip
                return HttpResponseRedirect(reverse("manage_product_detail", args=[product.pk]))
            except ValidationError as error:
                _apply_errors(form, error)
        context = _product_context(product) | {"variant_form": form}
        context["plan_form"] = PlanForm(variants=context["variants"])
        return render(request, "manage/product_detail.html", context, status=400)


class PlanCreateView(ConsoleView):
    def post(self, request: HttpRequest, product_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        variants = list(product.variants.all())
        form = PlanForm(request.POST, variants=variants)
        if form.is_valid():
            variant = next(v for v in variants if v.pk == form.cleaned_data["variant"])
            try:
                payment_plan_create(
                    variant=variant, plan_type=form.cleaned_data["plan_type"],
                    access_tier=form.cleaned_data["access_tier"], language_code=_default_locale(),
                    name=form.cleaned_data["name"], features=form.cleaned_data["features"],
                    details=form.details(),
                )  # fmt: skip
                return HttpResponseRedirect(reverse("manage_product_detail", args=[product.pk]))
            except ValidationError as error:
                _apply_errors(form, error)
        context = _product_context(product) | {"variant_form": VariantForm(), "plan_form": form}
        return render(request, "manage/product_detail.html", context, status=400)


class PlanPricesView(ConsoleView):
    """Prices of one plan in every region, with PPP suggestions from one region's price."""

    def _rows(self, request, plan, data=None):
        regions = list(org_region_list())
        current = {price.region_id: price for price in plan.prices.all()}
        rows = []
        for region in regions:
            price = current.get(region.pk)
            initial = {
                "amount": price.amount if price else None,
                "is_visible": price.is_visible if price else True,
            }
            rows.append((region, PriceForm(data, prefix=f"r{region.pk}", initial=initial)))
        return rows

    def get(self, request: HttpRequest, product_id: int, plan_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
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

    def post(self, request: HttpRequest, product_id: int, plan_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
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
            payment_plan_prices_set(plan=plan, prices=prices)
        except ValidationError as error:
            by_slug = error.message_dict
            for region, form in rows:
                for message in by_slug.get(region.slug, []):
                    form.add_error(None, message)
            return self._render(request, product, plan, rows, {}, status=400)
        messages.success(request, _("Prices saved."))
        return HttpResponseRedirect(reverse("manage_product_detail", args=[product.pk]))

    def _render(self, request, product, plan, rows, suggestions, status=200):
        table = [(region, form, suggestions.get(region.pk)) for region, form in rows]
        plan.tr = next(iter(plan.translations.all()), None)
        return render(
            request,
            "manage/plan_prices.html",
            {
                "product": product,
                "plan": plan,
                "rows": table,
                "tier_name": access_tier_name(plan.access_tier),
            },
            status=status,
        )
