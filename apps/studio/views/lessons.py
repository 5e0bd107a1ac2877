"""The studio's lesson library: the list, creating and editing a lesson, its quiz questions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.course.models import OrgLesson
from apps.course.selectors.assessments import lesson_questions
from apps.course.selectors.lessons import (
    lesson_get_for_editor,
    lesson_library,
    lesson_used_in,
    lesson_used_in_map,
)
from apps.course.selectors.library import lesson_library_status
from apps.course.services.lessons import lesson_create, lesson_delete, lesson_update, quiz_question_create
from apps.studio.forms import LessonForm, LessonLibraryFilterForm, QuestionForm
from apps.studio.views.base import StudioMixin
from apps.web.request import MemberRequest, request_org
from volmify.forms import query_read


class StudioLessonLibraryView(StudioMixin, TemplateView):
    template_name = "studio/lesson_library.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.query, status = query_read(LessonLibraryFilterForm, request)
        response = super().get(request, *args, **kwargs)
        response.status_code = status
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        search, lesson_type = (self.query.get("q") or "").strip(), self.query.get("type") or ""
        lessons = list(lesson_library(member=self.member, search=search, lesson_type=lesson_type)[:200])
        used = lesson_used_in_map(lesson_ids=[lesson.pk for lesson in lessons])
        context.update(
            rows=[(lesson, used.get(lesson.pk, [])) for lesson in lessons],
            search=search,
            lesson_type=lesson_type,
            types=OrgLesson.LessonType.choices,
        )
        return context


class StudioLessonEditView(StudioMixin, View):
    """Create (``lesson_id`` absent, ``?type=``) or edit a library lesson."""

    def _lesson_and_type(self, request: MemberRequest, lesson_id: int | None) -> tuple[OrgLesson | None, str]:
        if lesson_id is None:
            lesson_type = request.GET.get("type") or request.POST.get("lesson_type", "")
            if lesson_type not in OrgLesson.LessonType.values:
                raise Http404
            return None, lesson_type
        lesson = lesson_get_for_editor(lesson_id=lesson_id, member=self.member)
        return lesson, lesson.lesson_type

    def get(self, request: MemberRequest, lesson_id: int | None = None) -> HttpResponse:
        lesson, lesson_type = self._lesson_and_type(request, lesson_id)
        initial = {}
        if lesson is not None:
            initial = {name: getattr(lesson, name, None) for name in LessonForm.base_fields if name != "file"}
        form = LessonForm(initial=initial, lesson_type=lesson_type)
        return self._render(request, lesson, lesson_type, form)

    def post(self, request: MemberRequest, lesson_id: int | None = None) -> HttpResponse:
        lesson, lesson_type = self._lesson_and_type(request, lesson_id)
        form = LessonForm(request.POST, request.FILES, lesson_type=lesson_type)
        if form.is_valid():
            data = form.cleaned_data
            common = {
                "title": data["title"],
                "summary": data["summary"],
                "body_markdown": data["body_markdown"],
            }
            try:
                if lesson is None:
                    lesson = lesson_create(
                        actor=request.user,
                        lesson_type=lesson_type,
                        file=data.get("file"),
                        **common,
                        **form.type_fields(),
                    )
                else:
                    lesson_update(
                        actor=request.user,
                        lesson=lesson,
                        file=data.get("file"),
                        **common,
                        **form.type_fields(),
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Lesson saved."))
                return redirect("studio_lesson_edit", lesson.pk)
        return self._render(request, lesson, lesson_type, form, status=400)

    def _render(
        self,
        request: MemberRequest,
        lesson: OrgLesson | None,
        lesson_type: str,
        form: LessonForm,
        status: int = 200,
    ) -> HttpResponse:
        context = {
            "lesson": lesson,
            "lesson_type": lesson_type,
            "lesson_type_label": OrgLesson.LessonType(lesson_type).label,
            "form": form,
            "question_form": QuestionForm(),
            "questions": lesson_questions(lesson=lesson) if lesson else [],
            "used_in": lesson_used_in(lesson_id=lesson.pk) if lesson else [],
            "library": (
                lesson_library_status(lesson=lesson, user=request.user, org=request_org(request))
                if lesson
                else None
            ),
        }
        return render(request, "studio/lesson_edit.html", context, status=status)


class StudioLessonDeleteView(StudioMixin, View):
    def post(self, request: MemberRequest, lesson_id: int) -> HttpResponse:
        lesson = lesson_get_for_editor(lesson_id=lesson_id, member=self.member)
        try:
            lesson_delete(actor=request.user, lesson=lesson)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("studio_lesson_edit", lesson.pk)
        messages.success(request, _("Lesson deleted."))
        return redirect("studio_lessons")


class StudioQuestionAddView(StudioMixin, View):
    def post(self, request: MemberRequest, lesson_id: int) -> HttpResponse:
        lesson = lesson_get_for_editor(lesson_id=lesson_id, member=self.member)
        form = QuestionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("A question needs a kind and a prompt."))
            return redirect("studio_lesson_edit", lesson.pk)
        try:
            quiz_question_create(
                actor=request.user,
                lesson=lesson,
                kind=form.cleaned_data["kind"],
                prompt=form.cleaned_data["prompt"],
                options=form.parsed_options(),
                accepted_answers=form.cleaned_data["accepted_answers"].splitlines(),
                explanation=form.cleaned_data["explanation"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("studio_lesson_edit", lesson.pk)
