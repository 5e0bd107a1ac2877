"""Org console: a product's details after creation (brand, tax category, type fields), its skills,
and the org's tax categories (/manage/catalog/tax/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.locale_region.views import ConsoleView, apply_errors, form_page, redirect
from apps.product.forms_console import ProductEditForm, ProductSkillForm, TaxCategoryForm
from apps.product.selectors import product_get_for_console
from apps.product.selectors_console import tax_category_get, tax_category_list_for_console
from apps.product.services import (
    product_skill_remove,
    product_skill_set,
    product_update,
    tax_category_create,
    tax_category_delete,
    tax_category_update,
)


def _detail_url(product: Any) -> str:
    return reverse("manage_product_detail", args=[product.pk])


class ProductEditView(ConsoleView):
    def get(self, request: HttpRequest, product_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        form = ProductEditForm(initial=ProductEditForm.initial_from(product), product=product)
        return self._page(request, product, form)

    def post(self, request: HttpRequest, product_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        form = ProductEditForm(request.POST, request.FILES, product=product)
        if form.is_valid():
            try:
                product_update(
                    product=product,
                    brand=form.cleaned_data["brand"],
                    tax_category=form.cleaned_data["tax_category"],
                    image_url=form.cleaned_data["image_url"],
                    extension=form.extension(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Product details saved."))
                return redirect(request, _detail_url(product))
        return self._page(request, product, form, status=400)

    def _page(self, request: HttpRequest, product: Any, form: Any, status: int = 200) -> HttpResponse:
        title = _("Details of %(product)s") % {"product": product}
        return form_page(request, form, title=title, back=_detail_url(product), status=status)


class ProductSkillSetView(ConsoleView):
    """Add a skill to the product, or change its weight; errors show on the product page."""

    def post(self, request: HttpRequest, product_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        form = ProductSkillForm(request.POST)
        if form.is_valid():
            try:
                product_skill_set(
                    product=product, skill=form.cleaned_data["skill"], weight=form.cleaned_data["weight"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Skill weight saved."))
                return redirect(request, _detail_url(product))
        from apps.product.views import ProductDetailView

        return ProductDetailView().render_page(request, product, skill_form=form, status=400)


class ProductSkillRemoveView(ConsoleView):
    def post(self, request: HttpRequest, product_id: int, skill_id: int) -> HttpResponse:
        product = product_get_for_console(product_id=product_id)
        product_skill_remove(product=product, skill_id=skill_id)
        messages.success(request, _("Skill removed."))
        return redirect(request, _detail_url(product))


# Tax categories ---------------------------------------------------------------------------------------


class TaxCategoryListView(ConsoleView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, TaxCategoryForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TaxCategoryForm(request.POST)
        if form.is_valid():
            try:
                tax_category_create(**form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Tax category created."))
                return redirect(request, reverse("manage_tax_list"))
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: TaxCategoryForm, status: int = 200) -> HttpResponse:
        if request.htmx and form.is_bound:  # type: ignore[attr-defined]
            return render(request, "manage/_form.html", {"form": form, "action": request.path}, status=status)
        context = {"categories": tax_category_list_for_console(), "form": form}
        return render(request, "manage/tax_list.html", context, status=status)


class TaxCategoryEditView(ConsoleView):
    def get(self, request: HttpRequest, category_id: int) -> HttpResponse:
        category = tax_category_get(category_id=category_id)
        form = TaxCategoryForm(initial={"code": category.code, "name": category.name})
        return self._page(request, category, form)

    def post(self, request: HttpRequest, category_id: int) -> HttpResponse:
        category = tax_category_get(category_id=category_id)
        form = TaxCategoryForm(request.POST)
        if form.is_valid():
            try:
                tax_category_update(category=category, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Tax category saved."))
                return redirect(request, reverse("manage_tax_list"))
        return self._page(request, category, form, status=400)

    def _page(self, request: HttpRequest, category: Any, form: Any, status: int = 200) -> HttpResponse:
        return form_page(
            request,
            form,
            title=_("Tax category: %(name)s") % {"name": category.name},
            back=reverse("manage_tax_list"),
            delete_url=reverse("manage_tax_delete", args=[category.pk]),
            status=status,
        )


class TaxCategoryDeleteView(ConsoleView):
    def post(self, request: HttpRequest, category_id: int) -> HttpResponse:
        tax_category_delete(category=tax_category_get(category_id=category_id))
        messages.success(request, _("Tax category removed."))
        return redirect(request, reverse("manage_tax_list"))
