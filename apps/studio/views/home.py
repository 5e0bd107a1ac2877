"""/studio/: the creator studio's home page: the courses this member edits."""

from typing import Any

from django.views.generic import TemplateView

from apps.course.selectors.editor import course_list_for_studio_home
from apps.studio.views.base import StudioMixin


class StudioHomeView(StudioMixin, TemplateView):
    template_name = "studio/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["courses"] = course_list_for_studio_home(member=self.member)
        return context
