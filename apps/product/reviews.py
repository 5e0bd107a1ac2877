"""Learners' ratings and reviews of products, their moderation, and products' questions and answers.

Who may review is answered by the apps that know what a member bought or is enrolled in, through
the ``product_review_eligibility`` event (this app sits below them).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, QuerySet, Sum, Window
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from apps.audit.models import OrgAuditEntry
from apps.audit.services import audit_created, audit_record, audit_removing
from apps.general.ratings import rating_round
from apps.locale_region.fallback import attach_translations
from apps.locale_region.selectors import storefront_content_changed
from apps.member.models import OrgMember
from apps.product.models import OrgProduct, OrgProductFaq, OrgProductReview
from apps.product.services import language_check
from apps.product.signals import product_review_eligibility
from volmify.actors import Actor, actor_check

Review = OrgProductReview
REVIEW_TEXT_MAX = 4000


@dataclass(frozen=True)
class RatingAverage:
    average: Decimal  # rounded to one decimal, as shown
    count: int


def review_is_allowed(*, product: OrgProduct, member: OrgMember | None) -> bool:
    """Whether ``member`` bought or is enrolled in ``product`` (asked of the apps that know)."""
    if member is None:
        return False
    answers = product_review_eligibility.send(sender=OrgProduct, product=product, member=member)
    return any(answer is True for _receiver, answer in answers)


def _review_text_clean(text: str) -> str:
    # reviews are plain text: markup is dropped, not escaped, so what is kept reads as written
    cleaned = strip_tags(text or "").strip()
    if len(cleaned) > REVIEW_TEXT_MAX:
        raise ValidationError(
            _("A review can be at most %(count)d characters long.") % {"count": REVIEW_TEXT_MAX}
        )
    return cleaned


def product_review_submit(
    *, actor: Actor, product: OrgProduct, member: OrgMember | None, rating: int, text: str
) -> OrgProductReview:
    """Create the member's review of ``product`` or replace their earlier one, waiting for moderation.

    Refused (nothing written) unless the member bought or is enrolled in the product, and for a
    rating outside 1-5.
    """
    actor_check(actor)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError(_("Choose a rating from 1 to 5 stars."))
    cleaned = _review_text_clean(text)
    if member is None or not review_is_allowed(product=product, member=member):
        raise ValidationError(_("Only learners who bought or are enrolled in this product can review it."))
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(product=product, member=member).first()
        if review is None:
            try:
                with transaction.atomic():
                    review = Review.objects.create(
                        product=product, member=member, rating=rating, text=cleaned
                    )
            except IntegrityError:  # a second submission raced this one; keep one review
                review = Review.objects.select_for_update().get(product=product, member=member)
                _review_replace(actor, review, rating=rating, text=cleaned)
            else:
                audit_created(actor=actor, target=review, fields=("rating", "text", "status"))
        else:
            _review_replace(actor, review, rating=rating, text=cleaned)
    storefront_content_changed()
    return review


def _review_replace(actor: Actor, review: OrgProductReview, *, rating: int, text: str) -> None:
    """A changed review waits for moderation again: what was approved is not what is now written."""
    before = {"rating": review.rating, "text": review.text, "status": review.status}
    review.rating, review.text, review.status = rating, text, Review.Status.PENDING
    review.save(update_fields=["rating", "text", "status", "updated_at"])
    after = {"rating": rating, "text": text, "status": review.status}
    audit_record(actor=actor, verb=OrgAuditEntry.Verb.UPDATE, target=review, before=before, after=after)


def product_review_moderate(*, actor: Actor, review: OrgProductReview, status: str) -> OrgProductReview:
    """Approve or hide a review; only approved reviews are shown and counted."""
    actor_check(actor)
    if status not in (Review.Status.APPROVED, Review.Status.HIDDEN):
        raise ValidationError(_("A review can only be approved or hidden."))
    if review.status == status:
        return review
    before = review.status
    review.status = status
    review.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        verb=OrgAuditEntry.Verb.REVIEW,
        target=review,
        before={"status": before},
        after={"status": status},
    )
    storefront_content_changed()
    return review


def review_list(*, status: str = "") -> QuerySet[OrgProductReview]:
    """Reviews for the console's moderation list, newest first, with product and learner."""
    reviews = Review.objects.select_related("product", "member", "member__user").prefetch_related(
        "product__translations"
    )
    return reviews.filter(status=status) if status else reviews


def review_get(*, review_id: int) -> OrgProductReview:
    review = review_list().filter(pk=review_id).first()
    if review is None:
        raise Http404
    return review


@dataclass(frozen=True)
class ProductReviews:
    reviews: Sequence[OrgProductReview]  # the newest approved ones, up to the limit
    rating: RatingAverage | None  # over every approved review; None without any


