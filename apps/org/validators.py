"""Rules for an org's subdomain (its slug)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DNS_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
SLUG_MIN_LENGTH = 3
SLUG_MAX_LENGTH = 40

RESERVED_SLUGS = frozenset(
    {
        "www",
        "admin",
        "api",
        "app",
        "apps",
        "assets",
        "auth",
        "billing",
        "blog",
        "cdn",
        "console",
        "creator",
        "dashboard",
        "dev",
        "docs",
        "email",
        "ftp",
        "help",
        "imap",
        "login",
        "mail",
        "manage",
        "media",
        "mx",
        "news",
        "ns1",
        "ns2",
        "platform",
        "pop",
        "public",
        "root",
        "shop",
        "smtp",
        "staff",
        "static",
        "status",
        "store",
        "studio",
        "support",
        "system",
        "template",
        "test",
        "volmify",
        "webmail",
    }
)


def validate_org_slug(value: str) -> None:
    """Raise ValidationError unless ``value`` is a usable DNS label that is not reserved."""
    if len(value) < SLUG_MIN_LENGTH or len(value) > SLUG_MAX_LENGTH:
        raise ValidationError(
            _("The subdomain must be %(min)d to %(max)d characters long."),
            code="length",
            params={"min": SLUG_MIN_LENGTH, "max": SLUG_MAX_LENGTH},
        )
    if not DNS_LABEL.match(value):
        raise ValidationError(
            _("Use only lowercase letters, digits and hyphens, starting and ending with a letter or digit."),
            code="invalid",
        )
    if "--" in value:
        raise ValidationError(_("The subdomain cannot contain two hyphens in a row."), code="invalid")
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved. Please choose another."), code="reserved", params={"slug": value}
        )
