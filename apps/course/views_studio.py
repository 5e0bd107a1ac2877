"""Creator studio: courses' outline editor, lesson library, previews, review queue, feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.course import services
from apps.course.forms import (
    CourseSettingsForm,
    LessonForm,
    LessonLibraryFilterForm,
    PlacementAddForm,
    PlacementUpdateForm,
    QuestionForm,
    ReviewForm,
    TitleTierForm,
)
from apps.course.learning import assignment_review
from apps.course.models import OrgLesson
from apps.course.selectors import (
    course_challenge_ratings,
    course_challenge_summary,
    course_get_for_editor,
    course_instructor_ids,
    course_list_for_editor,
    course_outline_for_editor,
    course_skill_weights,
    course_version_refresh,
    lesson_get_for_editor,
    lesson_library,
    lesson_questions,
    lesson_used_in,
    lesson_used_in_map,
    module_get,
    placement_get,
    prefetched_translation,
    section_get,
    submission_get_for_reviewer,
    submission_list_pending_review,
    submission_list_reviewed,
)
from apps.course.views_learning import CourseDetailView, LessonView
from apps.general.tiers import BASE_TIER
from apps.member.models import OrgMember
from apps.member.permissions import OrgRoleRequiredMixin
from apps.member.roles import role_at_least
from apps.member.selectors import instructor_candidates
from apps.skill.selectors import skill_tree
from volmify.files import private_file_response
from volmify.forms import query_read


class StudioMixin(OrgRoleRequiredMixin):
    minimum_role = OrgMember.Role.INSTRUCTOR
    request: HttpRequest

    @property
    def member(self) -> OrgMember:
        return self.request.member  # type: ignore[attr-defined]


class StudioCourseListView(StudioMixin, TemplateView):
    template_name = "studio/course_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["courses"] = course_list_for_editor(member=self.member)
        return context


def _outline_context(course: Any, member: OrgMember) -> dict[str, Any]:
    outline = course_outline_for_editor(course=course)
    return {
        "course": course,
        "outline": outline,
        "library": [
            (lesson.pk, prefetched_translation(lesson, "title"), lesson.get_lesson_type_display())
            for lesson in lesson_library(member=member)
        ],
        "tiers": range(BASE_TIER, outline.max_tier + 1),  # preview as each tier the course uses
    }


class StudioOutlineView(StudioMixin, TemplateView):
    template_name = "studio/outline.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        course = course_get_for_editor(course_id=kwargs["course_id"], member=self.member)
        context.update(_outline_context(course, self.member))
        context["settings_form"] = CourseSettingsForm(
            initial={
                "level": course.level,
                "difficulty": course.difficulty,
                "learning_outcomes": course.safe_translation_getter("learning_outcomes", default=""),
                "prerequisites": course.safe_translation_getter("prerequisites", default=""),
            }
        )
        context["challenge"] = course_challenge_summary(course=course)
        context["skill_weights"] = course_skill_weights(course=course)
        context["skill_choices"] = skill_tree()
        context["ratings"] = course_challenge_ratings(course=course)[:50]
        if role_at_least(self.member.role, OrgMember.Role.ADMIN):
            context["instructor_choices"] = instructor_candidates()
            context["instructor_ids"] = course_instructor_ids(course=course)
        return context


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


class StudioOutlineActionView(StudioMixin, View):
    """One POST endpoint per outline action; htmx gets the outline back, plain forms a redirect."""

    def post(self, request: HttpRequest, course_id: int, action: str) -> HttpResponse:
        course = course_get_for_editor(course_id=course_id, member=self.member)
        handler = getattr(self, "do_" + action.replace("-", "_"), None)
        if handler is None:
            raise Http404
        try:
            handler(course, request.POST)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        course = course_version_refresh(course=course)  # the outline's cache version moved on
        if request.htmx:  # type: ignore[attr-defined]
            return render(request, "studio/_outline.html", _outline_context(course, self.member))
        return redirect("studio_outline", course.pk)

    def do_settings(self, course: Any, data: Any) -> None:
        form = CourseSettingsForm(data)
        if not form.is_valid():
            raise ValidationError(_("Check the course settings: level, and difficulty from 1 to 10."))
        services.course_update(course=course, **form.cleaned_data)

    def do_instructors(self, course: Any, data: Any) -> None:
        member_ids = [_int(value) for value in data.getlist("instructors")]
        services.course_instructors_set(course=course, member_ids=member_ids, actor=self.member)

    def do_skill_add(self, course: Any, data: Any) -> None:
        services.course_skill_add(
            course=course, skill_id=_int(data.get("skill")), weight=_int(data.get("weight"))
        )

    def do_skill_remove(self, course: Any, data: Any) -> None:
        services.course_skill_remove(course=course, skill_id=_int(data.get("skill")))

    def do_module_add(self, course: Any, data: Any) -> None:
        form = self._title_form(data)
        services.module_create(course=course, **form.cleaned_data)

    def do_section_add(self, course: Any, data: Any) -> None:
        form = self._title_form(data)
        module = module_get(course=course, module_id=_int(data.get("module")))
        services.section_create(module=module, **form.cleaned_data)

    def do_rename(self, course: Any, data: Any) -> None:
        form = self._title_form(data)
        if data.get("kind") == "module":
            module = module_get(course=course, module_id=_int(data.get("id")))
            services.module_update(module=module, **form.cleaned_data)
        else:
            section = section_get(course=course, section_id=_int(data.get("id")))
            services.section_update(section=section, **form.cleaned_data)

    def do_placement_add(self, course: Any, data: Any) -> None:
        form = PlacementAddForm(data, lessons=lesson_library(member=self.member))
        if not form.is_valid():
            raise ValidationError(_("Choose a lesson and a valid tier."))
        section = section_get(course=course, section_id=_int(data.get("section")))
        # placing a lesson would make it editable here: only lessons the member may already edit
        lesson = lesson_get_for_editor(lesson_id=form.cleaned_data.pop("lesson"), member=self.member)
        services.placement_create(section=section, lesson=lesson, **form.cleaned_data)

    def do_placement_update(self, course: Any, data: Any) -> None:
        form = PlacementUpdateForm(data)
        if not form.is_valid():
            raise ValidationError(_("Choose a valid tier."))
        placement = placement_get(course=course, placement_id=_int(data.get("id")))
        services.placement_update(placement=placement, **form.cleaned_data)

    def do_move(self, course: Any, data: Any) -> None:
        services.outline_item_move(
            course=course,
            kind=data.get("kind", ""),
            item_id=_int(data.get("id")),
            direction=data.get("direction", ""),
        )

    def do_placement_move(self, course: Any, data: Any) -> None:
        placement = placement_get(course=course, placement_id=_int(data.get("id")))
        section = section_get(course=course, section_id=_int(data.get("section")))
        services.placement_move(course=course, placement=placement, section=section)

    def do_reorder(self, course: Any, data: Any) -> None:
        ids = [_int(value) for value in data.getlist("ids")]
        kind = data.get("kind")
        if kind == "module":
            services.course_modules_reorder(course=course, module_ids=ids)
        elif kind == "section":
            parent = module_get(course=course, module_id=_int(data.get("parent")))
            services.module_sections_reorder(course=course, module=parent, section_ids=ids)
        elif kind == "placement":
            section = section_get(course=course, section_id=_int(data.get("parent")))
            services.section_placements_reorder(course=course, section=section, placement_ids=ids)
        else:
            raise ValidationError(_("Unknown outline item."))

    def do_delete(self, course: Any, data: Any) -> None:
        kind, item_id = data.get("kind"), _int(data.get("id"))
        if kind == "module":
            services.module_delete(module=module_get(course=course, module_id=item_id))
        elif kind == "section":
            services.section_delete(section=section_get(course=course, section_id=item_id))
        elif kind == "placement":
            services.placement_delete(placement=placement_get(course=course, placement_id=item_id))
        else:
            raise ValidationError(_("Unknown outline item."))

    @staticmethod
    def _title_form(data: Any) -> TitleTierForm:
        form = TitleTierForm(data)
        if not form.is_valid():
            raise ValidationError(_("A title is required and the tier must be one of the choices."))
        return form


class StudioPreviewMixin(StudioMixin):
    """Render the learner's page as tier N (``?as=N``) or as a signed-out visitor (``?as=0``)."""

    preview_tier: int | None = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        value = request.GET.get("as", "1")
        self.preview_tier = int(value) if value.isdigit() and int(value) <= 6 else 1
        return super().dispatch(request, *args, **kwargs)


