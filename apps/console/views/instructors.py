"""Org console (/manage/instructors/): the org's instructors, their affiliations and compensation
history, invitations and approvals, applications."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.console.forms.instructors import AffiliationStatusForm, InvitationForm, TermsForm
from apps.console.views.base import ConsoleView, apply_errors, messages_from, redirect
from apps.course.services.collaborators import collaborator_counter_offer_accept
from apps.instructor.money import terms_from_json
from apps.instructor.selectors import (
    affiliation_get_for_org,
    affiliations_for_org,
    compensation_history,
    invitation_get_for_org,
    invitations_for_org,
)
from apps.instructor.services.affiliations import affiliation_status_set, compensation_set
from apps.instructor.services.invitations import (
    application_approve,
    application_decline,
    counter_offer_decline,
    invitation_approve,
    invitation_create,
    invitation_reject,
    invitation_revoke,
)
from apps.locale_region.selectors import org_selling_currencies
from apps.web.request import MemberRequest, request_org


class InstructorListView(ConsoleView):
    """Affiliations (with their terms in force and history), invitations, and the invite form."""

    def get(self, request: MemberRequest) -> HttpResponse:
        return self._render(request, InvitationForm(currencies=org_selling_currencies()))

    def post(self, request: MemberRequest) -> HttpResponse:
        currencies = org_selling_currencies()
        form = InvitationForm(request.POST, currencies=currencies)
        if form.is_valid():
            try:
                invitation_create(
                    actor=request.user,
                    org=request_org(request),
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    message=form.cleaned_data["message"],
                    by_admin=True,
                    selling_currencies=currencies,
                    language=get_language() or "en",
                    **form.terms(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Invitation sent."))
                return redirect(request, reverse("manage_instructors"))
        return self._render(request, form, status=400)

    def _render(self, request: MemberRequest, form: InvitationForm, status: int = 200) -> HttpResponse:
        org = request_org(request)
        invitations = [
            (invitation, terms_from_json(invitation.counter_terms) if invitation.counter_terms else None)
            for invitation in invitations_for_org(org=org)
        ]
        context = {
            "affiliations": affiliations_for_org(org=org),
            "invitations": invitations,
            "form": form,
        }
        return render(request, "console/instructors.html", context, status=status)


class AffiliationDetailView(ConsoleView):
    """One affiliation: its compensation history, new terms from a date, its status."""

    def get(self, request: MemberRequest, affiliation_id: int) -> HttpResponse:
        affiliation = affiliation_get_for_org(org=request_org(request), affiliation_id=affiliation_id)
        return self._render(request, affiliation, TermsForm(currencies=org_selling_currencies()))

    def post(self, request: MemberRequest, affiliation_id: int) -> HttpResponse:
        affiliation = affiliation_get_for_org(org=request_org(request), affiliation_id=affiliation_id)
        currencies = org_selling_currencies()
        form = TermsForm(request.POST, currencies=currencies)
        if form.is_valid():
            try:
                if affiliation.status == affiliation.Status.AWAITING_APPROVAL:
                    application_approve(
                        actor=request.user,
                        affiliation=affiliation,
                        selling_currencies=currencies,
                        **form.terms(),
                    )
                else:
                    compensation_set(
                        actor=request.user,
                        affiliation=affiliation,
                        selling_currencies=currencies,
                        **form.terms(),
                    )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Compensation saved."))
                return redirect(request, reverse("manage_affiliation", args=[affiliation.pk]))
        return self._render(request, affiliation, form, status=400)

    def _render(
        self, request: MemberRequest, affiliation: Any, form: TermsForm, status: int = 200
    ) -> HttpResponse:
        context = {
            "affiliation": affiliation,
            "history": compensation_history(affiliation=affiliation),
            "form": form,
            "status_form": AffiliationStatusForm(initial={"status": affiliation.status}),
        }
        return render(request, "console/affiliation_detail.html", context, status=status)


class AffiliationStatusView(ConsoleView):
    def post(self, request: MemberRequest, affiliation_id: int) -> HttpResponse:
        affiliation = affiliation_get_for_org(org=request_org(request), affiliation_id=affiliation_id)
        form = AffiliationStatusForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(_("Choose a status."))
            if (
                affiliation.status == affiliation.Status.AWAITING_APPROVAL
                and form.cleaned_data["status"] == "ended"
            ):
                application_decline(actor=request.user, affiliation=affiliation)
            else:
                affiliation_status_set(
                    actor=request.user, affiliation=affiliation, status=form.cleaned_data["status"]
                )
        except ValidationError as error:
            messages_from(request, error)
        else:
            messages.success(request, _("Status changed."))
        return redirect(request, reverse("manage_affiliation", args=[affiliation.pk]))


INVITATION_ACTIONS = {
    "approve": invitation_approve,
    "reject": invitation_reject,
    "revoke": invitation_revoke,
    "counter-accept": collaborator_counter_offer_accept,
    "counter-decline": counter_offer_decline,
}


class InvitationActionView(ConsoleView):
    """Approve (send), reject or revoke an invitation; accept or decline its counter-offer."""

    def post(self, request: MemberRequest, invitation_id: int, action: str) -> HttpResponse:
        invitation = invitation_get_for_org(org=request_org(request), invitation_id=invitation_id)
        service = INVITATION_ACTIONS.get(action)
        if service is None:
            messages.error(request, _("Unknown action."))
            return redirect(request, reverse("manage_instructors"))
        try:
            service(actor=request.user, invitation=invitation)
        except ValidationError as error:
            messages_from(request, error)
        else:
            messages.success(request, _("Invitation updated."))
        return redirect(request, reverse("manage_instructors"))
