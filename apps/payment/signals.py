"""Receivers of other apps' events: a product goes on sale only with a price to sell it at."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from apps.member.models import OrgMember
from apps.payment.selectors.buyer import member_bought_product
from apps.payment.selectors.plans import payment_plan_priced_exists
from apps.product.models import OrgProduct
from apps.product.signals import product_publishing, product_review_eligibility


@receiver(product_publishing, dispatch_uid="payment-publishing-needs-a-priced-plan")
def publishing_needs_a_priced_plan(sender: type[OrgProduct], product: OrgProduct, **kwargs: Any) -> None:
    if not payment_plan_priced_exists(product_id=product.pk):
        raise ValidationError(
            _("A product needs at least one payment plan with a price in a region before it is published.")
        )


@receiver(product_review_eligibility, dispatch_uid="payment-buyers-may-review")
def buyers_may_review(
    sender: type[OrgProduct], product: OrgProduct, member: OrgMember, **kwargs: Any
) -> bool:
    return member_bought_product(member=member, product_id=product.pk)
