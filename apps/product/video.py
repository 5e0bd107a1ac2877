"""A product's preview video: a YouTube or Vimeo address, kept as the player's address on the
privacy-enhanced domains (www.youtube-nocookie.com, player.vimeo.com with ``dnt=1``) that the
Content-Security-Policy's ``frame-src`` allows."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audited
from apps.locale_region.selectors import storefront_content_changed
from apps.product.models import OrgProduct
from volmify.actors import Actor

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def _refused() -> ValidationError:
    return ValidationError(
        {"preview_video_url": _("Enter the address of a YouTube or Vimeo video, e.g. https://youtu.be/… .")}
    )


def preview_video_embed_url(url: str) -> str:
    """The player address for a YouTube or Vimeo video address; "" for ""; a ValidationError else."""
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https"):
        raise _refused()
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = ""
    if host == "youtu.be" and segments:
        video_id = segments[0]
    elif host in YOUTUBE_HOSTS:
        if segments[:1] == ["watch"]:
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live"):
            video_id = segments[1]
    if video_id:
        if not YOUTUBE_ID.match(video_id):
            raise _refused()
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host in VIMEO_HOSTS and segments:
        vimeo_id = (
            segments[1]
            if host == "player.vimeo.com" and segments[0] == "video" and len(segments) > 1
            else segments[0]
        )
        if VIMEO_ID.match(vimeo_id):
            return f"https://player.vimeo.com/video/{vimeo_id}?dnt=1"
    raise _refused()


@transaction.atomic
def product_preview_video_set(*, actor: Actor, product: OrgProduct, url: str) -> OrgProduct:
    """Show a YouTube or Vimeo video on the product page ("" removes it)."""
    embed = preview_video_embed_url(url)
    with audited(actor=actor, verb=OrgAuditEntry.Verb.UPDATE, target=product, fields=("preview_video_url",)):
        product.preview_video_url = embed
        product.save(update_fields=["preview_video_url", "updated_at"])
    storefront_content_changed()
    return product
