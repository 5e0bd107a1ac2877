"""/manage/ enrollments: admins grant, change and revoke course access by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.console.forms.enrollments import EnrollmentChangeForm, EnrollmentGrantForm
from apps.console.views.base import ConsoleView, list_page, list_search
from apps.course.selectors.catalog import course_get, course_list
from apps.course.selectors.enrollments import enrollment_get, enrollment_list
from apps.course.services.enrollments import enrollment_change, enrollment_grant, enrollment_revoke
from apps.member.selectors import member_get, member_list
from apps.web.request import MemberRequest

ENROLLMENT_PAGE_SIZE = 50


class ManageEnrollmentListView(ConsoleView):
    template_name = "console/enrollment_list.html"

    def _form(self, data: Any = None) -> EnrollmentGrantForm:
        return EnrollmentGrantForm(data, members=member_list(), courses=course_list())

    def _render(self, request: MemberRequest, form: EnrollmentGrantForm, status: int = 200) -> HttpResponse:
        search, search_status = list_search(request)
        context = {
            "form": form,
            **list_page(request, enrollment_list(search=search), per_page=ENROLLMENT_PAGE_SIZE),
        }
        return render(request, self.template_name, context, status=max(status, search_status))

    def get(self, request: MemberRequest) -> HttpResponse:
        return self._render(request, self._form())

    def post(self, request: MemberRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                enrollment_grant(
                    member=member_get(member_id=form.cleaned_data["member"]),
                    course=course_get(course_id=form.cleaned_data["course"]),
                    access_tier=form.cleaned_data["access_tier"],
                    ends_at=form.cleaned_data["ends_at"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Enrollment granted."))
                return redirect("manage_enrollments")
        return self._render(request, form, status=400)


class ManageEnrollmentChangeView(ConsoleView):
    def get(self, request: MemberRequest, enrollment_id: int) -> HttpResponse:
        enrollment = enrollment_get(enrollment_id=enrollment_id)
        form = EnrollmentChangeForm(
            initial={"access_tier": enrollment.access_tier, "ends_at": enrollment.ends_at}
        )
        return render(request, "console/enrollment_change.html", {"form": form, "enrollment": enrollment})

    def post(self, request: MemberRequest, enrollment_id: int) -> HttpResponse:
        enrollment = enrollment_get(enrollment_id=enrollment_id)
        form = EnrollmentChangeForm(request.POST)
        if form.is_valid():
            try:
                enrollment_change(actor=request.user, enrollment=enrollment, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Enrollment changed."))
                return redirect("manage_enrollments")
        context = {"form": form, "enrollment": enrollment}
        return render(request, "console/enrollment_change.html", context, status=400)


class ManageEnrollmentRevokeView(ConsoleView):
    """Revoking ends a learner's access at once, so the list links to this confirmation first."""

    def get(self, request: MemberRequest, enrollment_id: int) -> HttpResponse:
        enrollment = enrollment_get(enrollment_id=enrollment_id)
        if enrollment.revoked_at is not None:
            return redirect("manage_enrollments")
        return render(request, "console/enrollment_revoke.html", {"enrollment": enrollment})

    def post(self, request: MemberRequest, enrollment_id: int) -> HttpResponse:
        enrollment = enrollment_get(enrollment_id=enrollment_id)
        enrollment_revoke(actor=request.user, enrollment=enrollment)
        messages.success(request, _("Enrollment revoked."))
        return redirect("manage_enrollments")
