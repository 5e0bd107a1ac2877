"""Instructor profile photos: an upload checked with Pillow and stored as a square JPEG rendition."""

from __future__ import annotations

import io
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding


def photo_rendition(upload: UploadedFile) -> ContentFile:
    """The upload as a square JPEG of ``INSTRUCTOR_PHOTO_SIZE`` pixels, centre-cropped.

    Refused with a ValidationError on the ``photo`` field when too large, not an image, or of a
    format other than JPEG, PNG, WebP or GIF.
    """
    limit = settings.INSTRUCTOR_PHOTO_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            {"photo": _("The photo is larger than %(size)d MB.") % {"size": max(1, limit // (1024 * 1024))}}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError({"photo": _("Upload a JPEG, PNG, WebP or GIF image.")})
            if width * height > MAX_PIXELS:
                raise ValidationError({"photo": _("The photo has too many pixels.")})
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            upright = ImageOps.exif_transpose(image)
            side = settings.INSTRUCTOR_PHOTO_SIZE
            square = ImageOps.fit(upright.convert("RGB"), (side, side), Image.Resampling.LANCZOS)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError({"photo": _("Upload a JPEG, PNG, WebP or GIF image.")}) from error
    output = io.BytesIO()
    square.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name=f"{secrets.token_hex(12)}.jpg")
