"""URLs of org domains (each org's schema): storefront, /manage/, /studio/. No Django admin."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path

from apps.console.views.security import TwoFactorRequiredView
from apps.org.views import OrgHandoffView

urlpatterns = [
    path("", include("apps.course.urls")),  # first: the course player is the busiest signed-in page
    path("", include("apps.storefront.urls")),
    path("", include("apps.console.urls")),
    path("accounts/handoff/", OrgHandoffView.as_view(), name="org_handoff"),
    path("accounts/2fa/required/", TwoFactorRequiredView.as_view(), name="two_factor_required"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("volmify.i18n")),
]
# public media only under DEBUG (nginx in production); private files have their own views
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
