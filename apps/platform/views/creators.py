"""Platform host pages of instructors: answering an invitation, and a profile's public page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

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
from apps.instructor.services.invitations import invitation_accept, invitation_decline
from apps.instructor.services.profiles import instructor_profile_create
from apps.platform.forms import InvitationAnswerForm
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
                profile = form.cleaned_data["chosen"]
                if profile is None:
                    profile = instructor_profile_create(
                        actor=user, user=user, display_name=form.cleaned_data["new_display_name"]
                    )
                invitation_accept(actor=user, invitation=invitation, profile=profile)
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
    ) -> HttpResponse:
        context = {"invitation": invitation, "terms": terms_from_json(invitation.terms), "form": form}
        return render(request, "platform/invitation.html", context, status=status)


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
