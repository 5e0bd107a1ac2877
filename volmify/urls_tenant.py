"""URLs of org domains (each org's schema): storefront, /manage/, /studio/. No Django admin.

The page areas' URL modules are named by dotted path, as INSTALLED_APPS names apps: the core
imports no app (the import-linter contracts in pyproject.toml)."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from volmify.favicon import favicon
from volmify.mfa import TwoFactorRequiredView

urlpatterns = [
    path("", include("apps.storefront.urls")),  # first: the course player is the busiest signed-in page
    path("", include("apps.console.urls")),
    path("studio/", include("apps.studio.urls")),
    path("", include("apps.platform.urls.org_host")),  # before allauth's accounts/
    path("accounts/2fa/required/", TwoFactorRequiredView.as_view(), name="two_factor_required"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("volmify.i18n")),
    path("favicon.ico", favicon),
]
# public media only under DEBUG (nginx in production); private files have their own views
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
