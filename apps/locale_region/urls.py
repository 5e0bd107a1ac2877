from django.urls import path

from apps.locale_region import views

urlpatterns = [
    path("markets/locales/", views.LocaleListView.as_view(), name="manage_locale_list"),
    path(
        "markets/locales/<int:locale_id>/<str:action>/",
        views.LocaleActionView.as_view(),
        name="manage_locale_action",
    ),
    path("markets/brands/", views.BrandListView.as_view(), name="manage_brand_list"),
    path("markets/brands/new/", views.BrandCreateView.as_view(), name="manage_brand_create"),
    path("markets/brands/<int:brand_id>/", views.BrandEditView.as_view(), name="manage_brand_edit"),
    path(
        "markets/brands/<int:brand_id>/delete/", views.BrandDeleteView.as_view(), name="manage_brand_delete"
    ),
    path("markets/regions/", views.RegionListView.as_view(), name="manage_region_list"),
    path("markets/regions/new/", views.RegionCreateView.as_view(), name="manage_region_create"),
    path("markets/regions/<int:region_id>/", views.RegionEditView.as_view(), name="manage_region_edit"),
    path(
        "markets/regions/<int:region_id>/domain-check/",
        views.RegionDomainCheckView.as_view(),
        name="manage_region_domain_check",
    ),
    path(
        "markets/regions/<int:region_id>/delete/",
        views.RegionDeleteView.as_view(),
        name="manage_region_delete",
    ),
]
