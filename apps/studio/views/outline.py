"""The studio's course list and outline editor: modules, sections, placed lessons, settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from apps.course.selectors.catalog import course_skill_weights
from apps.course.selectors.editor import (
    course_get_for_editor,
    course_instructor_ids,
    course_list_for_editor,
    course_outline_for_editor,
    course_version_refresh,
)
from apps.course.selectors.lessons import lesson_get_for_editor, lesson_library
from apps.course.selectors.outline import module_get, placement_get, section_get
from apps.course.selectors.ratings import course_challenge_ratings, course_challenge_summary
from apps.course.services import outline as outline_writes
from apps.course.services.courses import (
    course_instructors_set,
    course_skill_add,
    course_skill_remove,
    course_update,
)
from apps.general.tiers import BASE_TIER
from apps.locale_region.fallback import locale_chain_for_console, translation_text
from apps.member.models import OrgMember
from apps.member.roles import role_at_least
from apps.member.selectors import instructor_candidates
from apps.skill.selectors import skill_tree
from apps.studio.forms import (
    TIER_CHOICES,
    CourseSettingsForm,
    PlacementAddForm,
    PlacementUpdateForm,
    TitleTierForm,
)
from apps.studio.views.base import StudioMixin
from apps.user.models import User
from apps.web.request import MemberRequest, request_market


class StudioCourseListView(StudioMixin, TemplateView):
    template_name = "studio/course_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["courses"] = course_list_for_editor(member=self.member)
        return context


def _content_chain(request: HttpRequest) -> tuple[str, ...]:
    """The locales the studio shows course content in: the interface language first, since the
    studio writes content in it, then the org's (``locale_chain_for_console``)."""
    return locale_chain_for_console(request_market(request), interface_language=get_language())


def _outline_context(request: HttpRequest, course: Any, member: OrgMember) -> dict[str, Any]:
    outline = course_outline_for_editor(course=course, chain=_content_chain(request))
    return {
        "course": course,
        "outline": outline,
        "tier_choices": TIER_CHOICES,
        "tiers": range(BASE_TIER, outline.max_tier + 1),  # preview as each tier the course uses
    }


def _library_choices(request: HttpRequest, member: OrgMember) -> list[tuple[int, str, str]]:
    chain = _content_chain(request)
    return [
        (lesson.pk, translation_text(lesson, "title", chain=chain), lesson.get_lesson_type_display())
        for lesson in lesson_library(member=member)
    ]


