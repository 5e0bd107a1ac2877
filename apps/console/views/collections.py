"""Org console (/manage/catalog/collections/): ordered, translated product collections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.console.forms.collections import (
    CollectionCreateForm,
    CollectionSettingsForm,
    CollectionTranslationForm,
)
from apps.console.views.base import (
    ConsoleView,
    apply_errors,
    default_locale_key,
    form_page,
    form_template,
    list_page,
    list_search,
    locale_key_get,
    messages_from,
    redirect,
    translation_chain,
)
from apps.locale_region.fallback import translation_resolve
from apps.locale_region.selectors import (
    org_locale_keys,
    translation_missing_locales,
    translations_by_locale,
)
from apps.product.models import OrgProductCollection
from apps.product.selectors import (
    collection_entries,
    collection_get,
    collection_list,
    collection_product_ids,
    product_options_for_collection,
)
from apps.product.services import (
    collection_create,
    collection_delete,
    collection_products_set,
    collection_translation_save,
    collection_update,
)
from apps.web.request import MemberRequest

TRANSLATION_FIELDS = ("title", "slug", "description")


def _detail_url(collection: OrgProductCollection) -> str:
    return reverse("manage_collection_detail", args=[collection.pk])


def _title(collection: OrgProductCollection, chain: tuple[str, ...]) -> str:
    """The collection's title along the console's ``chain`` (the console is not per-locale)."""
    first = translation_resolve(collection, chain=chain)
    return first.title if first else str(collection.pk)


class CollectionListView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        keys, chain = org_locale_keys(), translation_chain(request)
        search, status = list_search(request)
        context = list_page(request, collection_list(search=search))
        for collection in context["page"].object_list:
            collection.tr = translation_resolve(collection, chain=chain)
            collection.missing_locales = translation_missing_locales(collection, keys)
        return render(request, "console/collection_list.html", context, status=status)


class CollectionCreateView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        return self._page(request, CollectionCreateForm())

    def post(self, request: MemberRequest) -> HttpResponse:
        form = CollectionCreateForm(request.POST)
        if form.is_valid():
            try:
                collection = collection_create(
                    actor=request.user, language_code=default_locale_key(), **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Collection created."))
                return redirect(request, _detail_url(collection))
        return self._page(request, form, status=400)

    def _page(self, request: MemberRequest, form: Any, status: int = 200) -> HttpResponse:
        back = reverse("manage_collection_list")
        return form_page(request, form, title=_("New collection"), back=back, status=status)


class CollectionDetailView(ConsoleView):
    """Settings, translations per locale (with their missing state) and the ordered products."""

    def get(self, request: MemberRequest, collection_id: int) -> HttpResponse:
        collection = collection_get(collection_id=collection_id)
        initial = {name: getattr(collection, name) for name in ("kind", "position", "is_published")}
        return self.render_page(request, collection, CollectionSettingsForm(initial=initial))

    def post(self, request: MemberRequest, collection_id: int) -> HttpResponse:
        collection = collection_get(collection_id=collection_id)
        form = CollectionSettingsForm(request.POST)
        if form.is_valid():
            collection_update(actor=request.user, collection=collection, **form.cleaned_data)
            messages.success(request, _("Collection saved."))
            return redirect(request, _detail_url(collection))
        return self.render_page(request, collection, form, status=400)

    def render_page(
        self, request: MemberRequest, collection: OrgProductCollection, form: Any, status: int = 200
    ) -> HttpResponse:
        chain = translation_chain(request)
        entries = collection_entries(collection=collection)
        for entry in entries:
            entry.product.tr = translation_resolve(entry.product, chain=chain)
        options = list(product_options_for_collection(collection=collection))
        for product in options:
            product.tr = translation_resolve(product, chain=chain)
        context = {
            "collection": collection,
            "title": _title(collection, chain),
            "translations": translations_by_locale(collection, org_locale_keys()),
            "entries": entries,
            "options": options,
            "form": form,
            "action": request.path,
        }
        return render(request, "console/collection_detail.html", context, status=status)


class CollectionTranslationView(ConsoleView):
    def get(self, request: MemberRequest, collection_id: int, locale_key: str) -> HttpResponse:
        collection = collection_get(collection_id=collection_id)
        key = locale_key_get(locale_key)
        row = translation_resolve(collection, chain=(key,), any_language=False)
        initial = {name: getattr(row, name) for name in TRANSLATION_FIELDS} if row else {}
        form = CollectionTranslationForm(initial=initial)
        return self._render(request, collection, key, form, is_missing=row is None)

    def post(self, request: MemberRequest, collection_id: int, locale_key: str) -> HttpResponse:
        collection = collection_get(collection_id=collection_id)
        key = locale_key_get(locale_key)
        form = CollectionTranslationForm(request.POST)
        if form.is_valid():
            try:
                collection_translation_save(
                    actor=request.user, collection=collection, language_code=key, **form.cleaned_data
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Translation saved."))
                return redirect(request, _detail_url(collection))
        is_missing = translation_resolve(collection, chain=(key,), any_language=False) is None
        return self._render(request, collection, key, form, is_missing=is_missing, status=400)

    def _render(
        self,
        request: MemberRequest,
        collection: Any,
        key: str,
        form: Any,
        *,
        is_missing: bool,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "collection": collection,
            "locale_key": key,
            "form": form,
            "is_missing": is_missing,
            "action": request.path,
            "back": _detail_url(collection),
        }
        template = form_template(request, "console/collection_translation.html")
        return render(request, template, context, status=status)


class CollectionDeleteView(ConsoleView):
    """GET asks for confirmation; only the POST of that page deletes the collection."""

    def get(self, request: MemberRequest, collection_id: int) -> HttpResponse:
        collection = collection_get(collection_id=collection_id)
        context = {
            "collection": collection,
            "title": _title(collection, translation_chain(request)),
            "action": request.path,
            "back": _detail_url(collection),
        }
        return render(request, "console/collection_delete.html", context)

    def post(self, request: MemberRequest, collection_id: int) -> HttpResponse:
        collection_delete(actor=request.user, collection=collection_get(collection_id=collection_id))
        messages.success(request, _("Collection deleted."))
        return redirect(request, reverse("manage_collection_list"))


def reordered(product_ids: list[int], product_id: int, action: str) -> list[int]:
    """The collection's product ids after ``action`` (add, remove, up, down) on ``product_id``."""
    ids = [pk for pk in product_ids if pk != product_id]
    if action == "add":
        return [*ids, product_id]
    if action == "remove" or product_id not in product_ids:
        return ids
    index = product_ids.index(product_id) + (-1 if action == "up" else 1)
    ids.insert(max(0, min(len(ids), index)), product_id)
    return ids


class CollectionProductsView(ConsoleView):
    """POST ``action`` (add, remove, up, down) and ``product``: change the collection's products or order."""

    def post(self, request: MemberRequest, collection_id: int) -> HttpResponse:
        collection = collection_get(collection_id=collection_id)
        action = request.POST.get("action", "")
        try:
            product_id = int(request.POST.get("product", ""))
        except ValueError:
            product_id = 0
        if action not in ("add", "remove", "up", "down") or not product_id:
            messages.error(request, _("Choose a product."))
            return redirect(request, _detail_url(collection))
        current = collection_product_ids(collection=collection)
        try:
            collection_products_set(
                actor=request.user, collection=collection, product_ids=reordered(current, product_id, action)
            )
        except ValidationError as error:
            messages_from(request, error)
        return redirect(request, _detail_url(collection))
