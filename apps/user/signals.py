"""Drop a user's cached row (``apps.user.backends``) whenever the user is saved or deleted."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from apps.user.backends import user_cache_forget
from apps.user.models import User


@receiver(post_save, sender=User, dispatch_uid="user-cache-forget-on-save")
@receiver(post_delete, sender=User, dispatch_uid="user-cache-forget-on-delete")
def user_cache_forget_on_change(sender: type[User], instance: User, **kwargs: Any) -> None:
    user_cache_forget(instance.pk)
