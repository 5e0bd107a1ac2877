"""/studio/: the creator studio's home page. It belongs to the studio app, which takes it over."""

from django.views.generic import TemplateView

from apps.member.models import OrgMember
from apps.member.permissions import OrgRoleRequiredMixin


class StudioHomeView(OrgRoleRequiredMixin, TemplateView):
    minimum_role = OrgMember.Role.INSTRUCTOR
    template_name = "console/studio_home.html"
