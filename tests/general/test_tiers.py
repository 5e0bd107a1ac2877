"""Access tiers are defined once: plans, enrollments and course content accept the same values."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.course.services.enrollments import enrollment_grant
from apps.course.services.outline import module_create
from apps.general.tiers import MAX_ACCESS_TIER, tier_name
from apps.member.models import OrgMember
from apps.payment.models import OrgProductVariantPaymentPlan
from apps.payment.services.plans import payment_plan_create
from tests.actors import TEST_ACTOR
from tests.course.factories import CourseFactory, PlacementFactory
from tests.locale_region.factories import market
from tests.member.factories import OrgMemberFactory
from tests.payment.factories import PaymentPlanFactory
from tests.product.factories import OrgProductVariantFactory


def _plan(tier):
    return payment_plan_create(
        actor=TEST_ACTOR,
        variant=OrgProductVariantFactory(),
        plan_type="one_time",
        access_tier=tier,
        language_code="en-US",
        name="P",
    )


def _enrollment(tier):
    return enrollment_grant(
        member=OrgMemberFactory(), course=CourseFactory(), access_tier=tier, actor=TEST_ACTOR
    )


def _module(tier):
    return module_create(actor=TEST_ACTOR, course=CourseFactory(), title="M", required_access_tier=tier)


@pytest.mark.parametrize("write", [_plan, _enrollment, _module], ids=["plan", "enrollment", "content"])
@pytest.mark.parametrize(("tier", "accepted"), [(0, False), (1, True), (MAX_ACCESS_TIER, True), (7, False)])
def test_every_writer_accepts_exactly_the_same_tiers(in_org, org_a, write, tier, accepted):
    in_org(org_a)
    market(1)  # the org's locale (en-US), which a plan's name is written in
    if accepted:
        assert write(tier).pk
    else:
        with pytest.raises(ValidationError, match=r"An access tier must be between 1 and 6\."):
            write(tier)


def test_the_database_refuses_a_plan_tier_above_the_highest(in_org, org_a):
    in_org(org_a)
    plan = PaymentPlanFactory(access_tier=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgProductVariantPaymentPlan.objects.filter(pk=plan.pk).update(access_tier=MAX_ACCESS_TIER + 1)


def test_tier_names():
    assert [tier_name(tier) for tier in (1, 2, 3, 4, 6)] == ["Basic", "Premium", "VIP", "Tier 4", "Tier 6"]


def test_the_studio_previews_each_tier_the_course_uses(in_org, org_a, host_client):
    in_org(org_a)
    placement = PlacementFactory(required_access_tier=5)
    course = placement.section.module.course
    instructor = OrgMemberFactory(role=OrgMember.Role.INSTRUCTOR)
    course.instructors.add(instructor)
    page = host_client(org_a, user=instructor.user).get(reverse("studio_outline", args=[course.pk]))
    text = page.content.decode()
    preview = reverse("studio_preview", args=[course.pk])
    assert all(f"{preview}?as={tier}" in text for tier in range(1, 6))
    assert f"{preview}?as=6" not in text
