"""URLs of the platform's pages: ``urlpatterns`` on the platform host (``volmify.urls_public``),
``org_host_urlpatterns`` on every org's domain (``volmify.urls_tenant``)."""

from django.urls import path

from apps.platform.views import (
    OrgCreateView,
    OrgEnterView,
    OrgHandoffView,
    OrgRetryView,
    OrgStatusView,
    PlatformHomeView,
)

urlpatterns = [
    path("", PlatformHomeView.as_view(), name="platform_home"),
    path("orgs/new/", OrgCreateView.as_view(), name="org_create"),
    path("orgs/<slug:slug>/", OrgStatusView.as_view(), name="org_status"),
    path("orgs/<slug:slug>/retry/", OrgRetryView.as_view(), name="org_retry"),
    path("orgs/<slug:slug>/enter/", OrgEnterView.as_view(), name="org_enter"),
]

# where OrgEnterView sends the creator: signs them in on their org's domain
org_host_urlpatterns = [
    path("accounts/handoff/", OrgHandoffView.as_view(), name="org_handoff"),
]
