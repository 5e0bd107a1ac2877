"""Signed, expiring download links: a link names one download of one org and expires after
``LINK_SECONDS``; the view that serves it checks the buyer and counts the download."""

from __future__ import annotations

from django.core import signing

from apps.org.selectors import tenant_connection

LINK_SECONDS = 600
SALT = "payment.download"


def download_token(*, download_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{tenant_connection().schema_name}:{download_id}")


def download_token_read(token: str) -> int | None:
    """The download id the token names in this org, or None when it is forged, expired or another
    org's."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=LINK_SECONDS)
    except signing.BadSignature:
        return None
    schema, _, download_id = value.rpartition(":")
    if schema != tenant_connection().schema_name or not download_id.isdigit():
        return None
    return int(download_id)
