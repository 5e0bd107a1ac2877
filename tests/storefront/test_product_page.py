"""The product page: reviews, questions, curriculum, structured data, and its fixed query count."""

import json
import re

import pytest

from apps.locale_region.selectors import storefront_content_changed
from apps.product.models import OrgProductReview
from apps.product.reviews import product_review_moderate
from tests.actors import TEST_ACTOR
from tests.course.factories import (
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    PlacementFactory,
    SectionFactory,
)
from tests.member.factories import EnrollmentFactory, OrgMemberFactory
from tests.payment.factories import PaymentPlanFactory, PlanPriceFactory
from tests.product.factories import OrgProductFaqFactory, OrgProductReviewFactory, OrgProductVariantFactory
from tests.storefront.conftest import priced_product

Status = OrgProductReview.Status
PAGE = "/eu/p/django-for-teams/"


def _json_ld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def _uncached(client):
    storefront_content_changed()
    client.get("/robots.txt")


def test_only_approved_reviews_are_shown_with_their_average(shop, host_client, org_a):
    product = shop["product"]
    OrgProductReviewFactory(product=product, rating=5, text="Shown five")
    OrgProductReviewFactory(product=product, rating=4, text="Shown four")
    OrgProductReviewFactory(product=product, rating=1, text="Hidden one", status=Status.HIDDEN)
    OrgProductReviewFactory(product=product, rating=1, text="Pending one", status=Status.PENDING)
    html = host_client(org_a).get("/p/django-for-teams/").content.decode()
    assert "Shown five" in html and "Shown four" in html
    assert "Hidden one" not in html and "Pending one" not in html
    assert "4.5 out of 5 from 2 reviews" in html
    data = _json_ld(html)
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.5",
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_json_ld_is_a_product_with_offers_in_the_regions_currency(shop, host_client, org_a):
    data = _json_ld(host_client(org_a).get(PAGE).content.decode())
    assert (data["@context"], data["@type"], data["name"]) == (
        "https://schema.org",
        "Product",
        "Django for teams",
    )
    assert len(data["offers"]) == 12
    assert {offer["priceCurrency"] for offer in data["offers"]} == {"EUR"}
    assert sorted({offer["price"] for offer in data["offers"]}) == ["135.000", "45.000", "90.000"]
    assert "aggregateRating" not in data  # no reviews yet
    mexico = _json_ld(host_client(org_a).get("/latam/p/django-for-teams/").content.decode())
    assert {offer["priceCurrency"] for offer in mexico["offers"]} == {"MXN"}


def test_json_ld_cannot_close_its_script_element(shop, host_client, org_a):
    product = priced_product(shop["regions"], title="</script><script>alert(1)</script> & co", slug="hostile")
    html = host_client(org_a).get("/eu/p/hostile/").content.decode()
    assert "<script>alert(1)" not in html
    assert _json_ld(html)["name"] == "</script><script>alert(1)</script> & co"
    assert product.pk


def test_a_course_is_described_as_a_course_with_its_curriculum(shop, host_client, org_a):
    course = CourseFactory(product__slug="pottery", product__title="Pottery")
    variant = OrgProductVariantFactory(product=course.product, name="Standard")
    plan = PaymentPlanFactory(variant=variant, access_tier=1, name="Full")
    PlanPriceFactory(plan=plan, region=shop["regions"][1], amount="45.00")
    module = ModuleFactory(course=course, position=0)
    section = SectionFactory(module=module, position=0)
    PlacementFactory(
        section=section, lesson=LessonFactory(title="Wedging clay", duration_seconds=720), is_preview=True
    )
    locked = ModuleFactory(course=course, position=1, required_access_tier=2)
    PlacementFactory(
        section=SectionFactory(module=locked), lesson=LessonFactory(title="Glazing", duration_seconds=4800)
    )
    html = host_client(org_a).get("/eu/p/pottery/").content.decode()
    assert _json_ld(html)["@type"] == "Course"
    assert "2 lessons" in html
    assert re.search(r'<a href="/eu/courses/\d+/lessons/\d+/">Wedging clay</a>', html)
    assert "12 Min." in html and "1 Std. 20 Min." in html  # in the page's language (German)
    assert "Glazing" in html and not re.search(r"<a [^>]*>Glazing</a>", html)
    assert "Tier 2" in html


