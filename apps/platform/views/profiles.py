"""The signed-in user's instructor profiles on the platform host: list, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from apps.instructor.models import UserInstructorProfile
from apps.instructor.selectors import profile_get_own, profiles_of_user
from apps.instructor.services.profiles import (
    PROFILE_LANGUAGES,
    instructor_profile_create,
    instructor_profile_update,
)
from apps.platform.profile_forms import LANGUAGE_NAMES, ProfileForm, links_as_text
from apps.web.request import signed_in_user


def _language(request: HttpRequest) -> str:
    language = request.GET.get("lang") or request.POST.get("language") or "en"
    return language if language in PROFILE_LANGUAGES else "en"


def _render(
    request: HttpRequest,
    form: ProfileForm,
    profile: UserInstructorProfile | None,
    language: str,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "profile": profile,
        "language": language,
        "languages": [(code, LANGUAGE_NAMES[code]) for code in PROFILE_LANGUAGES],
    }
    return render(request, "platform/profiles/edit.html", context, status=status)


class ProfileListView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        profiles = profiles_of_user(user=signed_in_user(request))
        return render(request, "platform/profiles/list.html", {"profiles": profiles})


class ProfileCreateView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        language = _language(request)
        return _render(
            request, ProfileForm(initial={"language": language, "is_public": True}), None, language
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        user = signed_in_user(request)
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                profile = instructor_profile_create(
                    actor=user,
                    user=user,
                    display_name=data["display_name"],
                    headline=data["headline"],
                    bio=data["bio"],
                    language=data["language"],
                    slug=data["slug"],
                    skill_ids=[skill.pk for skill in data["skills"]],
                    links=data["links"],
                    is_public=data["is_public"],
                    photo=data["photo"],
                )
            except ValidationError as error:
                form.service_error(error)
            else:
                messages.success(request, _("Profile created."))
                return redirect("creator_profile_edit", profile_id=profile.pk)
        return _render(request, form, None, _language(request), status=400)


class ProfileEditView(LoginRequiredMixin, View):
    """One of the user's own profiles; another user's is the same 404 as a missing one."""

    def get(self, request: HttpRequest, profile_id: int) -> HttpResponse:
        profile = profile_get_own(user=signed_in_user(request), profile_id=profile_id)
        language = _language(request)
        bio = profile.safe_translation_getter("bio", language_code=language, any_language=False) or ""
        initial = {
            "display_name": profile.display_name,
            "headline": profile.headline,
            "slug": profile.slug,
            "language": language,
            "bio": bio,
            "skills": list(profile.skills.all()),
            "links": links_as_text(profile.links),
            "is_public": profile.is_public,
        }
        return _render(request, ProfileForm(initial=initial), profile, language)

    def post(self, request: HttpRequest, profile_id: int) -> HttpResponse:
        user = signed_in_user(request)
        profile = profile_get_own(user=user, profile_id=profile_id)
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                instructor_profile_update(
                    actor=user,
                    profile=profile,
                    language=data["language"],
                    display_name=data["display_name"],
                    headline=data["headline"],
                    slug=data["slug"] or profile.slug,
                    bio=data["bio"],
                    skill_ids=[skill.pk for skill in data["skills"]],
                    links=data["links"],
                    is_public=data["is_public"],
                    photo=data["photo"],
                )
            except ValidationError as error:
                profile.refresh_from_db()
                form.service_error(error)
            else:
                messages.success(request, _("Profile saved."))
                return redirect(f"{request.path}?lang={data['language']}")
        return _render(request, form, profile, _language(request), status=400)
