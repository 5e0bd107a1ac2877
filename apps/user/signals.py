"""Drop a user's cached row (``apps.user.backends``) whenever the user is saved or deleted.

Dropped at once, so the rest of this request reads the new row, and again when the transaction
commits: a concurrent request that read the old, committed row in between could have cached it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.user.backends import user_cache_forget
from apps.user.models import User


@receiver(post_save, sender=User, dispatch_uid="user-cache-forget-on-save")
@receiver(post_delete, sender=User, dispatch_uid="user-cache-forget-on-delete")
def user_cache_forget_on_change(sender: type[User], instance: User, **kwargs: Any) -> None:
    user_id = instance.pk
    user_cache_forget(user_id)
    transaction.on_commit(lambda: user_cache_forget(user_id))