def test_questions_are_shown_in_position_order(shop, host_client, org_a):
    product = shop["product"]
    OrgProductFaqFactory(product=product, position=2, question="Second?", answer="Two.")
    OrgProductFaqFactory(product=product, position=1, question="First?", answer="One.")
    html = host_client(org_a).get(PAGE).content.decode()
    assert html.index("First?") < html.index("Second?")


def test_the_phone_buy_bar_links_to_the_plans(shop, host_client, org_a):
    html = host_client(org_a).get(PAGE).content.decode()
    assert 'class="buy-bar"' in html and 'href="#buy"' in html and 'id="buy"' in html


@pytest.mark.parametrize("extra", [1, 15])
def test_product_page_query_count_does_not_grow_with_reviews_and_questions(
    shop, host_client, org_a, extra, django_assert_num_queries
):
    product = shop["product"]
    for number in range(extra):
        OrgProductReviewFactory(product=product, rating=1 + number % 5, text=f"Review {number}")
        OrgProductFaqFactory(product=product, question=f"Question {number}?")
    client = host_client(org_a)
    client.get(PAGE)
    _uncached(client)
    with django_assert_num_queries(12):
        html = client.get(PAGE).content.decode()
    assert html.count('class="card review"') == extra
    assert html.count('class="faq"') == extra
    with django_assert_num_queries(0):  # anonymous visitors get it from the page cache
        assert client.get(PAGE).content.decode() == html


def test_a_new_review_approved_in_the_console_reaches_the_cached_page(shop, host_client, org_a):
    client = host_client(org_a)
    assert "Fresh praise" not in client.get(PAGE).content.decode()
    review = OrgProductReviewFactory(product=shop["product"], text="Fresh praise", status=Status.PENDING)
    product_review_moderate(actor=TEST_ACTOR, review=review, status=Status.APPROVED)
    assert "Fresh praise" in client.get(PAGE).content.decode()


def test_a_visitor_who_did_not_buy_cannot_review(shop, host_client, org_a):
    member = OrgMemberFactory()
    client = host_client(org_a, member.user)
    page = client.get("/p/django-for-teams/review/")
    assert "Only learners who bought or are enrolled in this product can review it." in page.content.decode()
    response = client.post("/p/django-for-teams/review/", {"rating": "5", "text": "Sneaky"})
    assert response.status_code == 400
    assert (
        "Only learners who bought or are enrolled in this product can review it." in response.content.decode()
    )
    assert OrgProductReview.objects.count() == 0


def test_a_signed_out_visitor_is_sent_to_sign_in(shop, host_client, org_a):
    response = host_client(org_a).post("/p/django-for-teams/review/", {"rating": "5"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert OrgProductReview.objects.count() == 0


def test_an_enrolled_learner_reviews_from_the_page(shop, host_client, org_a):
    course = CourseFactory(product__slug="pottery")
    member = EnrollmentFactory(course=course).member
    client = host_client(org_a, member.user)
    assert client.post("/p/pottery/review/", {"rating": "9"}).status_code == 400
    assert OrgProductReview.objects.count() == 0
    response = client.post("/p/pottery/review/", {"rating": "4", "text": "<b>Good</b>"})
    assert response.status_code == 302
    assert list(OrgProductReview.objects.values_list("rating", "text", "status")) == [(4, "Good", "pending")]


def test_a_review_page_of_an_unknown_product_is_404(shop, host_client, org_a):
    client = host_client(org_a, OrgMemberFactory().user)
    assert client.get("/p/nothing-here/review/").status_code == 404
