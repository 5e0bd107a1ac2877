from decimal import Decimal

import pytest
from django.utils import timezone

from apps.course.models import Level, OrgMemberProductCourseChallengeRating, OrgMemberProductCourseProgress
from apps.course.tasks import creator_rollup
from apps.instructor.models import InstructorProductRollup, InstructorReputationRollup
from apps.instructor.selectors import profile_reputation, reputation_score
from apps.product.attribution import Credit, attribution_set
from apps.product.models import OrgProductReview
from tests.actors import TEST_ACTOR
from tests.course.factories import CourseFactory
from tests.instructor.factories import affiliation_with_share
from tests.locale_region.factories import market
from tests.member.factories import EnrollmentFactory
from tests.storefront.conftest import priced_product


def test_storefront_product_page_links_its_creators(org_a, in_org, host_client):
    first = affiliation_with_share(org_a, "30")
    in_org(org_a)
    data = market(1)
    product = priced_product(data["regions"], slug="co-authored")
    attribution_set(actor=TEST_ACTOR, product=product, credits=[Credit(first.profile_id, "author", "70")])
    html = host_client(org_a).get("/p/co-authored/").content.decode()
    assert f'/creators/{first.profile.slug}/">{first.profile.display_name}</a>' in html
    assert "(Author)" in html


def test_rollup_writes_products_and_reputation_and_a_rerun_doubles_nothing(org_a, in_org, platform_client):
    affiliation = affiliation_with_share(org_a, "30")
    profile = affiliation.profile
    in_org(org_a)
    course = CourseFactory()
    attribution_set(actor=TEST_ACTOR, product=course.product, credits=[Credit(profile.pk, "author", "100")])
    done, _ = EnrollmentFactory(course=course), EnrollmentFactory(course=course)
    OrgMemberProductCourseProgress(
        member=done.member, course=course, is_completed=True, percent=100, updated_at=timezone.now()
    ).save()
    for _run in range(2):
        creator_rollup.apply(headers={"_schema_name": org_a.schema_name})
    in_org(org_a)
    assert list(InstructorProductRollup.objects.values_list("profile_id", "org_id", "product_id")) == [
        (profile.pk, org_a.pk, course.product_id)
    ]
    row = InstructorReputationRollup.objects.get()
    assert (row.learners, row.enrollments, row.completions) == (2, 2, 1)
    product_row = InstructorProductRollup.objects.get()
    assert (product_row.enrollments, product_row.completions, product_row.sales) == (2, 1, 0)
    html = platform_client.get(f"/creators/{profile.slug}/").content.decode()
    assert profile.display_name in html and "Alpha" in html and str(course.product) in html
    assert "50.0%" in html and f"{reputation_score(learners=2, completion_rate=50):.1f} / 100" in html
    assert "Score = completion rate \u00d7 0.4" in html


def test_rollup_removes_what_no_longer_holds(org_a, in_org):
    affiliation = affiliation_with_share(org_a, "30")
    in_org(org_a)
    course = CourseFactory()
    attribution_set(
        actor=TEST_ACTOR, product=course.product, credits=[Credit(affiliation.profile_id, "author", "50")]
    )
    creator_rollup.apply(headers={"_schema_name": org_a.schema_name})
    in_org(org_a)
    attribution_set(actor=TEST_ACTOR, product=course.product, credits=[])
    creator_rollup.apply(headers={"_schema_name": org_a.schema_name})
    assert not InstructorProductRollup.objects.exists()


def test_private_or_unknown_profiles_are_404(platform_client, db):
    assert platform_client.get("/creators/nobody/").status_code == 404


def test_reputation_formula():
    assert str(reputation_score(learners=2000, completion_rate=80)) == "52.0"  # 32 + reach 20
    assert str(reputation_score(learners=0, completion_rate=None)) == "0.0"
    # 0.4 x 50 + 0.3 x (4 / 5 x 100) + 0.1 x 70 + 20 x 500 / 1000
    assert (
        str(reputation_score(learners=500, completion_rate=50, rating_average=4, challenge_match=70))
        == "61.0"
    )


def test_reviews_and_level_difficulty_ratings_reach_the_reputation(org_a, in_org, platform_client):
    profile = affiliation_with_share(org_a, "30").profile
    in_org(org_a)
    course = CourseFactory(level=Level.INTERMEDIATE, difficulty=5)
    attribution_set(actor=TEST_ACTOR, product=course.product, credits=[Credit(profile.pk, "author", "100")])
    first, second, third = (EnrollmentFactory(course=course) for _ in range(3))
    for enrollment, rating, status in ((first, 4, "approved"), (second, 5, "approved"), (third, 1, "hidden")):
        OrgProductReview.objects.create(
            product=course.product, member=enrollment.member, rating=rating, status=status
        )
    # as stated but 3 harder: 0.5 + 0.5 x (1 - 3/9) = 0.833; the wrong level, difficulty as stated: 0.5
    OrgMemberProductCourseChallengeRating.objects.create(
        member=first.member, course=course, perceived_level=Level.INTERMEDIATE, perceived_difficulty=8
    )
    OrgMemberProductCourseChallengeRating.objects.create(
        member=second.member, course=course, perceived_level=Level.EXPERT, perceived_difficulty=5
    )
    creator_rollup.apply(headers={"_schema_name": org_a.schema_name})
    reputation = profile_reputation(profile=profile)
    assert (reputation.review_count, reputation.rating_average) == (2, Decimal("4.50"))  # the hidden one not
    assert (reputation.challenge_count, reputation.challenge_match) == (2, Decimal("66.7"))
    assert InstructorProductRollup.objects.get().rating_average == Decimal("4.50")
    html = platform_client.get(f"/creators/{profile.slug}/").content.decode()
    assert "4.50 of 5 (2 reviews)" in html and "66.7% match (2 learner ratings)" in html


def test_the_profile_page_costs_the_same_queries_whatever_its_products(org_a, in_org, platform_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profile = affiliation_with_share(org_a, "30").profile
    counts = []
    for _round in range(2):  # one product, then three
        in_org(org_a)
        for _course in range(1 if not counts else 2):
            course = CourseFactory()
            attribution_set(
                actor=TEST_ACTOR, product=course.product, credits=[Credit(profile.pk, "author", "100")]
            )
        creator_rollup.apply(headers={"_schema_name": org_a.schema_name})
        platform_client.get(f"/creators/{profile.slug}/")  # warm: the first request fills caches
        with CaptureQueriesContext(connection) as queries:
            assert platform_client.get(f"/creators/{profile.slug}/").status_code == 200
        counts.append(len(queries))
    assert InstructorProductRollup.objects.filter(profile=profile).count() == 3
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    ("reviews", "total", "shown"), [(4, 17, "4.3"), (3, 13, "4.3"), (2, 9, "4.5"), (1, 5, "5.0")]
)
def test_the_rollup_rounds_a_rating_as_the_product_page_does(reviews, total, shown):
    from apps.course.creator_rollup import _average
    from apps.general.ratings import rating_round

    assert str(_average((reviews, total))) == shown
    assert rating_round(Decimal(total) / reviews) == Decimal(shown)
