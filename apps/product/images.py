"""Product gallery pictures: checking an upload with Pillow, its WebP renditions, and the writes.

An upload is refused (a ValidationError on ``images``, nothing stored) when it is larger than
``PRODUCT_IMAGE_MAX_BYTES``, not a JPEG, PNG, WebP or GIF picture, or has more pixels than
``PRODUCT_IMAGE_MAX_PIXELS`` (checked from its header, before decoding, so a decompression bomb is
never expanded). Accepted pictures are turned upright by their EXIF orientation and re-encoded
without their metadata (camera, place), as a WebP "original" and one WebP rendition per width of
``PRODUCT_IMAGE_WIDTHS`` not wider than the picture (never upscaled).

Every write rewrites the product's ``gallery`` (what pages show: names, sizes and alt texts per
language), so the product page and catalog cards read pictures from the product row: the page's
query count does not depend on how many pictures it has.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_record
from apps.locale_region.selectors import storefront_content_changed
from apps.product.models import OrgProduct, OrgProductImage
from apps.product.services import language_check
from volmify.actors import Actor, actor_check

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
ORIGINAL_MAX_WIDTH = 2560  # the kept "original": large enough for any screen, never the camera's 8K
MAX_IMAGES_PER_PRODUCT = 20
Verb = OrgAuditEntry.Verb


def _refused() -> ValidationError:
    return ValidationError({"images": _("Upload a JPEG, PNG, WebP or GIF picture.")})


def image_decode(upload: UploadedFile) -> Image.Image:
    """The upload as an upright RGB(A) picture without metadata; a ValidationError if refused."""
    limit = settings.PRODUCT_IMAGE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            {
                "images": _("“%(name)s” is larger than %(size)d MB.")
                % {"name": upload.name, "size": max(1, limit // (1024 * 1024))}
            }
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            width, height = probe.size
            if probe.format not in ACCEPTED_FORMATS:
                raise _refused()
            if width * height > settings.PRODUCT_IMAGE_MAX_PIXELS:
                raise ValidationError(
                    {"images": _("“%(name)s” has too many pixels.") % {"name": upload.name}}
                )
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            upright = ImageOps.exif_transpose(image)
            has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
            return upright.convert("RGBA" if has_alpha else "RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as error:
        raise _refused() from error


def _webp(image: Image.Image, width: int) -> tuple[bytes, int, int]:
    if width < image.width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=82, method=4)  # a new image: no EXIF carried over
    return output.getvalue(), image.width, image.height


def renditions_make(image: Image.Image) -> tuple[ContentFile, list[tuple[ContentFile, int, int]]]:
    """The kept original and the renditions (never wider than the picture, at least one)."""
    original, _width, _height = _webp(image, min(image.width, ORIGINAL_MAX_WIDTH))
    widths = [width for width in settings.PRODUCT_IMAGE_WIDTHS if width < image.width] or []
    largest = settings.PRODUCT_IMAGE_WIDTHS[-1]
    if image.width <= largest:
        widths.append(image.width)  # the picture's own width is its largest rendition
    sized = []
    for width in sorted(set(widths)):
        data, shown_width, shown_height = _webp(image, width)
        sized.append((ContentFile(data, name=f"{shown_width}w.webp"), shown_width, shown_height))
    return ContentFile(original, name=f"{secrets.token_hex(8)}.webp"), sized


# Reads -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GalleryImage:
    """One picture as a template shows it: ``src`` (the largest rendition), ``srcset``, its size
    (so the browser reserves the space) and the alt text in the page's language."""

    src: str
    srcset: str
    width: int
    height: int
    alt: str


def _alt_pick(alts: dict[str, str], chain: Sequence[str]) -> str:
    lowered = {key.lower(): text for key, text in alts.items() if text}
    for key in chain:
        if key.lower() in lowered:
            return lowered[key.lower()]
    return next(iter(lowered.values()), "")


def gallery_images(*, product: OrgProduct, chain: Sequence[str]) -> list[GalleryImage]:
    """The product's pictures in order, from its ``gallery`` (no query)."""
    shown = []
    for entry in product.gallery or []:
        sizes = entry.get("renditions") or []
        if not sizes:
            continue
        largest = sizes[-1]
        shown.append(
            GalleryImage(
                src=default_storage.url(largest["name"]),
                srcset=", ".join(f"{default_storage.url(size['name'])} {size['width']}w" for size in sizes),
                width=largest["width"],
                height=largest["height"],
                alt=_alt_pick(entry.get("alt") or {}, chain),
            )
        )
    return shown


def product_image_list(*, product: OrgProduct) -> list[OrgProductImage]:
    """The product's pictures in order with their translations (the console; two queries)."""
    return list(product.images.prefetch_related("translations").order_by("position", "id"))


