"""URLs of the platform domain (the public schema). Django admin lives only here.

The page areas' URL modules are named by dotted path, as INSTALLED_APPS names apps: the core
imports no app (the import-linter contracts in pyproject.toml)."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from volmify.favicon import favicon
from volmify.mfa import TwoFactorRequiredView

admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("Volmify platform")
admin.site.site_title = _("Volmify platform")

urlpatterns = [
    path("", include("apps.platform.urls")),
    path("accounts/2fa/required/", TwoFactorRequiredView.as_view(), name="two_factor_required"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("volmify.i18n")),
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon),
]
# public media only under DEBUG (nginx in production); private files have their own views
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
