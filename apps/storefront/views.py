"""The storefront of the org whose domain serves the request."""

from django.views.generic import TemplateView


class StorefrontHomeView(TemplateView):
    template_name = "storefront/home.html"
