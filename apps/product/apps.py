"""Tenant schema: products (CTI by type), variants, collections, tax categories, skill weights."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductConfig(AppConfig):
    name = "apps.product"
    label = "product"
    verbose_name = _("Products")
