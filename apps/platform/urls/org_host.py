"""URLs of the platform's pages on every org's domain (``volmify.urls_tenant``)."""

from django.urls import path

from apps.platform.views.orgs import OrgHandoffView

# where OrgEnterView sends the creator: signs them in on their org's domain
urlpatterns = [
    path("accounts/handoff/", OrgHandoffView.as_view(), name="org_handoff"),
]
