import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from apps.instructor.models import InstructorOrgAffiliation
from apps.instructor.services.affiliations import affiliation_status_set, compensation_set
from apps.instructor.terms import CreatorTerm
from apps.product.attribution import Credit, attribution_set, creator_terms_at, creator_terms_for
from apps.product.models import OrgProduct, OrgProductInstructorAttribution
from tests.actors import TEST_ACTOR
from tests.course.factories import CourseFactory
from tests.instructor.factories import affiliation_with_share
from tests.member.factories import OrgMemberFactory
from tests.product.factories import OrgProductFactory

migration = importlib.import_module("apps.course.migrations.0006_instructors_to_attribution")


@pytest.mark.parametrize("product_type", [choice for choice, _label in OrgProduct.ProductType.choices])
def test_every_product_type_credits_creators_and_terms_follow(org_a, in_org, product_type):
    first, second = affiliation_with_share(org_a, "30"), affiliation_with_share(org_a, "50")
    in_org(org_a)
    product = OrgProductFactory(product_type=product_type)
    attribution_set(
        actor=TEST_ACTOR,
        product=product,
        credits=[Credit(first.profile_id, "author", "60"), Credit(second.profile_id, "co_author", "40")],
    )
    terms = creator_terms_for(product_ids=[product.pk], at=timezone.now())
    assert terms == {
        product.pk: [
            CreatorTerm(first.profile_id, first.pk, "revenue_share", Decimal("0.6"), Decimal("30.00")),
            CreatorTerm(second.profile_id, second.pk, "revenue_share", Decimal("0.4"), Decimal("50.00")),
        ]
    }


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        (["60", "41"], "The creators' shares add up to 101.00%; they can total at most 100%."),
        (["-5", "10"], "Enter a percentage from 0 to 100."),
        (["33.333", "10"], "A percentage has at most two decimal places."),
    ],
)
def test_bad_shares_are_refused_and_nothing_changes(org_a, in_org, shares, message):
    first, second = affiliation_with_share(org_a), affiliation_with_share(org_a)
    in_org(org_a)
    product = OrgProductFactory()
    attribution_set(actor=TEST_ACTOR, product=product, credits=[Credit(first.profile_id, "author", "100")])
    with pytest.raises(ValidationError) as caught:
        attribution_set(
            actor=TEST_ACTOR,
            product=product,
            credits=[
                Credit(first.profile_id, "author", shares[0]),
                Credit(second.profile_id, "co_author", shares[1]),
            ],
        )
    assert caught.value.messages == [message]
    assert list(OrgProductInstructorAttribution.objects.values_list("profile_id", "share_percent")) == [
        (first.profile_id, Decimal("100.00"))
    ]


def test_a_share_of_zero_credits_without_pay(org_a, in_org):
    paid, unpaid = affiliation_with_share(org_a, "30"), affiliation_with_share(org_a, "50")
    in_org(org_a)
    product = OrgProductFactory()
    attribution_set(
        actor=TEST_ACTOR,
        product=product,
        credits=[Credit(paid.profile_id, "author", "60"), Credit(unpaid.profile_id, "reviewer", "0")],
    )
    assert list(OrgProductInstructorAttribution.objects.values_list("profile_id", "share_percent")) == [
        (paid.profile_id, Decimal("60.00")),
        (unpaid.profile_id, Decimal("0.00")),
    ]
    terms = creator_terms_for(product_ids=[product.pk], at=timezone.now())
    assert [term.profile_id for term in terms[product.pk]] == [paid.profile_id]


def test_only_profiles_affiliated_with_this_org_are_credited(org_a, org_b, in_org):
    elsewhere = affiliation_with_share(org_b)
    in_org(org_a)
    with pytest.raises(ValidationError) as caught:
        attribution_set(
            actor=TEST_ACTOR,
            product=OrgProductFactory(),
            credits=[Credit(elsewhere.profile_id, "author", "50")],
        )
    assert caught.value.messages == ["Credit only instructors who work with this organization."]


def test_terms_are_those_in_force_at_the_moment_of_sale(org_a, in_org):
    affiliation = affiliation_with_share(org_a, "30")
    raise_at = timezone.now() + timedelta(days=3)
    compensation_set(
        actor=TEST_ACTOR,
        affiliation=affiliation,
        kind="hybrid",
        percent="40",
        amounts={"USD": {"per_sale": "1.5", "per_month": "20"}},
        selling_currencies={"USD"},
        effective_from=raise_at,
    )
    in_org(org_a)
    product = OrgProductFactory()
    attribution_set(
        actor=TEST_ACTOR, product=product, credits=[Credit(affiliation.profile_id, "author", "100")]
    )
    before = creator_terms_for(product_ids=[product.pk], at=timezone.now())[product.pk][0]
    after = creator_terms_for(product_ids=[product.pk], at=raise_at + timedelta(hours=1))[product.pk][0]
    assert (before.kind, before.percent, dict(before.fixed_per_sale)) == (
        "revenue_share",
        Decimal("30.00"),
        {},
    )
    assert (after.kind, after.percent, dict(after.fixed_per_sale), dict(after.fixed_per_month)) == (
        "hybrid",
        Decimal("40.00"),
        {"USD": Decimal("1.50")},
        {"USD": Decimal("20.00")},
    )
    assert creator_terms_for(product_ids=[product.pk], at=timezone.now() - timedelta(days=1)) == {}