class StudioOutlineView(StudioMixin, TemplateView):
    template_name = "studio/outline.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        course = course_get_for_editor(course_id=kwargs["course_id"], member=self.member)
        context.update(_outline_context(self.request, course, self.member))
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

    def post(self, request: MemberRequest, course_id: int, action: str) -> HttpResponse:
        course = course_get_for_editor(course_id=course_id, member=self.member)
        handler = getattr(self, "do_" + action.replace("-", "_"), None)
        if handler is None:
            raise Http404
        try:
            handler(request.user, course, request.POST)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        course = course_version_refresh(course=course)  # the outline's cache version moved on
        if request.htmx:
            return render(request, "studio/_outline.html", _outline_context(request, course, self.member))
        return redirect("studio_outline", course.pk)

    def do_settings(self, actor: User, course: Any, data: Any) -> None:
        form = CourseSettingsForm(data)
        if not form.is_valid():
            raise ValidationError(_("Check the course settings: level, and difficulty from 1 to 10."))
        course_update(actor=actor, course=course, **form.cleaned_data)

    def do_instructors(self, actor: User, course: Any, data: Any) -> None:
        member_ids = [_int(value) for value in data.getlist("instructors")]
        course_instructors_set(actor=actor, course=course, member_ids=member_ids)

    def do_skill_add(self, actor: User, course: Any, data: Any) -> None:
        course_skill_add(
            actor=actor,
            course=course,
            skill_id=_int(data.get("skill")),
            weight=_int(data.get("weight")),
        )

    def do_skill_remove(self, actor: User, course: Any, data: Any) -> None:
        course_skill_remove(actor=actor, course=course, skill_id=_int(data.get("skill")))

    def do_module_add(self, actor: User, course: Any, data: Any) -> None:
        form = self._title_form(data)
        outline_writes.module_create(actor=actor, course=course, **form.cleaned_data)

    def do_section_add(self, actor: User, course: Any, data: Any) -> None:
        form = self._title_form(data)
        module = module_get(course=course, module_id=_int(data.get("module")))
        outline_writes.section_create(actor=actor, module=module, **form.cleaned_data)

    def do_rename(self, actor: User, course: Any, data: Any) -> None:
        form = self._title_form(data)
        if data.get("kind") == "module":
            module = module_get(course=course, module_id=_int(data.get("id")))
            outline_writes.module_update(actor=actor, module=module, **form.cleaned_data)
        else:
            section = section_get(course=course, section_id=_int(data.get("id")))
            outline_writes.section_update(actor=actor, section=section, **form.cleaned_data)

    def do_placement_add(self, actor: User, course: Any, data: Any) -> None:
        form = PlacementAddForm(data, lessons=lesson_library(member=self.member))
        if not form.is_valid():
            raise ValidationError(_("Choose a lesson and a valid tier."))
        section = section_get(course=course, section_id=_int(data.get("section")))
        # placing a lesson would make it editable here: only lessons the member may already edit
        lesson = lesson_get_for_editor(lesson_id=form.cleaned_data.pop("lesson"), member=self.member)
        outline_writes.placement_create(actor=actor, section=section, lesson=lesson, **form.cleaned_data)

    def do_placement_update(self, actor: User, course: Any, data: Any) -> None:
        form = PlacementUpdateForm(data)
        if not form.is_valid():
            raise ValidationError(_("Choose a valid tier."))
        placement = placement_get(course=course, placement_id=_int(data.get("id")))
        outline_writes.placement_update(actor=actor, placement=placement, **form.cleaned_data)

    def do_move(self, actor: User, course: Any, data: Any) -> None:
        outline_writes.outline_item_move(
            actor=actor,
            course=course,
            kind=data.get("kind", ""),
            item_id=_int(data.get("id")),
            direction=data.get("direction", ""),
        )

    def do_placement_move(self, actor: User, course: Any, data: Any) -> None:
        placement = placement_get(course=course, placement_id=_int(data.get("id")))
        section = section_get(course=course, section_id=_int(data.get("section")))
        outline_writes.placement_move(actor=actor, course=course, placement=placement, section=section)

    def do_reorder(self, actor: User, course: Any, data: Any) -> None:
        ids = [_int(value) for value in data.getlist("ids")]
        kind = data.get("kind")
        if kind == "module":
            outline_writes.course_modules_reorder(actor=actor, course=course, module_ids=ids)
        elif kind == "section":
            parent = module_get(course=course, module_id=_int(data.get("parent")))
            outline_writes.module_sections_reorder(actor=actor, course=course, module=parent, section_ids=ids)
        elif kind == "placement":
            section = section_get(course=course, section_id=_int(data.get("parent")))
            outline_writes.section_placements_reorder(
                actor=actor, course=course, section=section, placement_ids=ids
            )
        else:
            raise ValidationError(_("Unknown outline item."))

    def do_bulk_tier(self, actor: User, course: Any, data: Any) -> None:
        form = PlacementUpdateForm({"required_access_tier": data.get("required_access_tier", "")})
        if not form.is_valid():
            raise ValidationError(_("Choose a valid tier."))
        changed = outline_writes.placements_tier_set(
            actor=actor,
            course=course,
            placement_ids=[_int(value) for value in data.getlist("ids")],
            required_access_tier=form.cleaned_data["required_access_tier"],
        )
        message = ngettext(
            "The tier of %(count)d lesson changed.", "The tier of %(count)d lessons changed.", changed
        )
        messages.success(self.request, message % {"count": changed})

    def do_delete(self, actor: User, course: Any, data: Any) -> None:
        kind, item_id = data.get("kind"), _int(data.get("id"))
        if kind == "module":
            outline_writes.module_delete(actor=actor, module=module_get(course=course, module_id=item_id))
        elif kind == "section":
            outline_writes.section_delete(actor=actor, section=section_get(course=course, section_id=item_id))
        elif kind == "placement":
            outline_writes.placement_delete(
                actor=actor, placement=placement_get(course=course, placement_id=item_id)
            )
        else:
            raise ValidationError(_("Unknown outline item."))

    @staticmethod
    def _title_form(data: Any) -> TitleTierForm:
        form = TitleTierForm(data)
        if not form.is_valid():
            raise ValidationError(_("A title is required and the tier must be one of the choices."))
        return form


PANELS = {
    ("module", "edit"),
    ("section", "edit"),
    ("placement", "edit"),
    ("module", "add"),
    ("section", "add"),
}
PANELS |= {(kind, "remove") for kind in ("module", "section", "placement")}


def _outline_item(outline: Any, kind: str, item_id: int) -> tuple[Any, Any, Any]:
    """(module, section, placement) nodes of the outline down to the item, or 404 when it is not
    in this course: the outline is the course's own, so another course's ids are never found."""
    for module in outline.modules:
        if kind == "module" and module.module_id == item_id:
            return module, None, None
        for section in module.sections:
            if kind == "section" and section.section_id == item_id:
                return module, section, None
            for node in section.placements:
                if kind == "placement" and node.placement_id == item_id:
                    return module, section, node
    raise Http404


class StudioOutlinePanelView(StudioMixin, TemplateView):
    """The side panel of one outline item: its edit form, the form adding a section or a lesson
    into it, or the question before removing it. htmx loads it beside the outline; without
    JavaScript it is a page of its own."""

    def get_template_names(self) -> list[str]:
        is_htmx = bool(getattr(self.request, "htmx", False))
        return ["studio/_panel.html" if is_htmx else "studio/panel_page.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind, panel = kwargs["kind"], kwargs["panel"]
        if (kind, panel) not in PANELS:
            raise Http404
        course = course_get_for_editor(course_id=kwargs["course_id"], member=self.member)
        outline = course_outline_for_editor(course=course, chain=_content_chain(self.request))
        module, section, node = _outline_item(outline, kind, kwargs["item_id"])
        item = node or section or module
        context.update(
            course=course,
            outline=outline,
            kind=kind,
            panel=panel,
            item_id=kwargs["item_id"],
            item=item,
            module_node=module,
            section_node=section,
            tier_choices=TIER_CHOICES,
        )
        if kind == "section" and panel == "add":
            context["library"] = _library_choices(self.request, self.member)
        return context
