"""Public schema: users (email login through allauth) and their profiles."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UserConfig(AppConfig):
    name = "apps.user"
    label = "user"
    verbose_name = _("Users")

    def ready(self) -> None:
        from apps.user import signals  # noqa: F401  (user cache invalidation, 2FA set-up)
