"""Org console (/manage/catalog/tax/): the org's tax categories."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.console.forms.tax import TaxCategoryForm
from apps.console.views.base import (
    ConsoleView,
    apply_errors,
    confirm_page,
    form_only,
    form_page,
    list_page,
    list_search,
    redirect,
)
from apps.product.selectors import tax_category_get, tax_category_list_with_product_counts
from apps.product.services import tax_category_create, tax_category_delete, tax_category_update
from apps.web.request import MemberRequest


class TaxCategoryListView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        return self._render(request, TaxCategoryForm())

    def post(self, request: MemberRequest) -> HttpResponse:
        form = TaxCategoryForm(request.POST)
        if form.is_valid():
            try:
                tax_category_create(actor=request.user, **form.service_kwargs())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Tax category created."))
                return redirect(request, reverse("manage_tax_list"))
        return self._render(request, form, status=400)

    def _render(self, request: MemberRequest, form: TaxCategoryForm, status: int = 200) -> HttpResponse:
        if request.htmx and form.is_bound:
            return form_only(request, form, status=status)
        search, search_status = list_search(request)
        context = {"form": form, **list_page(request, tax_category_list_with_product_counts(search=search))}
        return render(request, "console/tax_list.html", context, status=max(status, search_status))


class TaxCategoryEditView(ConsoleView):
    def get(self, request: MemberRequest, category_id: int) -> HttpResponse:
        category = tax_category_get(category_id=category_id)
        form = TaxCategoryForm(initial=TaxCategoryForm.initial_from(category))
        return self._page(request, category, form)

    def post(self, request: MemberRequest, category_id: int) -> HttpResponse:
        category = tax_category_get(category_id=category_id)
        form = TaxCategoryForm(request.POST)
        if form.is_valid():
            try:
                tax_category_update(actor=request.user, category=category, **form.service_kwargs())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Tax category saved."))
                return redirect(request, reverse("manage_tax_list"))
        return self._page(request, category, form, status=400)

    def _page(self, request: MemberRequest, category: Any, form: Any, status: int = 200) -> HttpResponse:
        return form_page(
            request,
            form,
            title=_("Tax category: %(name)s") % {"name": category.display_name},
            back=reverse("manage_tax_list"),
            delete_url=reverse("manage_tax_delete", args=[category.pk]),
            status=status,
        )


class TaxCategoryDeleteView(ConsoleView):
    def get(self, request: MemberRequest, category_id: int) -> HttpResponse:
        category = tax_category_get(category_id=category_id)
        return confirm_page(
            request,
            question=_("Remove the tax category “%(name)s”?") % {"name": category.name},
            consequence=_("Its products keep selling without a tax category."),
            button=_("Remove tax category"),
            back=reverse("manage_tax_edit", args=[category.pk]),
        )

    def post(self, request: MemberRequest, category_id: int) -> HttpResponse:
        tax_category_delete(actor=request.user, category=tax_category_get(category_id=category_id))
        messages.success(request, _("Tax category removed."))
        return redirect(request, reverse("manage_tax_list"))
