"""Inviting a collaborator onto a course from the studio: an email, proposed terms and a share of
the course's creators' pool. An instructor's invitation waits for an admin other than them; on
accepting, the invitee is credited on the course and may edit it here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from apps.course.selectors.editor import course_get_for_editor
from apps.instructor.selectors import invitations_for_product
from apps.instructor.services.invitations import invitation_create
from apps.locale_region.selectors import org_selling_currencies
from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.selectors import manager_emails
from apps.studio.forms import CollaboratorInvitationForm
from apps.studio.views.base import StudioMixin
from apps.web.forms import apply_errors
from apps.web.request import MemberRequest, request_org


class StudioCollaboratorsView(StudioMixin, View):
    def get(self, request: MemberRequest, course_id: int) -> HttpResponse:
        course = course_get_for_editor(course_id=course_id, member=self.member)
        return self._render(request, course, CollaboratorInvitationForm(currencies=org_selling_currencies()))

    def post(self, request: MemberRequest, course_id: int) -> HttpResponse:
        course = course_get_for_editor(course_id=course_id, member=self.member)
        currencies = org_selling_currencies()
        form = CollaboratorInvitationForm(request.POST, currencies=currencies)
        if form.is_valid():
            by_admin = role_at_least(self.member.role, OrgMember.Role.ADMIN)
            try:
                invitation_create(
                    actor=request.user,
                    org=request_org(request),
                    email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    by_admin=by_admin,
                    selling_currencies=currencies,
                    language=get_language() or "en",
                    product_id=course.pk,
                    share_percent=form.cleaned_data["share_percent"].strip(),
                    admin_emails=manager_emails(),
                    **form.terms(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Invitation sent.")
                    if by_admin
                    else _("Invitation made: it is sent once an admin of the organization approves it."),
                )
                return redirect("studio_collaborators", course_id=course.pk)
        return self._render(request, course, form, status=400)

    def _render(
        self, request: MemberRequest, course, form: CollaboratorInvitationForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "course": course,
            "form": form,
            "invitations": invitations_for_product(org=request_org(request), product_id=course.pk),
        }
        return render(request, "studio/collaborators.html", context, status=status)
