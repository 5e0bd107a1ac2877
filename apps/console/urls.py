"""Every /manage/ URL (the org console)."""

from django.urls import include, path

from apps.console.views import (
    audit,
    collections,
    credits,
    enrollments,
    instructors,
    markets,
    media,
    orders,
    payables,
    payments,
    plans,
    products,
    reviews,
    tax,
)
from apps.console.views.home import ManageHomeView
from apps.console.views.security import SecurityView

catalog = [
    path("catalog/products/", products.ProductListView.as_view(), name="manage_product_list"),
    path("catalog/products/new/", products.ProductCreateView.as_view(), name="manage_product_create"),
    path(
        "catalog/products/<int:product_id>/",
        products.ProductDetailView.as_view(),
        name="manage_product_detail",
    ),
    path(
        "catalog/products/<int:product_id>/creators/",
        credits.ProductCreditsView.as_view(),
        name="manage_product_credits",
    ),
    path(
        "catalog/products/<int:product_id>/file/",
        products.ProductFileView.as_view(),
        name="manage_product_file",
    ),
    path(
        "catalog/products/<int:product_id>/translations/<str:locale_key>/",
        products.ProductTranslationView.as_view(),
        name="manage_product_translation",
    ),
    path(
        "catalog/products/<int:product_id>/publish/",
        products.ProductPublishView.as_view(),
        name="manage_product_publish",
    ),
    path(
        "catalog/products/<int:product_id>/variants/",
        products.VariantCreateView.as_view(),
        name="manage_variant_create",
    ),
    path(
        "catalog/products/<int:product_id>/plans/", plans.PlanCreateView.as_view(), name="manage_plan_create"
    ),
    path(
        "catalog/products/<int:product_id>/plans/<int:plan_id>/prices/",
        plans.PlanPricesView.as_view(),
        name="manage_plan_prices",
    ),
    path(
        "catalog/products/<int:product_id>/edit/",
        products.ProductEditView.as_view(),
        name="manage_product_edit",
    ),
    path(
        "catalog/products/<int:product_id>/skills/",
        products.ProductSkillSetView.as_view(),
        name="manage_product_skill_set",
    ),
    path(
        "catalog/products/<int:product_id>/skills/<int:skill_id>/remove/",
        products.ProductSkillRemoveView.as_view(),
        name="manage_product_skill_remove",
    ),
    path(
        "catalog/products/<int:product_id>/faqs/",
        products.ProductFaqSaveView.as_view(),
        name="manage_product_faq_save",
    ),
    path(
        "catalog/products/<int:product_id>/faqs/<int:faq_id>/delete/",
        products.ProductFaqDeleteView.as_view(),
        name="manage_product_faq_delete",
    ),
    path(
        "catalog/products/<int:product_id>/images/",
        media.ProductImageUploadView.as_view(),
        name="manage_product_image_upload",
    ),
    path(
        "catalog/products/<int:product_id>/images/<int:image_id>/alt/",
        media.ProductImageAltView.as_view(),
        name="manage_product_image_alt",
    ),
    path(
        "catalog/products/<int:product_id>/images/<int:image_id>/move/",
        media.ProductImageMoveView.as_view(),
        name="manage_product_image_move",
    ),
    path(
        "catalog/products/<int:product_id>/images/<int:image_id>/delete/",
        media.ProductImageDeleteView.as_view(),
        name="manage_product_image_delete",
    ),
    path(
        "catalog/products/<int:product_id>/video/",
        media.ProductPreviewVideoView.as_view(),
        name="manage_product_preview_video",
    ),
    path("catalog/collections/", collections.CollectionListView.as_view(), name="manage_collection_list"),
    path(
        "catalog/collections/new/",
        collections.CollectionCreateView.as_view(),
        name="manage_collection_create",
    ),
    path(
        "catalog/collections/<int:collection_id>/",
        collections.CollectionDetailView.as_view(),
        name="manage_collection_detail",
    ),
    path(
        "catalog/collections/<int:collection_id>/translations/<str:locale_key>/",
        collections.CollectionTranslationView.as_view(),
        name="manage_collection_translation",
    ),
    path(
        "catalog/collections/<int:collection_id>/delete/",
        collections.CollectionDeleteView.as_view(),
        name="manage_collection_delete",
    ),
    path(
        "catalog/collections/<int:collection_id>/products/",
        collections.CollectionProductsView.as_view(),
        name="manage_collection_products",
    ),
    path("catalog/reviews/", reviews.ReviewListView.as_view(), name="manage_review_list"),
    path(
        "catalog/reviews/<int:review_id>/moderate/",
        reviews.ReviewModerateView.as_view(),
        name="manage_review_moderate",
    ),
    path("catalog/tax/", tax.TaxCategoryListView.as_view(), name="manage_tax_list"),
    path("catalog/tax/<int:category_id>/", tax.TaxCategoryEditView.as_view(), name="manage_tax_edit"),
    path(
        "catalog/tax/<int:category_id>/delete/",
        tax.TaxCategoryDeleteView.as_view(),
        name="manage_tax_delete",
    ),
]

