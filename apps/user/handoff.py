"""One-time sign-in handoff from the platform domain to an org's domain.

Sessions are per host, so an owner who has just created an org would have to
sign in again on its domain. The platform issues a signed token naming the
user and the org, valid for a minute and redeemable once.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import caches

from apps.org.models import Org
from apps.user.models import User

SALT = "volmify.org.handoff"
MAX_AGE_SECONDS = 60


def handoff_token_issue(*, user: User, org: Org) -> str:
    return signing.dumps({"user": user.pk, "org": org.pk, "nonce": secrets.token_urlsafe(12)}, salt=SALT)


def handoff_token_redeem(*, token: str, org: Org) -> User | None:
    """The user the token names, if it is genuine, fresh, for this org, and not used before."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if payload.get("org") != org.pk:
        return None
    first_use = caches[settings.TENANT_LOOKUP_CACHE_ALIAS].add(
        f"handoff:{payload['nonce']}", 1, MAX_AGE_SECONDS * 2
    )
    if not first_use:
        return None
    return User.objects.filter(pk=payload["user"], is_active=True).first()
