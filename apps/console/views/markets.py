"""Org console (/manage/markets/): the org's locales, brands and regions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.console.forms.markets import OrgBrandForm, OrgLocaleAddForm, OrgRegionForm, OrgRegionListFilterForm
from apps.console.views.base import (
    ConsoleView,
    apply_errors,
    confirm_page,
    form_only,
    form_page,
    list_page,
    list_search,
    messages_from,
    redirect,
)
from apps.locale_region.models import OrgRegion
from apps.locale_region.selectors import (
    org_brand_get,
    org_brand_list,
    org_locale_get,
    org_locale_list_with_regions,
    org_region_get,
    org_region_list,
)
from apps.locale_region.services import (
    org_brand_create,
    org_brand_delete,
    org_brand_update,
    org_locale_add,
    org_locale_move,
    org_locale_remove,
    org_locale_set_default,
    org_region_create,
    org_region_delete,
    org_region_update,
)
from apps.org.domains import DomainLookupError, org_domain_check, verification_record_name
from apps.org.selectors import org_domain_for_host, org_domain_statuses
from apps.web.request import MemberRequest
from volmify.forms import query_read

REGION_PAGE_SIZE = 25


# Locales ----------------------------------------------------------------------------------------------


class LocaleListView(ConsoleView):
    """The org's locales in fallback order, with the form that adds one from the global registry."""

    def get(self, request: MemberRequest) -> HttpResponse:
        return self._render(request, OrgLocaleAddForm())

    def post(self, request: MemberRequest) -> HttpResponse:
        form = OrgLocaleAddForm(request.POST)
        if form.is_valid():
            try:
                org_locale_add(
                    actor=request.user,
                    locale=form.cleaned_data["locale"],
                    is_default=form.cleaned_data["is_default"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Locale added."))
                return redirect(request, reverse("manage_locale_list"))
        return self._render(request, form, status=400)

    def _render(self, request: MemberRequest, form: Form, status: int = 200) -> HttpResponse:
        if request.htmx and form.is_bound:
            return form_only(request, form, status=status)
        context = {"locales": org_locale_list_with_regions(), "form": form}
        return render(request, "console/markets/locale_list.html", context, status=status)


class LocaleActionView(ConsoleView):
    """POST actions on one locale: ``default``, ``up``, ``down``, ``remove``; the GET of ``remove``
    asks first."""

    def get(self, request: MemberRequest, locale_id: int, action: str) -> HttpResponse:
        if action != "remove":
            raise Http404
        org_locale = org_locale_get(org_locale_id=locale_id)
        return confirm_page(
            request,
            question=_("Remove the locale %(key)s?") % {"key": org_locale.locale.locale_key},
            consequence=_("Content written in it stays stored, but no page shows it any more."),
            button=_("Remove locale"),
            back=reverse("manage_locale_list"),
        )

    def post(self, request: MemberRequest, locale_id: int, action: str) -> HttpResponse:
        if action not in ("default", "up", "down", "remove"):
            raise Http404
        org_locale = org_locale_get(org_locale_id=locale_id)
        try:
            if action == "default":
                org_locale_set_default(actor=request.user, org_locale=org_locale)
                messages.success(request, _("Default locale changed."))
            elif action in ("up", "down"):
                org_locale_move(actor=request.user, org_locale=org_locale, offset=-1 if action == "up" else 1)
            elif action == "remove":
                org_locale_remove(actor=request.user, org_locale=org_locale)
                messages.success(request, _("Locale removed."))
        except ValidationError as error:
            messages_from(request, error)
        return redirect(request, reverse("manage_locale_list"))


# Brands -----------------------------------------------------------------------------------------------


class BrandListView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        search, status = list_search(request)
        context = list_page(request, org_brand_list(search=search))
        return render(request, "console/markets/brand_list.html", context, status=status)


def _brand_values(form: OrgBrandForm) -> dict[str, Any]:
    values = dict(form.cleaned_data)
    values["slug"] = values["slug"] or slugify(values["name"])[:60]
    return values


class BrandCreateView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        return self._page(request, OrgBrandForm())

    def post(self, request: MemberRequest) -> HttpResponse:
        form = OrgBrandForm(request.POST)
        if form.is_valid():
            try:
                org_brand_create(actor=request.user, **_brand_values(form))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Brand created."))
                return redirect(request, reverse("manage_brand_list"))
        return self._page(request, form, status=400)

    def _page(self, request: MemberRequest, form: Form, status: int = 200) -> HttpResponse:
        return form_page(
            request, form, title=_("New brand"), back=reverse("manage_brand_list"), status=status
        )


class BrandEditView(ConsoleView):
    def get(self, request: MemberRequest, brand_id: int) -> HttpResponse:
        brand = org_brand_get(brand_id=brand_id)
        return self._page(request, brand, OrgBrandForm(initial=OrgBrandForm.initial_from(brand)))

    def post(self, request: MemberRequest, brand_id: int) -> HttpResponse:
        brand = org_brand_get(brand_id=brand_id)
        form = OrgBrandForm(request.POST)
        if form.is_valid():
            try:
                org_brand_update(actor=request.user, brand=brand, **_brand_values(form))
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Brand saved."))
                return redirect(request, reverse("manage_brand_list"))
        return self._page(request, brand, form, status=400)

    def _page(self, request: MemberRequest, brand: Any, form: Form, status: int = 200) -> HttpResponse:
        title = _("Brand: %(name)s") % {"name": brand.name}
        delete_url = reverse("manage_brand_delete", args=[brand.pk])
        back = reverse("manage_brand_list")
        return form_page(request, form, title=title, back=back, delete_url=delete_url, status=status)


class BrandDeleteView(ConsoleView):
    def get(self, request: MemberRequest, brand_id: int) -> HttpResponse:
        brand = org_brand_get(brand_id=brand_id)
        return confirm_page(
            request,
            question=_("Remove the brand “%(name)s”?") % {"name": brand.name},
            consequence=_("Regions that use it show the org's name and colours instead."),
            button=_("Remove brand"),
            back=reverse("manage_brand_edit", args=[brand.pk]),
        )

    def post(self, request: MemberRequest, brand_id: int) -> HttpResponse:
        org_brand_delete(actor=request.user, brand=org_brand_get(brand_id=brand_id))
        messages.success(request, _("Brand removed."))
        return redirect(request, reverse("manage_brand_list"))


# Regions ----------------------------------------------------------------------------------------------


def _region_saved(request: MemberRequest, region: OrgRegion, message: str) -> HttpResponse:
    """Back to the list, or to the region's page when its domain still needs its DNS record."""
    messages.success(request, message)
    domain = org_domain_for_host(org=request.tenant, host=region.host)
    if domain is not None and not domain.is_verified:
        messages.info(request, _("Create the DNS record shown below so that your domain serves this region."))
        return redirect(request, reverse("manage_region_edit", args=[region.pk]))
    return redirect(request, reverse("manage_region_list"))


class RegionListView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        query = request.GET
        filters, status = query_read(OrgRegionListFilterForm, request)
        regions = org_region_list(
            search=(filters.get("q") or "").strip(), region_type=filters.get("type") or ""
        )
        page = Paginator(regions, REGION_PAGE_SIZE).get_page(query.get("page"))
        params = query.copy()
        params.pop("page", None)
        context = {
            "page": page,
            "query": query,
            "query_without_page": params.urlencode(),
            "types": OrgRegion.RegionType.choices,
        }
        regions_shown = list(page.object_list)
        statuses = org_domain_statuses(
            org=request.tenant,
            hosts=[region.host for region in regions_shown],
        )
        for region in regions_shown:  # for the template: pending, verified, failed, or "" (no claim)
            region.domain_status = statuses.get(region.host, "")  # type: ignore[attr-defined]
        page.object_list = regions_shown
        return render(request, "console/markets/region_list.html", context, status=status)


class RegionCreateView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        return self._page(request, OrgRegionForm(is_new=True))

    def post(self, request: MemberRequest) -> HttpResponse:
        form = OrgRegionForm(request.POST, is_new=True)
        if form.is_valid():
            try:
                region = org_region_create(actor=request.user, **form.service_kwargs())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return _region_saved(request, region, _("Region created."))
        return self._page(request, form, status=400)

    def _page(self, request: MemberRequest, form: Form, status: int = 200) -> HttpResponse:
        back = reverse("manage_region_list")
        return form_page(request, form, title=_("New region"), back=back, status=status)


class RegionEditView(ConsoleView):
    def get(self, request: MemberRequest, region_id: int) -> HttpResponse:
        region = org_region_get(region_id=region_id)
        return self._page(request, region, OrgRegionForm(initial=OrgRegionForm.initial_from(region)))

    def post(self, request: MemberRequest, region_id: int) -> HttpResponse:
        region = org_region_get(region_id=region_id)
        form = OrgRegionForm(request.POST)
        if form.is_valid():
            try:
                region = org_region_update(actor=request.user, region=region, **form.service_kwargs())
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return _region_saved(request, region, _("Region saved."))
        return self._page(request, region, form, status=400)

    def _page(self, request: MemberRequest, region: OrgRegion, form: Form, status: int = 200) -> HttpResponse:
        title = _("Region: %(name)s") % {"name": region.display_name}
        delete_url = reverse("manage_region_delete", args=[region.pk])
        back = reverse("manage_region_list")
        domain = org_domain_for_host(org=request.tenant, host=region.host)
        extra: dict[str, Any] = {"region": region, "domain": domain}
        if domain is not None and not domain.is_verified:
            extra["record_name"] = verification_record_name(domain.domain)
        return form_page(
            request,
            form,
            title=title,
            back=back,
            delete_url=delete_url,
            status=status,
            page_template="console/markets/region_edit.html",
            extra=extra,
        )


class RegionDomainCheckView(ConsoleView):
    """POST: look for the region's DNS verification record now ("Check now")."""

    def post(self, request: MemberRequest, region_id: int) -> HttpResponse:
        region = org_region_get(region_id=region_id)
        domain = org_domain_for_host(org=request.tenant, host=region.host)
        if domain is None:
            raise Http404
        try:
            domain = org_domain_check(actor=request.user, domain=domain)
        except DomainLookupError:
            messages.error(request, _("The DNS lookup failed. Please try again in a few minutes."))
        else:
            if domain.is_verified:
                messages.success(
                    request, _("%(host)s is verified and now serves this region.") % {"host": domain.domain}
                )
            else:
                messages.warning(
                    request,
                    _("The verification record for %(host)s was not found yet.") % {"host": domain.domain},
                )
        return redirect(request, reverse("manage_region_edit", args=[region.pk]))


class RegionDeleteView(ConsoleView):
    def get(self, request: MemberRequest, region_id: int) -> HttpResponse:
        region = org_region_get(region_id=region_id)
        return confirm_page(
            request,
            question=_("Remove the region “%(name)s”?") % {"name": region.name},
            consequence=_("Its storefront stops answering and its prices are removed."),
            button=_("Remove region"),
            back=reverse("manage_region_edit", args=[region.pk]),
        )

    def post(self, request: MemberRequest, region_id: int) -> HttpResponse:
        region = org_region_get(region_id=region_id)
        try:
            org_region_delete(actor=request.user, region=region)
        except ValidationError as error:
            messages_from(request, error)
            return redirect(request, reverse("manage_region_edit", args=[region.pk]))
        messages.success(request, _("Region removed."))
        return redirect(request, reverse("manage_region_list"))