markets_urls = [
    path("markets/locales/", markets.LocaleListView.as_view(), name="manage_locale_list"),
    path(
        "markets/locales/<int:locale_id>/<str:action>/",
        markets.LocaleActionView.as_view(),
        name="manage_locale_action",
    ),
    path("markets/brands/", markets.BrandListView.as_view(), name="manage_brand_list"),
    path("markets/brands/new/", markets.BrandCreateView.as_view(), name="manage_brand_create"),
    path("markets/brands/<int:brand_id>/", markets.BrandEditView.as_view(), name="manage_brand_edit"),
    path(
        "markets/brands/<int:brand_id>/delete/",
        markets.BrandDeleteView.as_view(),
        name="manage_brand_delete",
    ),
    path("markets/regions/", markets.RegionListView.as_view(), name="manage_region_list"),
    path("markets/regions/new/", markets.RegionCreateView.as_view(), name="manage_region_create"),
    path("markets/regions/<int:region_id>/", markets.RegionEditView.as_view(), name="manage_region_edit"),
    path(
        "markets/regions/<int:region_id>/domain-check/",
        markets.RegionDomainCheckView.as_view(),
        name="manage_region_domain_check",
    ),
    path(
        "markets/regions/<int:region_id>/delete/",
        markets.RegionDeleteView.as_view(),
        name="manage_region_delete",
    ),
]

enrollment_urls = [
    path("enrollments/", enrollments.ManageEnrollmentListView.as_view(), name="manage_enrollments"),
    path(
        "enrollments/<int:enrollment_id>/",
        enrollments.ManageEnrollmentChangeView.as_view(),
        name="manage_enrollment_change",
    ),
    path(
        "enrollments/<int:enrollment_id>/revoke/",
        enrollments.ManageEnrollmentRevokeView.as_view(),
        name="manage_enrollment_revoke",
    ),
]

payment_urls = [
    path("payments/", payments.PaymentSettingsView.as_view(), name="manage_payments"),
    path(
        "payments/stripe/connect/",
        payments.StripeConnectView.as_view(),
        name="manage_payments_stripe_connect",
    ),
    path(
        "payments/stripe/return/", payments.StripeReturnView.as_view(), name="manage_payments_stripe_return"
    ),
    path(
        "payments/stripe/refresh/",
        payments.StripeRefreshView.as_view(),
        name="manage_payments_stripe_refresh",
    ),
    path(
        "payments/stripe/status/", payments.StripeStatusView.as_view(), name="manage_payments_stripe_status"
    ),
    path(
        "payments/manual/<int:region_id>/",
        payments.ManualPaymentEditView.as_view(),
        name="manage_payments_manual",
    ),
]

order_urls = [
    path("orders/", orders.OrderListView.as_view(), name="manage_order_list"),
    path("orders/export.csv", orders.OrderExportView.as_view(), name="manage_order_export"),
    path("orders/<str:number>/", orders.OrderDetailView.as_view(), name="manage_order_detail"),
    path("orders/<str:number>/mark-paid/", orders.OrderMarkPaidView.as_view(), name="manage_order_mark_paid"),
    path("orders/<str:number>/cancel/", orders.OrderCancelView.as_view(), name="manage_order_cancel"),
    path("orders/<str:number>/refund/", orders.OrderRefundView.as_view(), name="manage_order_refund"),
    path(
        "orders/<str:number>/shipments/<int:shipment_id>/ship/",
        orders.ShipmentShipView.as_view(),
        name="manage_order_shipment_ship",
    ),
    path(
        "orders/<str:number>/bookings/<int:booking_id>/schedule/",
        orders.BookingScheduleView.as_view(),
        name="manage_order_booking_schedule",
    ),
]

instructor_urls = [
    path("instructors/", instructors.InstructorListView.as_view(), name="manage_instructors"),
    path("instructors/payables/", payables.PayablesView.as_view(), name="manage_payables"),
    path(
        "instructors/payables/export/", payables.PayablesExportView.as_view(), name="manage_payables_export"
    ),
    path(
        "instructors/<int:affiliation_id>/",
        instructors.AffiliationDetailView.as_view(),
        name="manage_affiliation",
    ),
    path(
        "instructors/<int:affiliation_id>/status/",
        instructors.AffiliationStatusView.as_view(),
        name="manage_affiliation_status",
    ),
    path(
        "instructors/invitations/<int:invitation_id>/<str:action>/",
        instructors.InvitationActionView.as_view(),
        name="manage_invitation_action",
    ),
]

manage = [
    path("", ManageHomeView.as_view(), name="manage_home"),
    path("security/", SecurityView.as_view(), name="manage_security"),
    path("audit/", audit.AuditLogView.as_view(), name="manage_audit"),
    *catalog,
    *markets_urls,
    *enrollment_urls,
    *payment_urls,
    *order_urls,
    *instructor_urls,
]

urlpatterns = [
    path("manage/", include(manage)),
]
