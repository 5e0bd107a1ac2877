"""Org console (/manage/catalog/reviews/): learners' reviews waiting for moderation, approved or hidden."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.console.views.base import ConsoleView, messages_from, redirect
from apps.product.models import OrgProductReview
from apps.product.reviews import product_review_moderate, review_get, review_list
from apps.product.selectors import paginate
from apps.web.request import MemberRequest

REVIEW_PAGE_SIZE = 25
Status = OrgProductReview.Status


class ReviewListView(ConsoleView):
    def get(self, request: MemberRequest) -> HttpResponse:
        status = request.GET.get("status", Status.PENDING)
        if status not in Status.values:
            status = ""
        page = paginate(review_list(status=status), page=request.GET.get("page"), per_page=REVIEW_PAGE_SIZE)
        context = {"page": page, "status": status, "statuses": Status.choices}
        return render(request, "console/review_list.html", context)


class ReviewModerateView(ConsoleView):
    """Approve or hide one review (POST ``status``); back to the list it was moderated from."""

    def post(self, request: MemberRequest, review_id: int) -> HttpResponse:
        review = review_get(review_id=review_id)
        try:
            product_review_moderate(actor=request.user, review=review, status=request.POST.get("status", ""))
        except ValidationError as error:
            messages_from(request, error)
        else:
            messages.success(
                request, _("Review approved.") if review.status == Status.APPROVED else _("Review hidden.")
            )
        back = request.POST.get("next", "")
        url = reverse("manage_review_list")
        return redirect(request, url + back if back.startswith("?") and "\n" not in back else url)