def test_terms_at_many_moments_are_each_moments_own_in_four_queries(org_a, in_org, django_assert_num_queries):
    first, second = affiliation_with_share(org_a, "30"), affiliation_with_share(org_a, "10")
    raise_at = timezone.now() + timedelta(days=3)
    compensation_set(
        actor=TEST_ACTOR,
        affiliation=first,
        kind="hybrid",
        percent="40",
        amounts={"USD": {"per_sale": "1.5"}},
        selling_currencies={"USD"},
        effective_from=raise_at,
    )
    in_org(org_a)
    product = OrgProductFactory()
    attribution_set(
        actor=TEST_ACTOR,
        product=product,
        credits=[Credit(first.profile_id, "author", "70"), Credit(second.profile_id, "reviewer", "30")],
    )
    moments = [timezone.now() - timedelta(days=1)] + [
        raise_at + timedelta(hours=hours) for hours in (-2, -1, 1, 2)
    ]
    with django_assert_num_queries(4):
        found = creator_terms_at(product_ids=[product.pk], moments=moments)
    assert found[moments[0]] == {}  # before any terms
    assert [(t.kind, t.percent) for t in found[moments[1]][product.pk]] == [
        ("revenue_share", Decimal("30.00")),
        ("revenue_share", Decimal("10.00")),
    ]
    assert [(t.kind, t.percent) for t in found[moments[3]][product.pk]] == [
        ("hybrid", Decimal("40.00")),
        ("revenue_share", Decimal("10.00")),
    ]
    # moments under the same terms share one list (the ledger works out each list once)
    assert found[moments[1]][product.pk] is found[moments[2]][product.pk]
    assert found[moments[3]][product.pk] is found[moments[4]][product.pk]
    for moment in moments:
        assert found[moment] == creator_terms_for(product_ids=[product.pk], at=moment)


def test_a_suspended_affiliation_is_inactive(org_a, in_org):
    affiliation = affiliation_with_share(org_a, "30")
    affiliation_status_set(actor=TEST_ACTOR, affiliation=affiliation, status="suspended")
    in_org(org_a)
    product = OrgProductFactory()
    OrgProductInstructorAttribution.objects.bulk_create(
        [
            OrgProductInstructorAttribution(
                product=product, profile_id=affiliation.profile_id, share_percent=100
            )
        ]
    )
    [term] = creator_terms_for(product_ids=[product.pk], at=timezone.now())[product.pk]
    assert term.is_active is False


def test_terms_take_a_fixed_number_of_queries(org_a, in_org, django_assert_num_queries):
    affiliations = [affiliation_with_share(org_a, "10") for _ in range(4)]
    in_org(org_a)
    products = [OrgProductFactory() for _ in range(6)]
    for product in products:
        attribution_set(
            actor=TEST_ACTOR,
            product=product,
            credits=[Credit(a.profile_id, "co_author", "25") for a in affiliations],
        )
    with django_assert_num_queries(4):
        terms = creator_terms_for(product_ids=[p.pk for p in products], at=timezone.now())
    assert sum(len(rows) for rows in terms.values()) == 24


def test_the_data_migration_credits_course_instructors_and_keeps_studio_rights(org_a, in_org):
    in_org(org_a)
    course = CourseFactory()
    members = [OrgMemberFactory(role="instructor") for _ in range(3)]
    course.instructors.set(members)

    class Editor:
        connection = connection

    migration.instructors_to_attribution(django_apps, Editor)
    migration.instructors_to_attribution(django_apps, Editor)  # again: nothing more
    rows = list(
        OrgProductInstructorAttribution.objects.filter(product_id=course.product_id).order_by("position")
    )
    assert [row.share_percent for row in rows] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert [row.role for row in rows] == ["author", "co_author", "co_author"]
    assert {row.profile.user_id for row in rows} == {m.user_id for m in members}
    assert set(course.instructors.values_list("pk", flat=True)) == {m.pk for m in members}
    assert InstructorOrgAffiliation.objects.filter(org=org_a, source="migration").count() == 3
