from django.urls import path, register_converter

from apps.storefront.views import (
    StorefrontBrandStylesheetView,
    StorefrontCatalogView,
    StorefrontCollectionView,
    StorefrontHomeView,
    StorefrontProductView,
    StorefrontRegionChooseView,
    StorefrontRobotsView,
    StorefrontSitemapView,
)


class SlugTextConverter:
    """A translated slug (any script) in a path; a NUL byte cannot be in one, so such a path is 404."""

    regex = "[^/\x00]{1,200}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SlugTextConverter, "slugtext")

urlpatterns = [
    path("brand.css", StorefrontBrandStylesheetView.as_view(), name="storefront_brand_css"),
    path("", StorefrontHomeView.as_view(), name="storefront_home"),
    path("catalog/", StorefrontCatalogView.as_view(), name="storefront_catalog"),
    path("p/<slugtext:slug>/", StorefrontProductView.as_view(), name="storefront_product"),
    path("c/<slugtext:slug>/", StorefrontCollectionView.as_view(), name="storefront_collection"),
    path("region/", StorefrontRegionChooseView.as_view(), name="storefront_region_choose"),
    path("sitemap.xml", StorefrontSitemapView.as_view(), name="storefront_sitemap"),
    path("robots.txt", StorefrontRobotsView.as_view(), name="storefront_robots"),
]
