from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import schema_context

from apps.audit.models import OrgAuditEntry
from apps.instructor.models import InstructorOrgAffiliationCompensation
from apps.instructor.services.affiliations import affiliation_create, affiliation_status_set, compensation_set
from apps.instructor.services.profiles import instructor_profile_create
from tests.actors import TEST_ACTOR
from tests.instructor.factories import AffiliationFactory, InstructorProfileFactory
from tests.user.factories import UserFactory

SELLS = {"USD", "EUR", "JPY"}


@pytest.mark.parametrize(
    ("kind", "percent", "amounts", "field", "message"),
    [
        ("revenue_share", "-1", None, "percent", "Enter a percentage from 0 to 100."),
        ("revenue_share", "100.5", None, "percent", "Enter a percentage from 0 to 100."),
        ("revenue_share", "12.345", None, "percent", "A percentage has at most two decimal places."),
        ("revenue_share", "abc", None, "percent", "Enter a number."),
        ("revenue_share", "0", None, "percent", "A revenue share needs a percentage above zero."),
        ("fixed", "0", {"USD": {"per_sale": "-2"}}, "amounts", "An amount cannot be negative."),
        (
            "fixed",
            "0",
            {"USD": {"per_sale": "2.001"}},
            "amounts",
            "USD amounts have at most 2 decimal places.",
        ),
        (
            "fixed",
            "0",
            {"JPY": {"per_sale": "10.5"}},
            "amounts",
            "JPY amounts have at most 0 decimal places.",
        ),
        (
            "fixed",
            "0",
            {"GBP": {"per_sale": "2"}},
            "amounts",
            "This organization does not sell in GBP; it sells in EUR, JPY, USD.",
        ),
        ("fixed", "0", {}, "amounts", "Enter a fixed amount in at least one currency."),
        (
            "revenue_share",
            "10",
            {"USD": {"per_sale": "1"}},
            "amounts",
            "A revenue share takes no fixed amounts; choose hybrid.",
        ),
        ("bonus", "10", None, "kind", "Choose revenue share, fixed or hybrid."),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_stored(org_a, kind, percent, amounts, field, message):
    affiliation = AffiliationFactory(org=org_a)
    with pytest.raises(ValidationError) as caught:
        compensation_set(
            actor=TEST_ACTOR,
            affiliation=affiliation,
            kind=kind,
            percent=percent,
            amounts=amounts,
            selling_currencies=SELLS,
        )
    assert caught.value.message_dict == {field: [message]}
    assert not InstructorOrgAffiliationCompensation.objects.filter(affiliation=affiliation).exists()


def test_hybrid_terms_are_quantized_and_audited_in_the_orgs_log(org_a):
    affiliation = AffiliationFactory(org=org_a)
    compensation = compensation_set(
        actor=TEST_ACTOR,
        affiliation=affiliation,
        kind="hybrid",
        percent="12.5",
        amounts={"usd": {"per_sale": "2.5", "per_month": "100"}, "JPY": {"per_sale": "300"}},
        selling_currencies=SELLS,
    )
    assert compensation.percent == Decimal("12.50")
    amounts = {a.currency: (a.per_sale, a.per_month) for a in compensation.amounts.all()}
    assert amounts == {"JPY": (Decimal(300), Decimal(0)), "USD": (Decimal("2.5"), Decimal(100))}
    with schema_context(org_a.schema_name):
        entry = OrgAuditEntry.objects.get(object_type="instructor.instructororgaffiliationcompensation")
    assert entry.changes["percent"] == [None, "12.50"]
    assert entry.changes["amounts"] == [
        None,
        ["JPY: 300 per sale, 0 per month", "USD: 2.50 per sale, 100.00 per month"],
    ]


def test_changes_apply_from_their_date_and_never_retroactively(org_a):
    affiliation = AffiliationFactory(org=org_a)
    first = compensation_set(
        actor=TEST_ACTOR,
        affiliation=affiliation,
        kind="revenue_share",
        percent="30",
        selling_currencies=SELLS,
    )
    later = timezone.now() + timedelta(days=10)
    compensation_set(
        actor=TEST_ACTOR,
        affiliation=affiliation,
        kind="revenue_share",
        percent="40",
        selling_currencies=SELLS,
        effective_from=later,
    )
    with pytest.raises(ValidationError) as caught:
        compensation_set(
            actor=TEST_ACTOR,
            affiliation=affiliation,
            kind="revenue_share",
            percent="50",
            selling_currencies=SELLS,
            effective_from=timezone.now() - timedelta(days=1),
        )
    assert "past" in caught.value.message_dict["effective_from"][0]
    with pytest.raises(ValidationError):
        compensation_set(
            actor=TEST_ACTOR,
            affiliation=affiliation,
            kind="revenue_share",
            percent="50",
            selling_currencies=SELLS,
            effective_from=later - timedelta(days=1),
        )
    history = list(affiliation.compensations.order_by("effective_from").values_list("percent", flat=True))
    assert history == [Decimal("30.00"), Decimal("40.00")]
    assert first.pk == affiliation.compensations.order_by("effective_from").first().pk


def test_one_live_affiliation_per_profile_and_org(org_a):
    profile = InstructorProfileFactory()
    affiliation_create(actor=TEST_ACTOR, profile=profile, org=org_a)
    with pytest.raises(ValidationError) as caught:
        affiliation_create(actor=TEST_ACTOR, profile=profile, org=org_a)
    assert caught.value.messages == ["This profile already works with this organization."]


def test_status_moves_follow_the_lifecycle(org_a):
    affiliation = AffiliationFactory(org=org_a)
    affiliation = affiliation_status_set(actor=TEST_ACTOR, affiliation=affiliation, status="suspended")
    assert affiliation.status == "suspended"
    affiliation = affiliation_status_set(actor=TEST_ACTOR, affiliation=affiliation, status="ended")
    assert affiliation.ended_at is not None
    with pytest.raises(ValidationError) as caught:
        affiliation_status_set(actor=TEST_ACTOR, affiliation=affiliation, status="active")
    assert caught.value.messages == ["An affiliation that is ended cannot become active."]


def test_a_user_holds_several_profiles_with_unique_addresses(db):
    user = UserFactory()
    first = instructor_profile_create(
        actor=user, user=user, display_name="Ana Ruiz", bio="Datos", language="es"
    )
    second = instructor_profile_create(actor=user, user=user, display_name="Ana Ruiz", headline="Piano")
    assert (first.slug, second.slug) == ("ana-ruiz", "ana-ruiz-2")
    first.set_current_language("es")
    assert first.bio == "Datos"
    other = UserFactory()
    with pytest.raises(ValidationError):
        instructor_profile_create(actor=other, user=user, display_name="Not mine")
    with pytest.raises(ValidationError) as caught:
        instructor_profile_create(
            actor=user, user=user, display_name="Links", links=[{"url": "javascript:alert(1)"}]
        )
    assert caught.value.message_dict == {"links": ["Enter full secure web addresses starting with https://."]}
