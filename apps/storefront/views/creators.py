"""Applying to teach with the org, from its storefront (an admin approves or declines in /manage/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from apps.instructor.selectors import profiles_of_user
from apps.instructor.services.invitations import application_create
from apps.instructor.services.profiles import instructor_profile_create
from apps.member.selectors import manager_emails
from apps.web.request import request_org, signed_in_user


class ApplicationForm(forms.Form):
    profile = forms.ChoiceField(label=gettext_lazy("Apply as"), widget=forms.RadioSelect)
    new_display_name = forms.CharField(
        label=gettext_lazy("Name of the new profile"), max_length=120, required=False
    )
    message = forms.CharField(
        label=gettext_lazy("What would you teach?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, profiles, **kwargs):
        super().__init__(*args, **kwargs)
        self.profiles = {str(profile.pk): profile for profile in profiles}
        self.fields["profile"].choices = [  # type: ignore[attr-defined]
            *((key, profile.display_name) for key, profile in self.profiles.items()),
            ("new", gettext_lazy("A new profile")),
        ]
        self.fields["profile"].initial = next(iter(self.profiles), "new")

    def clean(self):
        data = super().clean() or {}
        data["chosen"] = self.profiles.get(data.get("profile") or "")
        if data["chosen"] is None and not (data.get("new_display_name") or "").strip():
            raise forms.ValidationError(_("Choose one of your profiles or name a new one."))
        return data


class CreatorApplyView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        form = ApplicationForm(profiles=profiles_of_user(user=signed_in_user(request)))
        return render(request, "storefront/creator_apply.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = ApplicationForm(request.POST, profiles=profiles_of_user(user=user))
        if form.is_valid():
            try:
                profile = form.cleaned_data["chosen"] or instructor_profile_create(
                    actor=user, user=user, display_name=form.cleaned_data["new_display_name"]
                )
                application_create(
                    actor=user,
                    profile=profile,
                    org=request_org(request),
                    message=form.cleaned_data["message"],
                    admin_emails=manager_emails(),
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("Application sent. The organization will answer by email."))
                return HttpResponseRedirect("/")
        return render(request, "storefront/creator_apply.html", {"form": form}, status=400)
