from django.urls import path

from apps.product import views

urlpatterns = [
    path("catalog/products/", views.ProductListView.as_view(), name="manage_product_list"),
    path("catalog/products/new/", views.ProductCreateView.as_view(), name="manage_product_create"),
    path(
        "catalog/products/<int:product_id>/", views.ProductDetailView.as_view(), name="manage_product_detail"
    ),
    path(
        "catalog/products/<int:product_id>/translations/<str:locale_key>/",
        views.ProductTranslationView.as_view(),
        name="manage_product_translation",
    ),
    path(
        "catalog/products/<int:product_id>/publish/",
        views.ProductPublishView.as_view(),
        name="manage_product_publish",
    ),
    path(
        "catalog/products/<int:product_id>/variants/",
        views.VariantCreateView.as_view(),
        name="manage_variant_create",
    ),
    path(
        "catalog/products/<int:product_id>/plans/", views.PlanCreateView.as_view(), name="manage_plan_create"
    ),
    path(
        "catalog/products/<int:product_id>/plans/<int:plan_id>/prices/",
        views.PlanPricesView.as_view(),
        name="manage_plan_prices",
    ),
]
