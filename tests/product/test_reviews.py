"""Learners' reviews of products: who may write one, what is kept, moderation, and the averages."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import OrgAuditEntry
from apps.member.models import OrgMember
from apps.product.models import OrgProductFaq, OrgProductReview
from apps.product.reviews import (
    RatingAverage,
    product_faq_save,
    product_faqs,
    product_rating_averages,
    product_review_moderate,
    product_review_submit,
    product_reviews_shown,
)
from tests.actors import TEST_ACTOR
from tests.course.factories import CourseFactory
from tests.locale_region.factories import market
from tests.member.factories import EnrollmentFactory, OrgMemberFactory
from tests.product.factories import OrgProductFactory, OrgProductFaqFactory, OrgProductReviewFactory

Status = OrgProductReview.Status


@pytest.fixture
def course(org_a, in_org):
    in_org(org_a)
    market(1)
    return CourseFactory()


def test_an_enrolled_learner_reviews_and_the_text_is_kept_as_plain_text(course):
    member = EnrollmentFactory(course=course).member
    review = product_review_submit(
        actor=TEST_ACTOR,
        product=course.product,
        member=member,
        rating=4,
        text="  <script>alert(1)</script><b>Great</b> course  ",
    )
    assert (review.rating, review.text, review.status) == (4, "alert(1)Great course", Status.PENDING)
    assert OrgAuditEntry.objects.filter(verb="create", object_id=str(review.pk)).count() == 1


def test_a_learner_who_neither_bought_nor_enrolled_is_refused_and_nothing_is_written(course):
    member = OrgMemberFactory()
    with pytest.raises(ValidationError) as error:
        product_review_submit(actor=TEST_ACTOR, product=course.product, member=member, rating=5, text="x")
    assert error.value.messages == ["Only learners who bought or are enrolled in this product can review it."]
    assert OrgProductReview.objects.count() == 0


def test_an_enrollment_in_another_course_does_not_open_the_review(course):
    member = EnrollmentFactory(course=CourseFactory()).member
    with pytest.raises(ValidationError):
        product_review_submit(actor=TEST_ACTOR, product=course.product, member=member, rating=5, text="")
    assert OrgProductReview.objects.count() == 0


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_a_rating_outside_one_to_five_is_refused(course, rating):
    member = EnrollmentFactory(course=course).member
    with pytest.raises(ValidationError) as error:
        product_review_submit(actor=TEST_ACTOR, product=course.product, member=member, rating=rating, text="")
    assert error.value.messages == ["Choose a rating from 1 to 5 stars."]
    assert OrgProductReview.objects.count() == 0


def test_a_second_review_replaces_the_first_and_waits_for_moderation_again(course):
    member = EnrollmentFactory(course=course).member
    first = product_review_submit(
        actor=TEST_ACTOR, product=course.product, member=member, rating=2, text="Meh"
    )
    product_review_moderate(actor=TEST_ACTOR, review=first, status=Status.APPROVED)
    second = product_review_submit(
        actor=TEST_ACTOR, product=course.product, member=member, rating=5, text="Now good"
    )
    assert second.pk == first.pk
    assert list(OrgProductReview.objects.values_list("rating", "text", "status")) == [
        (5, "Now good", "pending")
    ]


def test_only_approved_reviews_are_shown_and_counted(course, django_assert_num_queries):
    product = course.product
    OrgProductReviewFactory(product=product, rating=5)
    OrgProductReviewFactory(product=product, rating=4)
    OrgProductReviewFactory(product=product, rating=2)
    hidden = OrgProductReviewFactory(product=product, rating=1, text="Hidden text")
    product_review_moderate(actor=TEST_ACTOR, review=hidden, status=Status.HIDDEN)
    OrgProductReviewFactory(product=product, rating=1, status=Status.PENDING)
    other = OrgProductFactory()
    OrgProductReviewFactory(product=other, rating=3)
    with django_assert_num_queries(1):
        averages = product_rating_averages([product.pk, other.pk, 999999])
    assert averages == {
        product.pk: RatingAverage(average=Decimal("3.7"), count=3),
        other.pk: RatingAverage(average=Decimal("3.0"), count=1),
    }
    with django_assert_num_queries(1):
        shown = product_reviews_shown(product_id=product.pk)
    assert [review.rating for review in shown.reviews] == [2, 4, 5]
    assert shown.rating == RatingAverage(average=Decimal("3.7"), count=3)


def test_moderation_to_another_status_is_refused(course):
    review = OrgProductReviewFactory(product=course.product, status=Status.PENDING)
    with pytest.raises(ValidationError):
        product_review_moderate(actor=TEST_ACTOR, review=review, status="deleted")
    review.refresh_from_db()
    assert review.status == Status.PENDING


def test_a_question_is_saved_per_language_and_read_along_the_chain(course):
    product = course.product
    faq = product_faq_save(
        actor=TEST_ACTOR,
        product=product,
        language_code="en-US",
        question="<i>Refunds?</i>",
        answer="30 days.",
    )
    product_faq_save(
        actor=TEST_ACTOR,
        product=product,
        faq=faq,
        language_code="es-MX",
        question="¿Reembolsos?",
        answer="30 días.",
    )
    OrgProductFaqFactory(product=product, position=faq.position + 1, question="Later?")
    assert [f.tr.question for f in product_faqs(product_id=product.pk, chain=("es-MX", "en-US"))] == [
        "¿Reembolsos?",
        "Later?",
    ]
    assert [f.tr.question for f in product_faqs(product_id=product.pk, chain=("en-US",))] == [
        "Refunds?",
        "Later?",
    ]


@pytest.mark.parametrize(
    ("language", "question", "answer", "message"),
    [
        ("fr-FR", "Q?", "A.", "The organization does not author in fr-FR."),
        ("en-US", "", "A.", "A question and its answer are both required."),
        ("en-US", "Q?", "  ", "A question and its answer are both required."),
    ],
)
def test_a_bad_question_is_refused_and_nothing_is_written(course, language, question, answer, message):
    with pytest.raises(ValidationError) as error:
        product_faq_save(
            actor=TEST_ACTOR, product=course.product, language_code=language, question=question, answer=answer
        )
    assert error.value.messages == [message]
    assert OrgProductFaq.objects.count() == 0


def test_another_orgs_admin_cannot_see_or_moderate_a_review(org_a, org_b, in_org, host_client):
    in_org(org_a)
    market(1)
    review = OrgProductReviewFactory(status=Status.PENDING, text="Only in org A")
    admin_a = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    assert "Only in org A" in host_client(org_a, admin_a).get("/manage/catalog/reviews/").content.decode()
    in_org(org_b)
    admin_b = OrgMemberFactory(role=OrgMember.Role.ADMIN).user
    client = host_client(org_b, admin_b)
    assert "Only in org A" not in client.get("/manage/catalog/reviews/?status=all").content.decode()
    response = client.post(f"/manage/catalog/reviews/{review.pk}/moderate/", {"status": "approved"})
    assert response.status_code == 404
    in_org(org_a)
    review.refresh_from_db()
    assert review.status == Status.PENDING


def test_an_admin_approves_then_hides_a_review_in_the_console(org_a, in_org, host_client):
    in_org(org_a)
    market(1)
    review = OrgProductReviewFactory(status=Status.PENDING)
    client = host_client(org_a, OrgMemberFactory(role=OrgMember.Role.ADMIN).user)
    url = f"/manage/catalog/reviews/{review.pk}/moderate/"
    assert client.post(url, {"status": "approved", "next": "?status=pending"}).url == (
        "/manage/catalog/reviews/?status=pending"
    )
    review.refresh_from_db()
    assert review.status == Status.APPROVED
    client.post(url, {"status": "hidden"})
    review.refresh_from_db()
    assert review.status == Status.HIDDEN


def test_a_learner_cannot_reach_the_moderation_page(org_a, in_org, host_client):
    in_org(org_a)
    market(1)
    review = OrgProductReviewFactory(status=Status.PENDING)
    client = host_client(org_a, OrgMemberFactory().user)
    assert client.post(
        f"/manage/catalog/reviews/{review.pk}/moderate/", {"status": "approved"}
    ).status_code in (302, 403)
    review.refresh_from_db()
    assert review.status == Status.PENDING
