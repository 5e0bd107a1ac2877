from django.urls import path, register_converter

from apps.storefront.views import cart, checkout, course, creators, orders, player, reviews
from apps.storefront.views.shop import (
    StorefrontBrandStylesheetView,
    StorefrontCatalogView,
    StorefrontCollectionView,
    StorefrontHomeView,
    StorefrontProductView,
    StorefrontRobotsView,
    StorefrontSitemapView,
)
from apps.storefront.views.switch import StorefrontLanguageChooseView, StorefrontRegionChooseView


class SlugTextConverter:
    """A translated slug (any script) in a path; a NUL byte cannot be in one, so such a path is 404."""

    regex = "[^/\x00]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SlugTextConverter, "slugtext")

urlpatterns = [
    # the home page first: it is the busiest anonymous page, and "" is matched (a 20 µs scan)
    # only after every pattern before it has failed
    path("", StorefrontHomeView.as_view(), name="storefront_home"),
    # course pages and the player next: the player is the busiest signed-in page
    path("courses/", course.CourseListView.as_view(), name="course_list"),
    path("courses/<int:course_id>/", course.CourseDetailView.as_view(), name="course_detail"),
    path("courses/<int:course_id>/rate/", course.RatingSubmitView.as_view(), name="course_rate"),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/",
        player.LessonView.as_view(),
        name="course_lesson",
    ),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/complete/",
        player.LessonCompleteView.as_view(),
        name="course_lesson_complete",
    ),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/quiz/",
        player.QuizSubmitView.as_view(),
        name="course_quiz_submit",
    ),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/assignment/",
        player.AssignmentSubmitView.as_view(),
        name="course_assignment_submit",
    ),
    path(
        "courses/<int:course_id>/lessons/<int:placement_id>/file/",
        player.LessonFileView.as_view(),
        name="course_lesson_file",
    ),
    path(
        "learning/submissions/<int:submission_id>/file/",
        player.SubmissionFileView.as_view(),
        name="course_submission_file",
    ),
    path("learning/", course.MyLearningView.as_view(), name="my_learning"),
    # buying
    path("cart/", cart.CartView.as_view(), name="storefront_cart"),
    path("cart/add/", cart.CartAddView.as_view(), name="storefront_cart_add"),
    path("cart/badge/", cart.CartBadgeView.as_view(), name="storefront_cart_badge"),
    path("cart/lines/<int:line_id>/", cart.CartLineView.as_view(), name="storefront_cart_line"),
    path("checkout/", checkout.CheckoutView.as_view(), name="storefront_checkout"),
    path("checkout/<int:number>/done/", orders.OrderDetailView.as_view(), name="storefront_checkout_done"),
    path(
        "checkout/<int:number>/cancel/",
        checkout.CheckoutCancelView.as_view(),
        name="storefront_checkout_cancel",
    ),
    path("orders/", orders.MyOrdersView.as_view(), name="storefront_orders"),
    path("orders/<int:number>/", orders.OrderDetailView.as_view(), name="storefront_order"),
    path("orders/<int:number>/status/", orders.OrderStatusView.as_view(), name="storefront_order_status"),
    path("orders/<int:number>/receipt/", orders.OrderReceiptView.as_view(), name="storefront_order_receipt"),
    path("downloads/<int:download_id>/", orders.DownloadLinkView.as_view(), name="storefront_download_link"),
    path("downloads/file/<str:token>/", orders.DownloadFileView.as_view(), name="storefront_download"),
    # the shop
    path("brand.css", StorefrontBrandStylesheetView.as_view(), name="storefront_brand_css"),
    path("catalog/", StorefrontCatalogView.as_view(), name="storefront_catalog"),
    path("p/<slugtext:slug>/", StorefrontProductView.as_view(), name="storefront_product"),
    path("p/<slugtext:slug>/review/", reviews.ProductReviewView.as_view(), name="storefront_product_review"),
    path("c/<slugtext:slug>/", StorefrontCollectionView.as_view(), name="storefront_collection"),
    path("region/", StorefrontRegionChooseView.as_view(), name="storefront_region_choose"),
    path("language/", StorefrontLanguageChooseView.as_view(), name="storefront_language_choose"),
    path("sitemap.xml", StorefrontSitemapView.as_view(), name="storefront_sitemap"),
    path("robots.txt", StorefrontRobotsView.as_view(), name="storefront_robots"),
    path("teach/", creators.CreatorApplyView.as_view(), name="storefront_creator_apply"),
]
