"""Receivers of other apps' events: a course-type product gets its course.

The course is made as whoever saved the product: the signal's ``actor`` when the catalog sends one,
else PROVISIONING (the course extension is provisioned with its product)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from apps.course.services import course_create_for_product
from apps.product.models import OrgProduct
from apps.product.signals import product_course_saved
from volmify.actors import PROVISIONING


@receiver(product_course_saved, dispatch_uid="course-made-for-course-product")
def course_made_for_course_product(sender: type[OrgProduct], product: OrgProduct, **kwargs: Any) -> None:
    course_create_for_product(actor=kwargs.get("actor") or PROVISIONING, product=product)