class StudioPreviewCourseView(StudioPreviewMixin, CourseDetailView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        course_get_for_editor(course_id=kwargs["course_id"], member=self.member)
        return super().get_context_data(**kwargs)


class StudioPreviewLessonView(StudioPreviewMixin, LessonView):
    def get(self, request: HttpRequest, course_id: int, placement_id: int) -> HttpResponse:
        course_get_for_editor(course_id=course_id, member=self.member)
        return super().get(request, course_id, placement_id)


# Lesson library ------------------------------------------------------------------------------


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

    def _lesson_and_type(self, request: HttpRequest, lesson_id: int | None) -> tuple[OrgLesson | None, str]:
        if lesson_id is None:
            lesson_type = request.GET.get("type") or request.POST.get("lesson_type", "")
            if lesson_type not in OrgLesson.LessonType.values:
                raise Http404
            return None, lesson_type
        lesson = lesson_get_for_editor(lesson_id=lesson_id, member=self.member)
        return lesson, lesson.lesson_type

    def get(self, request: HttpRequest, lesson_id: int | None = None) -> HttpResponse:
        lesson, lesson_type = self._lesson_and_type(request, lesson_id)
        initial = {}
        if lesson is not None:
            initial = {name: getattr(lesson, name, None) for name in LessonForm.base_fields if name != "file"}
        form = LessonForm(initial=initial, lesson_type=lesson_type)
        return self._render(request, lesson, lesson_type, form)

    def post(self, request: HttpRequest, lesson_id: int | None = None) -> HttpResponse:
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
                    lesson = services.lesson_create(
                        lesson_type=lesson_type,
                        actor=self.member,
                        file=data.get("file"),
                        **common,
                        **form.type_fields(),
                    )
                else:
                    services.lesson_update(
                        lesson=lesson,
                        actor=self.member,
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
        request: HttpRequest,
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
        }
        return render(request, "studio/lesson_edit.html", context, status=status)


class StudioLessonDeleteView(StudioMixin, View):
    def post(self, request: HttpRequest, lesson_id: int) -> HttpResponse:
        lesson = lesson_get_for_editor(lesson_id=lesson_id, member=self.member)
        try:
            services.lesson_delete(lesson=lesson, actor=self.member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("studio_lesson_edit", lesson.pk)
        messages.success(request, _("Lesson deleted."))
        return redirect("studio_lessons")


class StudioQuestionAddView(StudioMixin, View):
    def post(self, request: HttpRequest, lesson_id: int) -> HttpResponse:
        lesson = lesson_get_for_editor(lesson_id=lesson_id, member=self.member)
        form = QuestionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("A question needs a kind and a prompt."))
            return redirect("studio_lesson_edit", lesson.pk)
        try:
            services.quiz_question_create(
                lesson=lesson,
                actor=self.member,
                kind=form.cleaned_data["kind"],
                prompt=form.cleaned_data["prompt"],
                options=form.parsed_options(),
                accepted_answers=form.cleaned_data["accepted_answers"].splitlines(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("studio_lesson_edit", lesson.pk)


# Reviews -------------------------------------------------------------------------------------


class StudioReviewQueueView(StudioMixin, TemplateView):
    template_name = "studio/review_queue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["pending"] = submission_list_pending_review(member=self.member)
        context["reviewed"] = submission_list_reviewed(member=self.member)[:20]
        context["form"] = ReviewForm()
        return context


class StudioSubmissionFileView(StudioMixin, View):
    """A submission's attachment, for those who may review it (404 for everyone else)."""

    def get(self, request: HttpRequest, submission_id: int) -> HttpResponseBase:
        submission = submission_get_for_reviewer(submission_id=submission_id, member=self.member)
        if not submission.file:
            raise Http404
        return private_file_response(submission.file)


class StudioReviewView(StudioMixin, View):
    def post(self, request: HttpRequest, submission_id: int) -> HttpResponse:
        submission = submission_get_for_reviewer(submission_id=submission_id, member=self.member)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("A grade is between 0 and 100."))
            return redirect("studio_reviews")
        assignment_review(submission=submission, reviewer=self.member, **form.cleaned_data)
        messages.success(request, _("Review saved."))
        return redirect("studio_reviews")
