"""Product extensions that apps above the product app add: a one-to-one row of theirs per product
(the course app's ``OrgProductCourse``, related name ``course``) and the catalog filters it offers.

Registered from those apps' ``ready()``, so the product and payment reads select and filter through
them without naming the apps: a lower app never imports a higher one (DESIGN.md, "Layers").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q


@dataclass(frozen=True)
class ProductExtension:
    related_name: str  # the reverse one-to-one on OrgProduct, selected with a product's detail
    catalog_filters: Mapping[str, Callable[[str], Q]] = field(default_factory=dict)  # name -> value -> Q


_EXTENSIONS: dict[str, ProductExtension] = {}


def product_extension_register(extension: ProductExtension) -> None:
    _EXTENSIONS[extension.related_name] = extension


def product_extensions_related() -> list[str]:
    """The related names of every registered extension, for ``select_related``."""
    return list(_EXTENSIONS)


def product_catalog_filter(name: str, value: str) -> Q:
    """The products matching the catalog filter ``name`` at ``value``, as the extension that offers
    it defines them; every product when no installed extension offers it."""
    for extension in _EXTENSIONS.values():
        if name in extension.catalog_filters:
            return extension.catalog_filters[name](value)
    return Q()