def product_reviews_shown(*, product_id: int, limit: int = 20) -> ProductReviews:
    """The product's newest approved reviews with each learner's user, and the average and count over
    all approved ones, in one query (window aggregates over the filtered rows, before the limit)."""
    rows = list(
        Review.objects.filter(product_id=product_id, status=Review.Status.APPROVED)
        .annotate(rating_average=Window(Avg("rating")), rating_count=Window(Count("id")))
        .select_related("member__user")[:limit]
    )
    rating = _rating_average(rows[0].rating_average, rows[0].rating_count) if rows else None
    return ProductReviews(reviews=rows, rating=rating)


def _rating_average(average: Any, count: int) -> RatingAverage:
    return RatingAverage(average=rating_round(average), count=count)


def product_rating_totals() -> dict[int, tuple[int, int]]:
    """(approved reviews, sum of their ratings) per reviewed product of the org, in one query; sums
    rather than averages, so that rollups can weigh every review alike across products."""
    rows = (
        Review.objects.filter(status=Review.Status.APPROVED)
        .values("product_id")
        .annotate(count=Count("id"), total=Sum("rating"))
        .order_by()
    )
    return {row["product_id"]: (row["count"], row["total"]) for row in rows}


def product_rating_averages(product_ids: Iterable[int]) -> dict[int, RatingAverage]:
    """Average approved rating and count per product (one query); products without any are absent."""
    rows = (
        Review.objects.filter(product_id__in=list(product_ids), status=Review.Status.APPROVED)
        .values("product_id")
        .annotate(average=Avg("rating"), count=Count("id"))
    )
    return {row["product_id"]: _rating_average(row["average"], row["count"]) for row in rows}


def product_faqs(*, product_id: int, chain: Sequence[str]) -> list[OrgProductFaq]:
    """The product's questions in position order, each with ``tr`` picked along ``chain`` (at most two
    queries); a question with no translation along the chain is left out."""
    faqs = list(OrgProductFaq.objects.filter(product_id=product_id).prefetch_related("translations"))
    attach_translations(faqs, chain)
    return [faq for faq in faqs if faq.tr is not None]


def _faq_text_clean(question: str, answer: str) -> tuple[str, str]:
    question, answer = strip_tags(question or "").strip(), strip_tags(answer or "").strip()
    if not question or not answer:
        raise ValidationError(_("A question and its answer are both required."))
    if len(question) > 300:
        raise ValidationError(_("A question can be at most 300 characters long."))
    return question, answer


def product_faq_save(
    *,
    actor: Actor,
    product: OrgProduct,
    language_code: str,
    question: str,
    answer: str,
    faq: OrgProductFaq | None = None,
    position: int | None = None,
) -> OrgProductFaq:
    """Add a question to ``product`` (``faq`` None) or change one, in ``language_code``."""
    actor_check(actor)
    language_check(language_code)
    question, answer = _faq_text_clean(question, answer)
    if faq is not None and faq.product_id != product.pk:
        raise Http404
    with transaction.atomic():
        if faq is None:
            last = product.faqs.order_by("-position").values_list("position", flat=True).first()
            faq = OrgProductFaq(product=product, position=(last + 1) if last is not None else 0)
        if position is not None:
            faq.position = position
        faq.set_current_language(language_code)
        faq.question, faq.answer = question, answer
        faq.save()
        audit_record(
            actor=actor,
            verb=OrgAuditEntry.Verb.TRANSLATE,
            target=faq,
            after={"language": language_code, "question": question, "answer": answer},
        )
    storefront_content_changed()
    return faq


def product_faq_delete(*, actor: Actor, faq: OrgProductFaq) -> None:
    actor_check(actor)
    with transaction.atomic():
        audit_removing(actor=actor, target=faq, fields=("position",), label=str(faq))
        faq.delete()
    storefront_content_changed()


def product_published_by_slug(*, slug: str) -> OrgProduct:
    """A published product by its slug in any locale, with its translations; 404 otherwise."""
    translation_model = OrgProduct._parler_meta.root_model
    product_ids = translation_model.objects.filter(slug=slug).values("master_id")
    product = (
        OrgProduct.objects.filter(pk__in=product_ids, status=OrgProduct.Status.PUBLISHED)
        .prefetch_related("translations")
        .first()
    )
    if product is None:
        raise Http404
    return product


def member_review_of(*, product: OrgProduct, member: OrgMember) -> OrgProductReview | None:
    return Review.objects.filter(product=product, member=member).first()


def product_faq_get(*, product: OrgProduct, faq_id: int) -> OrgProductFaq:
    """One of the product's questions; the same 404 for a missing one and another product's."""
    faq = OrgProductFaq.objects.filter(product=product, pk=faq_id).prefetch_related("translations").first()
    if faq is None:
        raise Http404
    return faq
