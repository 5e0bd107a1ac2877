"""/manage/: the console's home page."""

from django.views.generic import TemplateView

from apps.console.views.base import ConsoleAccessMixin
from apps.member.selectors import member_list


class ManageHomeView(ConsoleAccessMixin, TemplateView):
    template_name = "console/manage_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = member_list()
        return context
