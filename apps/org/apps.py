"""Public schema: the ``Org`` tenant model, its domains, and provisioning."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "apps.org"
    label = "org"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        from apps.org import cache_invalidation  # noqa: F401  (connects the receivers)
