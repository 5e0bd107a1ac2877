from django.urls import path

from apps.product import views, views_catalog, views_collection

urlpatterns = [
    path("catalog/products/", views.ProductListView.as_view(), name="manage_product_list"),
    path("catalog/products/new/", views.ProductCreateView.as_view(), name="manage_product_create"),
    path(
        "catalog/products/<int:product_id>/", views.ProductDetailView.as_view(), name="manage_product_detail"
    ),
    path(
        "catalog/products/<int:product_id>/file/", views.ProductFileView.as_view(), name="manage_product_file"
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
    path(
        "catalog/products/<int:product_id>/edit/",
        views_catalog.ProductEditView.as_view(),
        name="manage_product_edit",
    ),
    path(
        "catalog/products/<int:product_id>/skills/",
        views_catalog.ProductSkillSetView.as_view(),
        name="manage_product_skill_set",
    ),
    path(
        "catalog/products/<int:product_id>/skills/<int:skill_id>/remove/",
        views_catalog.ProductSkillRemoveView.as_view(),
        name="manage_product_skill_remove",
    ),
    path(
        "catalog/collections/", views_collection.CollectionListView.as_view(), name="manage_collection_list"
    ),
    path(
        "catalog/collections/new/",
        views_collection.CollectionCreateView.as_view(),
        name="manage_collection_create",
    ),
    path(
        "catalog/collections/<int:collection_id>/",
        views_collection.CollectionDetailView.as_view(),
        name="manage_collection_detail",
    ),
    path(
        "catalog/collections/<int:collection_id>/translations/<str:locale_key>/",
        views_collection.CollectionTranslationView.as_view(),
        name="manage_collection_translation",
    ),
    path(
        "catalog/collections/<int:collection_id>/delete/",
        views_collection.CollectionDeleteView.as_view(),
        name="manage_collection_delete",
    ),
    path(
        "catalog/collections/<int:collection_id>/products/",
        views_collection.CollectionProductsView.as_view(),
        name="manage_collection_products",
    ),
    path("catalog/tax/", views_catalog.TaxCategoryListView.as_view(), name="manage_tax_list"),
    path(
        "catalog/tax/<int:category_id>/", views_catalog.TaxCategoryEditView.as_view(), name="manage_tax_edit"
    ),
    path(
        "catalog/tax/<int:category_id>/delete/",
        views_catalog.TaxCategoryDeleteView.as_view(),
        name="manage_tax_delete",
    ),
]
