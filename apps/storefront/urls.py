from django.urls import path

from apps.storefront.views import (
    StorefrontCatalogView,
    StorefrontCollectionView,
    StorefrontHomeView,
    StorefrontProductView,
    StorefrontRegionChooseView,
    StorefrontRobotsView,
    StorefrontSitemapView,
)

urlpatterns = [
    path("", StorefrontHomeView.as_view(), name="storefront_home"),
    path("catalog/", StorefrontCatalogView.as_view(), name="storefront_catalog"),
    path("p/<str:slug>/", StorefrontProductView.as_view(), name="storefront_product"),
    path("c/<str:slug>/", StorefrontCollectionView.as_view(), name="storefront_collection"),
    path("region/", StorefrontRegionChooseView.as_view(), name="storefront_region_choose"),
    path("sitemap.xml", StorefrontSitemapView.as_view(), name="storefront_sitemap"),
    path("robots.txt", StorefrontRobotsView.as_view(), name="storefront_robots"),
]
