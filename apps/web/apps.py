"""What the page-area apps share, below them and above the domain apps: the org-role guard of the
console's and studio's views, the context of the shared base template (``templates/base.html``
and ``templates/partials/``), and the money filter. No views, URLs or templates of its own."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "apps.web"
    label = "web"
    verbose_name = _("Shared page pieces")
