from django.urls import path

from apps.storefront.views import StorefrontHomeView

urlpatterns = [
    path("", StorefrontHomeView.as_view(), name="storefront_home"),
]
