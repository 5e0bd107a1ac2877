"""Receivers of user events.

- Drop a user's cached row (``volmify.usercache``) whenever the user is saved or deleted:
  at once, so the rest of this request reads the new row, and again when the transaction
  commits (a concurrent request that read the old, committed row in between could have cached it).
- Count setting up an authenticator as this session's two-factor check.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from apps.user.models import User
from volmify.usercache import user_cache_forget


@receiver(post_save, sender=User, dispatch_uid="user-cache-forget-on-save")
@receiver(post_delete, sender=User, dispatch_uid="user-cache-forget-on-delete")
def user_cache_forget_on_change(sender: type[User], instance: User, **kwargs: Any) -> None:
    user_id = instance.pk
    user_cache_forget(user_id)
    transaction.on_commit(lambda: user_cache_forget(user_id))


@receiver(authenticator_added, dispatch_uid="two-factor-activation-counts-for-this-session")
def two_factor_activation_counts_for_this_session(
    sender: type[Authenticator],
    request: HttpRequest | None,
    user: User,
    authenticator: Authenticator,
    **kwargs: Any,
) -> None:
    """Setting up an authenticator means entering a valid code from it: this session has passed
    two-factor authentication (volmify.mfa), so the admin or a console that requires it opens
    without a second prompt."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", type=authenticator.type, id=authenticator.pk)
        request.session.save()  # allauth sends this on commit, which can come after the session was written
