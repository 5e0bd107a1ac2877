"""Org console: a product's media (gallery pictures and preview video), in the product editor's
"Media" section. Errors show on the product page with nothing changed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.console.forms.products import ProductImageAltForm, ProductImageUploadForm, ProductPreviewVideoForm
from apps.console.views.base import ConsoleView, apply_errors, confirm_page, redirect
from apps.locale_region.fallback import translation_resolve
from apps.locale_region.selectors import org_locale_keys
from apps.product.images import (
    product_image_alt_set,
    product_image_delete,
    product_image_get,
    product_image_list,
    product_image_move,
    product_images_add,
)
from apps.product.models import OrgProduct
from apps.product.selectors import product_get
from apps.product.video import product_preview_video_set
from apps.web.request import MemberRequest

UPLOAD_PREFIX = "upload"  # the editor's other forms have a language field too: field ids stay unique


def media_url(product: OrgProduct) -> str:
    from apps.console.views.products import product_detail_url

    return product_detail_url(product) + "#media"


def media_context(product: OrgProduct, chain: tuple[str, ...], data: Any = None) -> dict[str, Any]:
    """The Media section's pictures (each with its description in the console's language and its
    form) and its forms."""
    keys = org_locale_keys()
    images = product_image_list(product=product)
    for image in images:
        row = translation_resolve(image, chain=chain)
        image.alt_shown = row.alt_text if row else ""
        image.alt_form = ProductImageAltForm(
            locale_keys=keys,
            initial={"language": keys[0] if keys else "", "alt_text": image.alt_shown},
            prefix=f"image-{image.pk}",
        )
    return {
        "images": images,
        "image_form": ProductImageUploadForm(
            locale_keys=keys, initial={"language": keys[0] if keys else ""}, prefix=UPLOAD_PREFIX
        ),
        "video_form": ProductPreviewVideoForm(initial={"preview_video_url": product.preview_video_url}),
    }


def _detail(request: MemberRequest, product: OrgProduct, **forms: Any) -> HttpResponse:
    from apps.console.views.products import ProductDetailView

    return ProductDetailView().render_page(request, product, media_forms=forms, status=400)


class ProductImageUploadView(ConsoleView):
    def post(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        form = ProductImageUploadForm(
            request.POST, request.FILES, locale_keys=org_locale_keys(), prefix=UPLOAD_PREFIX
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                added = product_images_add(
                    actor=request.user,
                    product=product,
                    uploads=data["images"],
                    language_code=data["language"],
                    alt_text=data["alt_text"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                count = len(added)
                messages.success(
                    request,
                    ngettext("%(count)d picture added.", "%(count)d pictures added.", count)
                    % {"count": count},
                )
                return redirect(request, media_url(product))
        return _detail(request, product, image_form=form)


class ProductImageAltView(ConsoleView):
    def post(self, request: MemberRequest, product_id: int, image_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        image = product_image_get(product=product, image_id=image_id)
        form = ProductImageAltForm(request.POST, locale_keys=org_locale_keys(), prefix=f"image-{image.pk}")
        if form.is_valid():
            try:
                product_image_alt_set(
                    actor=request.user,
                    image=image,
                    language_code=form.cleaned_data["language"],
                    alt_text=form.cleaned_data["alt_text"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Description saved."))
                return redirect(request, media_url(product))
        messages.error(request, _("The description was not saved: %(errors)s") % {"errors": _errors(form)})
        return redirect(request, media_url(product))


def _errors(form: Any) -> str:
    return " ".join(str(message) for messages_ in form.errors.values() for message in messages_)


class ProductImageMoveView(ConsoleView):
    def post(self, request: MemberRequest, product_id: int, image_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        image = product_image_get(product=product, image_id=image_id)
        direction = request.POST.get("direction", "")
        try:
            product_image_move(actor=request.user, image=image, direction=direction)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Picture moved."))
        return redirect(request, media_url(product))


class ProductImageDeleteView(ConsoleView):
    def get(self, request: MemberRequest, product_id: int, image_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        image = product_image_get(product=product, image_id=image_id)
        return confirm_page(
            request,
            question=_("Remove picture %(number)d from %(product)s?")
            % {"number": image.position + 1, "product": product},
            consequence=_("The picture and its sizes are deleted; the product page stops showing it."),
            button=_("Remove picture"),
            back=media_url(product),
        )

    def post(self, request: MemberRequest, product_id: int, image_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        product_image_delete(actor=request.user, image=product_image_get(product=product, image_id=image_id))
        messages.success(request, _("Picture removed."))
        return redirect(request, media_url(product))


class ProductPreviewVideoView(ConsoleView):
    def post(self, request: MemberRequest, product_id: int) -> HttpResponse:
        product = product_get(product_id=product_id)
        form = ProductPreviewVideoForm(request.POST)
        if form.is_valid():
            try:
                product_preview_video_set(
                    actor=request.user, product=product, url=form.cleaned_data["preview_video_url"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Preview video saved."))
                return redirect(request, media_url(product))
        return _detail(request, product, video_form=form)
