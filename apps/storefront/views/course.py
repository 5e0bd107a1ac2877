"""Course pages of the storefront: the course list, a course's page and its rating, "My learning"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.course.selectors.catalog import course_get, course_list_published
from apps.course.selectors.progress import course_progress_for, my_learning
from apps.course.selectors.ratings import course_challenge_summary, rating_is_allowed
from apps.course.services import learning
from apps.member.selectors import member_for_user
from apps.skill.selectors import skill_by_slug, skill_descendant_ids, skill_tree
from apps.storefront.forms import CourseListFilterForm, RatingForm
from apps.storefront.views.player import PlayerContext
from apps.web.request import signed_in_user
from volmify.forms import query_read


class CourseListView(TemplateView):
    template_name = "storefront/course_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.query, status = query_read(CourseListFilterForm, request)
        response = super().get(request, *args, **kwargs)
        response.status_code = status
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        slug = self.query.get("skill") or ""
        skill = skill_by_slug(slug=slug) if slug else None
        skill_ids = skill_descendant_ids(skill_id=skill.pk) if skill else None
        context.update(
            courses=course_list_published(skill_ids=skill_ids),
            skill=skill,
            skills=skill_tree(),
            skill_slug=slug,
        )
        return context


class CourseDetailView(PlayerContext, TemplateView):
    template_name = "storefront/course_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        outline, state, cached = self.load_player(kwargs["course_id"])
        course, member = state.course, state.member
        progress = course_progress_for(member=member, course=course)
        context.update(
            course=course,
            course_title=state.course_title,
            outline=outline,
            member=member,
            progress=progress,
            preview=self.preview_tier,
            player=self,
            challenge=course_challenge_summary(course=course),
            upgrade_url=self.upgrade_url(course, state.product_slug),
            outline_html=self.outline_html(outline, state, cached),
            can_rate=member is not None and rating_is_allowed(member=member, course=course),
            rating_form=RatingForm(),
        )
        return context


class RatingSubmitView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, course_id: int) -> HttpResponse:
        member = member_for_user(request.user)
        if member is None:
            raise PermissionDenied
        course = course_get(course_id=course_id)
        form = RatingForm(request.POST)
        if form.is_valid():
            try:
                learning.challenge_rating_submit(
                    actor=signed_in_user(request),
                    member=member,
                    course=course,
                    **form.cleaned_data,
                )
                messages.success(request, _("Thank you for rating this course."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Check the rating form and try again."))
        return redirect("course_detail", course_id)


class MyLearningView(LoginRequiredMixin, TemplateView):
    template_name = "storefront/my_learning.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        member = member_for_user(self.request.user)
        context["rows"] = my_learning(member=member) if member else []
        return context
