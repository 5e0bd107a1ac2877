"""Org console (/manage/catalog/products/): products, their translations, details, variants and skills."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.console.forms.plans import PlanForm
from apps.console.forms.products import (
    ProductCreateForm,
    ProductEditForm,
    ProductFaqForm,
    ProductListFilterForm,
    ProductSkillForm,
    ProductTranslationForm,
    VariantForm,
)
from apps.console.views.base import (
    ConsoleView,
    apply_errors,
    confirm_page,
    default_locale_key,
    form_page,
    form_template,
    locale_key_get,
    messages_from,
    redirect,
    translation_chain,
)
from apps.console.views.media import media_context
from apps.locale_region.fallback import translation_resolve
from apps.locale_region.selectors import (
    org_locale_keys,
    org_region_list,
    translation_missing_locales,
    translations_by_locale,
)
from apps.payment.selectors.plans import (
    access_tier_name,
    payment_plan_list_for_product,
    payment_plan_prices_by_region,
)
from apps.product.models import OrgProduct
from apps.product.reviews import product_faq_delete, product_faq_get, product_faq_save, product_faqs
from apps.product.selectors import (
    paginate,
    product_get,
    product_list,
    product_skill_weights,
    product_variants,
)
from apps.product.services import (
    product_create,
    product_publish,
    product_skill_remove,
    product_skill_set,
    product_translation_save,
    product_unpublish,
    product_update,
    product_variant_create,
)
from apps.web.request import MemberRequest
from volmify.files import private_file_response
from volmify.forms import query_read

PRODUCT_PAGE_SIZE = 25


def product_detail_url(product: OrgProduct) -> str:
    return reverse("manage_product_detail", args=[product.pk])


class ProductListView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        query = request.GET
        filters, status = query_read(ProductListFilterForm, request)
        products = product_list(
            search=(filters.get("q") or "").strip(),
            product_type=filters.get("type") or "",
            status=filters.get("status") or "",
        )
        page = paginate(products, page=query.get("page"), per_page=PRODUCT_PAGE_SIZE)
        keys, chain = org_locale_keys(), translation_chain(request)
        for product in page.object_list:
            product.missing_locales = translation_missing_locales(product, keys)
            product.tr = translation_resolve(product, chain=chain)
        params = query.copy()
        params.pop("page", None)
        return render(
            request,
            "console/product_list.html",
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
    def get(self, request: MemberRequest) -> HttpResponse:
        return self._render(request, ProductCreateForm())

    def post(self, request: MemberRequest) -> HttpResponse:
        form = ProductCreateForm(request.POST)
        if form.is_valid():
            try:
                product = product_create(
                    actor=request.user,
                    product_type=form.cleaned_data["product_type"],
                    language_code=default_locale_key(),
                    brand=form.cleaned_data["brand"],
                    tax_category=form.cleaned_data["tax_category"],
                    extension=form.extension(),
                    **form.translation(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Product created as a draft."))
                return redirect(request, product_detail_url(product))
        return self._render(request, form, status=400 if form.errors else 200)

    def _render(self, request: MemberRequest, form: Form, status: int = 200) -> HttpResponse:
        template = form_template(request, "console/product_create.html")
        return render(request, template, {"form": form, "action": request.path}, status=status)


def product_context(product: OrgProduct, chain: tuple[str, ...]) -> dict[str, Any]:
    """The product page's context, its names and titles picked along the console's ``chain``."""
    plans = list(payment_plan_list_for_product(product=product))
    regions = list(org_region_list())
    for plan in plans:
        by_region = payment_plan_prices_by_region(plan=plan)
        plan.region_rows = [(region, by_region.get(region.pk)) for region in regions]
        plan.tier_name = access_tier_name(plan.access_tier)
        plan.tr = translation_resolve(plan, chain=chain)
    first = translation_resolve(product, chain=chain)
    faqs = product_faqs(product_id=product.pk, chain=chain)
    return {
        "product": product,
        "title": first.title if first else "",
        "translations": translations_by_locale(product, org_locale_keys()),
        "variants": product_variants(product=product),
        "plans": plans,
        "regions": regions,
        "skills": list(product_skill_weights(product=product)),
        "skill_form": ProductSkillForm(),
        "faqs": faqs,
        "faq_form": faq_form(product, faqs),
    }


def faq_form(product: OrgProduct, faqs: list[Any], data: Any = None) -> ProductFaqForm:
    keys = org_locale_keys()  # the default first; none yet in an org still setting up its markets
    return ProductFaqForm(data, faqs=faqs, locale_keys=keys, initial={"language": keys[0] if keys else ""})


class ProductDetailView(ConsoleView):
    def get(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        return self.render_page(request, product)

    def render_page(
        self,
        request: MemberRequest,
        product: OrgProduct,
        *,
        skill_form: Form | None = None,
        faq_form: Form | None = None,
        media_forms: dict[str, Form] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        chain = translation_chain(request)
        context = product_context(product, chain)
        context.update(media_context(product, chain))
        context.update(media_forms or {})
        context["variant_form"] = VariantForm()
        context["plan_form"] = PlanForm(variants=context["variants"])
        if skill_form is not None:
            context["skill_form"] = skill_form
        if faq_form is not None:
            context["faq_form"] = faq_form
        return render(request, "console/product_detail.html", context, status=status)


class ProductFileView(ConsoleView):
    """A digital product's file, for the org's staff (buyers' downloads check their entitlement)."""

    def get(self, request: MemberRequest, product_id: int) -> HttpResponseBase:
        product = product_get(product_id=product_id)
        digital = getattr(product, "digital", None) if product.product_type == "digital" else None
        if digital is None or not digital.file:
            raise Http404
        return private_file_response(digital.file)


class ProductTranslationView(ConsoleView):
    """One language's texts of a product, each field beside the default language's text (the
    source a translator works from). htmx re-renders only the form with its errors."""

    def get(self, request: MemberRequest, product_id: int, locale_key: str) -> HttpResponse:
        product = product_get(product_id=product_id)
        key = locale_key_get(locale_key)
        row = translation_resolve(product, chain=(key,), any_language=False)
        initial = {name: getattr(row, name) for name in ProductTranslationForm.base_fields} if row else {}
        return self._render(
            request, product, key, ProductTranslationForm(initial=initial), is_missing=row is None
        )

    def post(self, request: MemberRequest, product_id: int, locale_key: str) -> HttpResponse:
        product = product_get(product_id=product_id)
        key = locale_key_get(locale_key)
        form = ProductTranslationForm(request.POST)
        if form.is_valid():
            try:
                product_translation_save(
                    actor=request.user, product=product, language_code=key, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Translation saved."))
                return redirect(request, product_detail_url(product))
        return self._render(request, product, key, form, is_missing=False, status=400)

    def _render(self, request, product, key, form, *, is_missing, status=200):
        source_key = default_locale_key()
        source = None
        if source_key != key:
            source = translation_resolve(product, chain=(source_key,), any_language=False)
        rows = [(form[name], getattr(source, name, "") if source else None) for name in form.fields]
        context = {
            "product": product,
            "locale_key": key,
            "source_key": source_key if source else "",
            "rows": rows,
            "form": form,
            "is_missing": is_missing,
            "action": request.path,
        }
        template = form_template(request, "console/product_translation.html")
        if request.htmx:
            template = "console/_translation_form.html"
        return render(request, template, context, status=status)


class ProductPublishView(ConsoleView):
    def post(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        try:
            if request.POST.get("action") == "unpublish":
                product_unpublish(actor=request.user, product=product)
                messages.success(request, _("Product unpublished."))
            else:
                product_publish(actor=request.user, product=product)
                messages.success(request, _("Product published."))
        except ValidationError as error:
            messages_from(request, error)
        return redirect(request, product_detail_url(product))


class VariantCreateView(ConsoleView):
    def post(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        form = VariantForm(request.POST)
        if form.is_valid():
            try:
                product_variant_create(actor=request.user,
                    product=product, language_code=default_locale_key(), name=form.cleaned_data["name"],
                    position=form.cleaned_data["position"],
                )  # fmt: skip
                return redirect(request, product_detail_url(product))
            except ValidationError as error:
                apply_errors(form, error)
        context = product_context(product, translation_chain(request)) | {"variant_form": form}
        context["plan_form"] = PlanForm(variants=context["variants"])
        return render(request, "console/product_detail.html", context, status=400)


class ProductEditView(ConsoleView):
    def get(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        form = ProductEditForm(initial=ProductEditForm.initial_from(product), product=product)
        return self._page(request, product, form)

    def post(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        form = ProductEditForm(request.POST, request.FILES, product=product)
        if form.is_valid():
            try:
                product_update(
                    actor=request.user,
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
                return redirect(request, product_detail_url(product))
        return self._page(request, product, form, status=400)

    def _page(self, request: MemberRequest, product: Any, form: Any, status: int = 200) -> HttpResponse:
        title = _("Details of %(product)s") % {"product": product}
        return form_page(request, form, title=title, back=product_detail_url(product), status=status)


class ProductSkillSetView(ConsoleView):
    """Add a skill to the product, or change its weight; errors show on the product page."""

    def post(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        form = ProductSkillForm(request.POST)
        if form.is_valid():
            try:
                product_skill_set(
                    actor=request.user,
                    product=product,
                    skill=form.cleaned_data["skill"],
                    weight=form.cleaned_data["weight"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Skill weight saved."))
                return redirect(request, product_detail_url(product))
        return ProductDetailView().render_page(request, product, skill_form=form, status=400)


class ProductSkillRemoveView(ConsoleView):
    def get(self, request: MemberRequest, product_id: int, skill_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        row = next((row for row in product_skill_weights(product=product) if row.skill_id == skill_id), None)
        if row is None:
            raise Http404
        return confirm_page(
            request,
            question=_("Remove the skill “%(skill)s” from %(product)s?")
            % {"skill": row.skill, "product": product},
            consequence=_("Learners browsing by this skill no longer find the product."),
            button=_("Remove skill"),
            back=product_detail_url(product) + "#skills",
        )

    def post(self, request: MemberRequest, product_id: int, skill_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        product_skill_remove(actor=request.user, product=product, skill_id=skill_id)
        messages.success(request, _("Skill removed."))
        return redirect(request, product_detail_url(product))


class ProductFaqSaveView(ConsoleView):
    """Add a question to the product page, or change or translate one; errors show on the product page."""

    def post(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        faqs = product_faqs(product_id=product.pk, chain=translation_chain(request))
        form = faq_form(product, faqs, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                product_faq_save(
                    actor=request.user,
                    product=product,
                    faq=product_faq_get(product=product, faq_id=data["faq"]) if data["faq"] else None,
                    language_code=data["language"],
                    question=data["question"],
                    answer=data["answer"],
                    position=data["position"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Question saved."))
                return redirect(request, product_detail_url(product) + "#faqs")
        return ProductDetailView().render_page(request, product, faq_form=form, status=400)


class ProductFaqDeleteView(ConsoleView):
    def get(self, request: MemberRequest, product_id: int, faq_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        faq = product_faq_get(product=product, faq_id=faq_id)
        return confirm_page(
            request,
            question=_("Remove the question “%(question)s” from %(product)s?")
            % {"question": faq, "product": product},
            consequence=_("It is removed in every language."),
            button=_("Remove question"),
            back=product_detail_url(product) + "#faqs",
        )

    def post(self, request: MemberRequest, product_id: int, faq_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        product_faq_delete(actor=request.user, faq=product_faq_get(product=product, faq_id=faq_id))
        messages.success(request, _("Question removed."))
        return redirect(request, product_detail_url(product) + "#faqs")