def product_image_get(*, product: OrgProduct, image_id: Any) -> OrgProductImage:
    """One of ``product``'s pictures; the same 404 for a missing id and another product's (or org's)."""
    try:
        return product.images.get(pk=int(image_id))
    except (OrgProductImage.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error


# Writes ----------------------------------------------------------------------------------------------


def _gallery_refresh(product: OrgProduct) -> None:
    """Rewrite ``product.gallery`` from its pictures, and tell the page cache."""
    gallery = [
        {
            "id": image.pk,
            "renditions": image.renditions,
            "alt": {row.language_code: row.alt_text for row in image.translations.all() if row.alt_text},
        }
        for image in product_image_list(product=product)
    ]
    product.gallery = gallery
    OrgProduct.objects.filter(pk=product.pk).update(gallery=gallery)
    storefront_content_changed()


def _audit(actor: Actor, verb: str, image: OrgProductImage, **values: Any) -> None:
    audit_record(actor=actor, verb=verb, target=image, after=values, label=f"{image.product} #{image.pk}")


def product_images_add(
    *,
    actor: Actor,
    product: OrgProduct,
    uploads: Sequence[UploadedFile],
    language_code: str = "",
    alt_text: str = "",
) -> list[OrgProductImage]:
    """Add pictures at the end of the gallery; every upload is checked before any is stored, so a
    refused one leaves the gallery as it was. ``alt_text`` (in ``language_code``) is given to all."""
    actor_check(actor)
    if not uploads:
        raise ValidationError({"images": _("Choose at least one picture.")})
    if alt_text.strip():
        language_check(language_code)
    existing = product.images.count()
    if existing + len(uploads) > MAX_IMAGES_PER_PRODUCT:
        raise ValidationError(
            {"images": _("A product has at most %(count)d pictures.") % {"count": MAX_IMAGES_PER_PRODUCT}}
        )
    decoded = [renditions_make(image_decode(upload)) for upload in uploads]
    stored: list[str] = []
    try:
        with transaction.atomic():
            last = product.images.order_by("-position").values_list("position", flat=True).first()
            position = (last + 1) if last is not None else 0
            created = []
            for offset, (original, sizes) in enumerate(decoded):
                image = OrgProductImage(product=product, position=position + offset)
                image.file.save(original.name or "picture.webp", original, save=False)
                file_name = image.file.name or ""
                stored.append(file_name)
                folder = file_name.rsplit("/", 1)[0]
                renditions = []
                for content, width, height in sizes:
                    name = default_storage.save(f"{folder}/{content.name}", content)
                    stored.append(name)
                    renditions.append({"name": name, "width": width, "height": height})
                image.renditions = renditions
                if alt_text.strip():
                    image.set_current_language(language_code)
                    image.alt_text = alt_text.strip()
                image.save()
                _audit(actor, Verb.CREATE, image, product=product.pk, position=image.position)
                created.append(image)
            _gallery_refresh(product)
    except Exception:
        for name in stored:  # a failed write leaves no files behind
            default_storage.delete(name)
        raise
    return created


@transaction.atomic
def product_image_alt_set(
    *, actor: Actor, image: OrgProductImage, language_code: str, alt_text: str
) -> OrgProductImage:
    """Describe the picture in ``language_code`` (empty: no description in that language)."""
    actor_check(actor)
    language_check(language_code)
    alt_text = alt_text.strip()
    if len(alt_text) > 250:
        raise ValidationError({"alt_text": _("Keep the description under 250 characters.")})
    image.set_current_language(language_code)
    before = image.safe_translation_getter("alt_text", default="", language_code=language_code) or ""
    image.alt_text = alt_text
    image.save_translations()
    audit_record(
        actor=actor,
        verb=Verb.TRANSLATE,
        target=image,
        before={f"alt_text:{language_code}": before},
        after={f"alt_text:{language_code}": alt_text},
        label=f"{image.product} #{image.pk}",
    )
    _gallery_refresh(image.product)
    return image


@transaction.atomic
def product_image_move(*, actor: Actor, image: OrgProductImage, direction: str) -> None:
    """Move the picture one place ``up`` (earlier) or ``down``; the first picture is the main one."""
    actor_check(actor)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a picture up or down.")})
    product = image.product
    images = list(product.images.select_for_update().order_by("position", "id"))
    ids = [row.pk for row in images]
    index = ids.index(image.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ids):
        return
    before = list(ids)
    ids[index], ids[target] = ids[target], ids[index]
    for row in images:
        row.position = ids.index(row.pk)
    OrgProductImage.objects.bulk_update(images, ["position"])
    audit_record(
        actor=actor, verb=Verb.UPDATE, target=product, before={"images": before}, after={"images": ids}
    )
    _gallery_refresh(product)


def product_image_delete(*, actor: Actor, image: OrgProductImage) -> None:
    """Remove the picture and its files."""
    actor_check(actor)
    names = [image.file.name, *(size["name"] for size in image.renditions or [])]
    product = image.product
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb=Verb.DELETE,
            target=image,
            before={"product": product.pk, "position": image.position},
            label=f"{product} #{image.pk}",
        )
        image.delete()
        _gallery_refresh(product)

    def files_delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(files_delete)
