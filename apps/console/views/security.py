"""/manage/security/ (two-factor authentication for owners and admins) and the page that asks for it."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from apps.member.models import OrgMember
from apps.member.permissions import OrgRoleRequiredMixin
from apps.member.selectors import managers_with_two_factor
from apps.org.models import Org
from apps.org.services import org_two_factor_set
from volmify.mfa import safe_next, session_passed_two_factor, user_has_two_factor


class TwoFactorRequiredView(LoginRequiredMixin, TemplateView):
    """Where a session without a second factor is sent (Django admin, an org that requires it):
    set up an authenticator, or confirm a code, then go back to ``next``."""

    template_name = "account/two_factor_required.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if session_passed_two_factor(request):
            return HttpResponseRedirect(safe_next(request))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        confirm_query = urlencode({"next": safe_next(self.request)})
        context["has_totp"] = user_has_two_factor(self.request.user)
        context["confirm_url"] = f"{reverse('mfa_reauthenticate')}?{confirm_query}"
        context["reason"] = "staff" if self.request.GET.get("reason") == "staff" else "org"
        return context


class SecurityView(OrgRoleRequiredMixin, TemplateView):
    """/manage/security/: whether owners and admins must use two-factor authentication, and who has it."""

    minimum_role = OrgMember.Role.OWNER
    template_name = "console/security.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["managers"] = managers_with_two_factor()
        context["actor_has_two_factor"] = user_has_two_factor(self.request.user)
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        required = request.POST.get("require_two_factor") == "on"
        org: Org = request.tenant  # type: ignore[attr-defined]
        member: OrgMember = request.member  # type: ignore[attr-defined]
        try:
            org_two_factor_set(org=org, required=required, actor=member.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        if required:
            messages.success(request, _("Owners and admins now need two-factor authentication."))
        else:
            messages.success(request, _("Two-factor authentication is no longer required."))
        return HttpResponseRedirect(reverse("manage_security"))
