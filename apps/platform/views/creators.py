"""Platform host pages of instructors: answering an invitation, and a profile's public page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django_tenants.utils import schema_context

from apps.course.services.collaborators import collaborator_invitation_accept
from apps.instructor.models import InstructorOrgInvitation
from apps.instructor.money import terms_from_json
from apps.instructor.selectors import (
    invitation_by_token,
    profile_get_public,
    profile_orgs,
    profile_products,
    profile_reputation,
    profiles_of_user,
)
from apps.instructor.services.invitations import invitation_counter_offer, invitation_decline
from apps.instructor.services.profiles import instructor_profile_create
from apps.locale_region.selectors import org_selling_currencies
from apps.member.selectors import manager_emails
from apps.platform.forms import CounterOfferForm, InvitationAnswerForm
from apps.user.models import User
from apps.web.forms import apply_errors
from apps.web.request import signed_in_user


class InvitationView(LoginRequiredMixin, View):
    """The invitee (signed in or just signed up with the invited email) picks a profile and
    accepts, or declines."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        invitation = invitation_by_token(token=token)
        user = signed_in_user(request)
        return self._render(request, invitation, InvitationAnswerForm(profiles=profiles_of_user(user=user)))

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        invitation = invitation_by_token(token=token)
        user = signed_in_user(request)
        form = InvitationAnswerForm(request.POST, profiles=profiles_of_user(user=user))
        if form.is_valid():
            try:
                if "decline" in request.POST:
                    invitation_decline(actor=user, invitation=invitation)
                    messages.info(request, _("You declined the invitation."))
                    return redirect("platform_home")
                with transaction.atomic():  # a refused credit leaves no new profile behind
                    profile = _chosen_profile(user, form)
                    collaborator_invitation_accept(actor=user, invitation=invitation, profile=profile)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(
                    request,
                    _("You now work with %(org)s as %(name)s.")
                    % {"org": invitation.org.name, "name": profile.display_name},
                )
                return redirect("creator_profile", slug=profile.slug)
        return self._render(request, invitation, form, status=400)

    def _render(
        self,
        request: HttpRequest,
        invitation: InstructorOrgInvitation,
        form: InvitationAnswerForm,
        status: int = 200,
        counter_form: CounterOfferForm | None = None,
    ) -> HttpResponse:
        if counter_form is None:
            counter_form = CounterOfferForm(
                profiles=profiles_of_user(user=signed_in_user(request)),
                currencies=_org_currencies(invitation),
                prefix="counter",
                initial=invitation.terms,
            )
        context = {
            "invitation": invitation,
            "terms": terms_from_json(invitation.terms),
            "form": form,
            "counter_form": counter_form,
            "counter_terms": terms_from_json(invitation.counter_terms) if invitation.counter_terms else None,
        }
        return render(request, "platform/invitation.html", context, status=status)


def _chosen_profile(user: User, form: InvitationAnswerForm):
    profile = form.cleaned_data["chosen"]
    if profile is None:
        profile = instructor_profile_create(
            actor=user, user=user, display_name=form.cleaned_data["new_display_name"]
        )
    return profile


def _org_currencies(invitation: InstructorOrgInvitation) -> set[str]:
    with schema_context(invitation.org.schema_name):
        return org_selling_currencies()


class CounterOfferView(InvitationView):
    """The invitee proposes other terms instead of accepting (an admin then answers)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return redirect("instructor_invitation", token=token)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        invitation = invitation_by_token(token=token)
        user = signed_in_user(request)
        currencies = _org_currencies(invitation)
        form = CounterOfferForm(
            request.POST, profiles=profiles_of_user(user=user), currencies=currencies, prefix="counter"
        )
        if form.is_valid():
            with schema_context(invitation.org.schema_name):
                admins = manager_emails()
            try:
                with transaction.atomic():
                    profile = _chosen_profile(user, form)
                    invitation_counter_offer(
                        actor=user,
                        invitation=invitation,
                        profile=profile,
                        selling_currencies=currencies,
                        message=form.cleaned_data["message"],
                        admin_emails=admins,
                        **form.terms(),
                    )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request, _("Your counter-offer was sent to %(org)s.") % {"org": invitation.org.name}
                )
                return redirect("instructor_invitation", token=token)
        answer = InvitationAnswerForm(profiles=profiles_of_user(user=user))
        return self._render(request, invitation, answer, status=400, counter_form=form)


class CreatorProfileView(View):
    """A profile's public page: who they are, the orgs they work with, their published products
    (from the public rollup, one query across orgs) and their reputation."""

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        profile = profile_get_public(slug=slug)
        context = {
            "profile": profile,
            "orgs": profile_orgs(profile=profile),
            "products": profile_products(profile=profile),
            "reputation": profile_reputation(profile=profile),
        }
        return render(request, "platform/creator_profile.html", context)
