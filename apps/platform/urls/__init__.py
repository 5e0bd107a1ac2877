"""URLs of the platform's pages on the platform host (``volmify.urls_public``); those on every
org's domain are in ``org_host``."""

from django.urls import path

from apps.platform.views.creators import CounterOfferView, CreatorProfileView, InvitationView
from apps.platform.views.earnings import CreatorDashboardView, CreatorMonthView, CreatorStatementView
from apps.platform.views.orgs import (
    OrgCreateView,
    OrgEnterView,
    OrgRetryView,
    OrgStatusView,
    PlatformHomeView,
)
from apps.platform.views.profiles import ProfileCreateView, ProfileEditView, ProfileListView
from apps.platform.views.webhooks import stripe_webhook

urlpatterns = [
    path("", PlatformHomeView.as_view(), name="platform_home"),
    path("orgs/new/", OrgCreateView.as_view(), name="org_create"),
    path("orgs/<slug:slug>/", OrgStatusView.as_view(), name="org_status"),
    path("orgs/<slug:slug>/retry/", OrgRetryView.as_view(), name="org_retry"),
    path("orgs/<slug:slug>/enter/", OrgEnterView.as_view(), name="org_enter"),
    path("creator/", CreatorDashboardView.as_view(), name="creator_dashboard"),
    path("creator/months/<str:period>/", CreatorMonthView.as_view(), name="creator_month"),
    path("creator/statements/<str:period>.csv", CreatorStatementView.as_view(), name="creator_statement"),
    path("creator/profiles/", ProfileListView.as_view(), name="creator_profiles"),
    path("creator/profiles/new/", ProfileCreateView.as_view(), name="creator_profile_new"),
    path("creator/profiles/<int:profile_id>/", ProfileEditView.as_view(), name="creator_profile_edit"),
    path("creators/<slug:slug>/", CreatorProfileView.as_view(), name="creator_profile"),
    path("invitations/<slug:token>/", InvitationView.as_view(), name="instructor_invitation"),
    path(
        "invitations/<slug:token>/counter-offer/",
        CounterOfferView.as_view(),
        name="instructor_invitation_counter_offer",
    ),
    path("stripe/webhook/", stripe_webhook, name="stripe_webhook"),
]
