"""The studio's view of the instructor's own lesson library across orgs: publishing a lesson of this
org to it, importing a library lesson into this org as a copy, and pulling a copy's update."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.course.selectors.lessons import lesson_get_for_editor
from apps.course.selectors.library import (
    library_copies_here,
    library_lesson_get_own,
    library_lessons_of_user,
    section_get_for_import,
    sections_for_import,
    user_is_affiliated,
)
from apps.course.services.library import lesson_library_import, lesson_library_publish, lesson_library_pull
from apps.instructor.selectors import profiles_of_user
from apps.studio.forms import LibraryImportForm, LibraryPublishForm
from apps.studio.views.base import StudioMixin
from apps.web.request import MemberRequest, request_org


def _refusal(request: MemberRequest, error: ValidationError | PermissionDenied) -> None:
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text or _("You may not do this."))


class StudioLibraryView(StudioMixin, View):
    def get(self, request: MemberRequest) -> HttpResponse:
        org = request_org(request)
        rows = library_lessons_of_user(user=request.user, org=org)
        copies = library_copies_here()
        context: dict[str, Any] = {
            "rows": rows,
            "copies": copies,
            "is_affiliated": user_is_affiliated(user=request.user, org=org),
            "import_form": LibraryImportForm(sections=sections_for_import(member=self.member)),
            "has_profile": bool(profiles_of_user(user=request.user)),
        }
        return render(request, "studio/library.html", context)


class StudioLessonPublishView(StudioMixin, View):
    def post(self, request: MemberRequest, lesson_id: int) -> HttpResponse:
        lesson = lesson_get_for_editor(lesson_id=lesson_id, member=self.member)
        form = LibraryPublishForm(request.POST, profiles=profiles_of_user(user=request.user))
        if not form.is_valid():
            messages.error(request, _("Choose one of your profiles."))
            return redirect("studio_lesson_edit", lesson.pk)
        try:
            snapshot, changed = lesson_library_publish(
                actor=request.user, lesson=lesson, profile_id=form.cleaned_data["profile"]
            )
        except (ValidationError, PermissionDenied) as error:
            _refusal(request, error)
            return redirect("studio_lesson_edit", lesson.pk)
        if changed:
            messages.success(
                request,
                _("Published to your library as version %(version)d.") % {"version": snapshot.version},
            )
        else:
            messages.info(
                request,
                _("Your library already has this content (version %(version)d).")
                % {"version": snapshot.version},
            )
        return redirect("studio_library")


class StudioLibraryImportView(StudioMixin, View):
    def post(self, request: MemberRequest, library_lesson_id: int) -> HttpResponse:
        snapshot = library_lesson_get_own(user=request.user, library_lesson_id=library_lesson_id)
        form = LibraryImportForm(request.POST, sections=sections_for_import(member=self.member))
        if not form.is_valid():
            messages.error(request, _("Choose a section of a course you edit, or none."))
            return redirect("studio_library")
        section_id = form.cleaned_data["section"]
        section = section_get_for_import(member=self.member, section_id=section_id) if section_id else None
        try:
            lesson = lesson_library_import(actor=request.user, library_lesson=snapshot, section=section)
        except (ValidationError, PermissionDenied) as error:
            _refusal(request, error)
            return redirect("studio_library")
        messages.success(request, _("Imported “%(title)s” into this organization.") % {"title": lesson})
        return redirect("studio_lesson_edit", lesson.pk)


class StudioLessonPullView(StudioMixin, View):
    """GET asks to confirm (the copy's own edits are replaced); POST pulls."""

    def get(self, request: MemberRequest, lesson_id: int) -> HttpResponse:
        lesson = lesson_get_for_editor(lesson_id=lesson_id, member=self.member)
        rows = library_copies_here(lesson_ids=[lesson.pk])
        version = rows[0].latest_version if rows else None
        context = {
            "question": _("Pull the library's update into “%(title)s”?") % {"title": lesson},
            "consequence": _(
                "This lesson becomes the library's version %(version)s: its text, settings and quiz "
                "questions are replaced, and changes made here since the import are lost. Learners' "
                "attempts on questions that stay keep their answers."
            )
            % {"version": version or "?"},
            "button": _("Pull update"),
            "back": reverse("studio_library"),
        }
        return render(request, "console/confirm.html", context)

    def post(self, request: MemberRequest, lesson_id: int) -> HttpResponse:
        lesson = lesson_get_for_editor(lesson_id=lesson_id, member=self.member)
        try:
            lesson_library_pull(actor=request.user, lesson=lesson)
        except (ValidationError, PermissionDenied) as error:
            _refusal(request, error)
            return redirect("studio_library")
        messages.success(request, _("“%(title)s” now has the library's latest version.") % {"title": lesson})
        return redirect("studio_lesson_edit", lesson.pk)
