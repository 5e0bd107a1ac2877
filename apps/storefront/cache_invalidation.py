"""Replace the storefront content version on writes the catalog services do not make.

The product, payment and locale_region services call ``storefront_content_changed`` themselves.
These receivers cover what a storefront page shows but other apps write, some of it in Django
admin: skill names (public taxonomy, shown on product pages, so every org's pages), course levels
(the catalog's level filter), org domains (links to the org's primary domain) and the ways to pay
(the org's Stripe account, which Stripe's webhooks and staff update, and a region's bank transfer,
both offered on the cached checkout page). Cache
bookkeeping, not business rules, as in ``apps.org.cache_invalidation``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from apps.locale_region.selectors import storefront_content_changed, storefront_content_changed_in


def _every_org_changed(sender: Any, **kwargs: Any) -> None:
    from apps.org.models import Org

    schemas = Org.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME).values_list(
        "schema_name", flat=True
    )
    storefront_content_changed_in(list(schemas))


def _this_org_changed(sender: Any, **kwargs: Any) -> None:
    storefront_content_changed()


def _domain_org_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _org_changed(instance.tenant_id)


def _account_org_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _org_changed(instance.org_id)


def _org_changed(org_id: int) -> None:
    from apps.org.models import Org

    # an org still being provisioned has served no page yet
    active = Org.objects.filter(pk=org_id, status=Org.Status.ACTIVE)
    schema = active.values_list("schema_name", flat=True).first()
    if schema:
        storefront_content_changed_in([schema])


def connect() -> None:
    """Called from ``StorefrontConfig.ready``."""
    from apps.course.models import OrgProductCourse
    from apps.org.models import OrgDomain, OrgStripeAccount
    from apps.payment.models import OrgManualPaymentMethod
    from apps.product.models import OrgProductFaq, OrgProductImage, OrgProductReview
    from apps.skill.models import Skill

    receivers: list[tuple[Any, Any]] = [
        (Skill, _every_org_changed),
        (Skill._parler_meta.root_model, _every_org_changed),
        (OrgDomain, _domain_org_changed),
        (OrgProductCourse, _this_org_changed),
        (OrgStripeAccount, _account_org_changed),
        (OrgManualPaymentMethod, _this_org_changed),
        (OrgManualPaymentMethod._parler_meta.root_model, _this_org_changed),
        # product pages show reviews and questions; admin edits them too, not only the services
        (OrgProductReview, _this_org_changed),
        (OrgProductFaq, _this_org_changed),
        (OrgProductFaq._parler_meta.root_model, _this_org_changed),
        (OrgProductImage, _this_org_changed),
    ]
    for model, receiver in receivers:
        uid = f"storefront-content:{model._meta.label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
