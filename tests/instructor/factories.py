"""Instructor profiles and affiliations (public schema)."""

from __future__ import annotations

from decimal import Decimal

import factory

from apps.instructor.models import (
    InstructorOrgAffiliation,
    InstructorOrgAffiliationStatusChange,
    InstructorProductRollup,
    UserInstructorProfile,
)
from apps.instructor.money import Terms
from apps.instructor.services.affiliations import compensation_record
from tests.actors import TEST_ACTOR
from tests.user.factories import UserFactory


class InstructorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserInstructorProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Creator {n}")
    slug = factory.Sequence(lambda n: f"creator-{n}")
    headline = "Teaches things"
    links = factory.LazyFunction(list)


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InstructorOrgAffiliation

    profile = factory.SubFactory(InstructorProfileFactory)
    status = InstructorOrgAffiliation.Status.ACTIVE


class InstructorProductRollupFactory(factory.django.DjangoModelFactory):
    """A product row of the public creator rollup, as an org's task writes it (pass ``org``)."""

    class Meta:
        model = InstructorProductRollup

    profile = factory.SubFactory(InstructorProfileFactory)
    product_id = factory.Sequence(lambda n: n + 1)
    product_type = "course"
    title = factory.Sequence(lambda n: f"Product {n}")
    url = factory.Sequence(lambda n: f"https://acme.localhost/p/product-{n}/")
    role = "author"


class StatusChangeFactory(factory.django.DjangoModelFactory):
    """A past or future entry of an affiliation's status history (the services write it now)."""

    class Meta:
        model = InstructorOrgAffiliationStatusChange

    affiliation = factory.SubFactory(AffiliationFactory)
    status = InstructorOrgAffiliation.Status.SUSPENDED


def affiliation_with_share(org, percent: str = "30", profile=None, **kwargs) -> InstructorOrgAffiliation:
    """An active affiliation of ``profile`` (a new one by default) with ``org`` on a revenue share."""
    affiliation = AffiliationFactory(org=org, **({"profile": profile} if profile else {}), **kwargs)
    compensation_record(
        actor=TEST_ACTOR, affiliation=affiliation, terms=Terms(kind="revenue_share", percent=Decimal(percent))
    )
    return affiliation
