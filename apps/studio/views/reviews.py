"""The studio's review queue: assignment submissions in the member's courses, grades and feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.course.selectors.assessments import (
    submission_get_for_reviewer,
    submission_list_pending_review,
    submission_list_reviewed,
)
from apps.course.services.learning import assignment_review
from apps.studio.forms import ReviewForm
from apps.studio.views.base import StudioMixin
from apps.web.request import MemberRequest
from volmify.files import private_file_response


class StudioReviewQueueView(StudioMixin, TemplateView):
    template_name = "studio/review_queue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["pending"] = submission_list_pending_review(member=self.member)
        context["reviewed"] = submission_list_reviewed(member=self.member)[:20]
        context["form"] = ReviewForm()
        return context


class StudioSubmissionFileView(StudioMixin, View):
    """A submission's attachment, for those who may review it (404 for everyone else)."""

    def get(self, request: MemberRequest, submission_id: int) -> HttpResponseBase:
        submission = submission_get_for_reviewer(submission_id=submission_id, member=self.member)
        if not submission.file:
            raise Http404
        return private_file_response(submission.file)


class StudioReviewView(StudioMixin, View):
    def post(self, request: MemberRequest, submission_id: int) -> HttpResponse:
        submission = submission_get_for_reviewer(submission_id=submission_id, member=self.member)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("A grade is between 0 and 100."))
            return redirect("studio_reviews")
        assignment_review(actor=request.user, submission=submission, **form.cleaned_data)
        messages.success(request, _("Review saved."))
        return redirect("studio_reviews")
