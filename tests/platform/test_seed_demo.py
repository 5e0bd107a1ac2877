"""``seed_demo`` loads every demo data file (apps/*/demo/*.json); a second run changes nothing."""

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django_tenants.utils import schema_context

from apps.instructor.models import (
    InstructorLibraryLesson,
    InstructorOrgAffiliation,
    InstructorOrgAffiliationCompensation,
    InstructorOrgInvitation,
    InstructorProductRollup,
    UserInstructorProfile,
)
from apps.org.models import InstructorEarningsRollup, Org
from apps.payment.models import OrgProductVariantPaymentPlan as Plan
from apps.product.demo import product_find
from apps.user.models import User

TENANT_LABELS = {name.removeprefix("apps.") for name in settings.TENANT_APPS if name.startswith("apps.")}


def row_counts() -> dict[str, int]:
    public = (
        User,
        Authenticator,
        Org,
        UserInstructorProfile,
        InstructorOrgAffiliation,
        InstructorOrgAffiliationCompensation,
        InstructorOrgInvitation,
        InstructorProductRollup,
        InstructorEarningsRollup,
    )
    counts = {model._meta.label: model.objects.count() for model in public}
    for org in Org.objects.filter(slug__in=["acme", "globex"]):
        with schema_context(org.schema_name):
            for model in apps.get_models():
                if model._meta.app_label in TENANT_LABELS:
                    counts[f"{org.slug}.{model._meta.label}"] = model.objects.count()
    return counts


def test_seed_demo_loads_every_file_and_a_second_run_changes_nothing(db, host_client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = row_counts()
    assert first["acme.product.OrgProduct"] == first["globex.product.OrgProduct"] == 6
    assert first["acme.course.OrgProductCourse"] == 2
    assert first["globex.course.OrgProductCourse"] == 3
    # the four demo members, the demo buyers (three at acme, two at globex) and María, who keeps a
    # lesson library across both
    assert (first["acme.member.OrgMember"], first["globex.member.OrgMember"]) == (8, 7)
    # the members' four, and one per course line of the demo orders (a refunded one stays, revoked)
    assert first["acme.course.OrgMemberProductCourseEnrollment"] == 6
    assert (first["acme.payment.OrgOrder"], first["globex.payment.OrgOrder"]) == (7, 6)
    assert first["globex.payment.OrgProductVariantPaymentPlanMarketRegion"] == 115
    with schema_context("org_globex"):
        product = product_find("business-english")
        assert (
            product.safe_translation_getter("title", language_code="ar-ae") == "الإنجليزية للأعمال للمهنيين"
        )
        plan = Plan.objects.get(variant__product=product, variant__position=0, access_tier=1)
        assert plan.safe_translation_getter("name", language_code="de-de") == "Grundlagen"
    # creators: two people, three profiles; María works with acme and globex on different terms
    maria = UserInstructorProfile.objects.get(slug="maria-torres")
    assert UserInstructorProfile.objects.filter(user=maria.user).count() == 2
    kinds = dict(
        InstructorOrgAffiliationCompensation.objects.filter(affiliation__profile=maria).values_list(
            "affiliation__org__slug", "kind"
        )
    )
    assert kinds == {"acme": "revenue_share", "globex": "fixed"}
    assert list(InstructorOrgInvitation.objects.values_list("email", "status")) == [
        ("new.teacher@creators.example", "pending")
    ]
    with schema_context("org_acme"):
        assert first["acme.product.OrgProductInstructorAttribution"] == 5
    assert set(InstructorProductRollup.objects.filter(profile=maria).values_list("org__slug", flat=True)) == {
        "acme",
        "globex",
    }
    # the demo orders went through the real ledger posting and rollup: María earns at both orgs
    earnings = InstructorEarningsRollup.objects.filter(profile_id__in=maria.user.instructor_profiles.all())
    earned = {(row.org.slug, row.currency): row.earned for row in earnings if row.earned > 0}
    assert {org for org, _currency in earned} == {"acme", "globex"}
    assert len({currency for _org, currency in earned}) >= 2
    html = host_client(user=maria.user).get("/creator/").content.decode()
    assert "Acme Academy" in html and "Globex Learning" in html
    for _org, currency in earned:
        assert f"<td>{currency}</td>" in html
    with schema_context("org_acme"):
        assert first["acme.ledger.OrgLedgerTransaction"] > 0
    # María's acme quiz in her library, and its copy in globex with where it came from
    snapshot = InstructorLibraryLesson.objects.get(profile=maria)
    assert (snapshot.source_org.slug, snapshot.title, snapshot.version) == ("acme", "Query count quiz", 1)
    assert first["globex.course.OrgLessonLibraryCopy"] == 1
    assert first["acme.course.OrgLessonLibraryCopy"] == 0
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert row_counts() == first
