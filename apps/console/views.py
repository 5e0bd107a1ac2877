"""Shells of the org console and the creator studio; later issues fill them."""

from django.views.generic import TemplateView

from apps.member.models import OrgMember
from apps.member.permissions import OrgRoleRequiredMixin
from apps.member.selectors import member_list


class ManageHomeView(OrgRoleRequiredMixin, TemplateView):
    minimum_role = OrgMember.Role.ADMIN
    template_name = "console/manage_home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = member_list()
        return context


class StudioHomeView(OrgRoleRequiredMixin, TemplateView):
    minimum_role = OrgMember.Role.INSTRUCTOR
    template_name = "console/studio_home.html"
