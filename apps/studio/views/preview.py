"""The learner's course and lesson pages as the studio previews them, as any tier or a visitor."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from apps.course.selectors.editor import course_get_for_editor
from apps.general.tiers import BASE_TIER, MAX_ACCESS_TIER
from apps.storefront.views.course import CourseDetailView
from apps.storefront.views.player import LessonView
from apps.studio.views.base import StudioMixin


class StudioPreviewMixin(StudioMixin):
    """Render the learner's page as tier N (``?as=N``) or as a signed-out visitor (``?as=0``)."""

    preview_tier: int | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        value = request.GET.get("as", "1")
        self.preview_tier = int(value) if value.isdigit() and int(value) <= MAX_ACCESS_TIER else BASE_TIER
        return super().dispatch(request, *args, **kwargs)


class StudioPreviewCourseView(StudioPreviewMixin, CourseDetailView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        course_get_for_editor(course_id=kwargs["course_id"], member=self.member)
        return super().get_context_data(**kwargs)


class StudioPreviewLessonView(StudioPreviewMixin, LessonView):
    def get(self, request: HttpRequest, course_id: int, placement_id: int) -> HttpResponse:
        course_get_for_editor(course_id=course_id, member=self.member)
        return super().get(request, course_id, placement_id)
