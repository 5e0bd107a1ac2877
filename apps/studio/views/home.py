"""/studio/: the creator studio's home page."""

from django.views.generic import TemplateView

from apps.member.models import OrgMember
from apps.web.permissions import OrgRoleRequiredMixin


class StudioHomeView(OrgRoleRequiredMixin, TemplateView):
    minimum_role = OrgMember.Role.INSTRUCTOR
    template_name = "studio/home.html"
