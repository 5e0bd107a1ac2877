"""/manage/security/: two-factor authentication for owners and admins (the page that asks for it:
``volmify.mfa.TwoFactorRequiredView``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.member.models import OrgMember
from apps.member.selectors import managers_with_two_factor
from apps.org.models import Org
from apps.org.services import org_two_factor_set
from apps.web.permissions import OrgRoleRequiredMixin
from apps.web.request import MemberRequest
from volmify.mfa import user_has_two_factor


class SecurityView(OrgRoleRequiredMixin, TemplateView):
    """/manage/security/: whether owners and admins must use two-factor authentication, and who has it."""

    minimum_role = OrgMember.Role.OWNER
    template_name = "console/security.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["managers"] = managers_with_two_factor()
        context["actor_has_two_factor"] = user_has_two_factor(self.request.user)
        return context

    def post(self, request: MemberRequest) -> HttpResponse:
        required = request.POST.get("require_two_factor") == "on"
        org: Org = request.tenant
        try:
            org_two_factor_set(actor=request.user, org=org, required=required)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        if required:
            messages.success(request, _("Owners and admins now need two-factor authentication."))
        else:
            messages.success(request, _("Two-factor authentication is no longer required."))
        return HttpResponseRedirect(reverse("manage_security"))
