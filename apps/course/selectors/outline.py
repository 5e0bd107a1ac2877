"""The course outline: one tree of plain data read by the studio's editor, the course page and the player.

The tree (modules, sections, placed lessons, each with its title and effective
tier) is built by one builder in a fixed 6 queries whatever the course's size,
and cached per course version (``updated_at``, bumped by every service that
changes the outline or a placed lesson) and translation chain. It holds no
model instances (unpickling those cost more than a page) and its nodes are
named tuples, which unpickle in about half the time of dataclasses: the player
reads the tree back on every lesson page it renders. The learner's tier is
applied on the way out (``Outline.at_tier``) without copying the tree: which
lessons it opens, the previous and next of a lesson and the highest tier are
defined here once.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from apps.course.models import (
    OrgLesson,
    OrgProductCourse,
    OrgProductCourseModule,
    OrgProductCourseModuleSection,
    OrgProductCourseModuleSectionLesson,
)
from apps.course.tiers import can_open, effective_tier
from apps.general.tiers import BASE_TIER
from apps.locale_region.fallback import translation_text

Placement = OrgProductCourseModuleSectionLesson

OUTLINE_CACHE_SECONDS = 3600


class OutlinePlacement(NamedTuple):
    """A placed lesson. ``tier`` is the effective one (the highest along its path);
    ``required_access_tier`` the placement's own, as the studio edits it."""

    placement_id: int
    lesson_id: int
    lesson_type: str
    title: str
    tier: int
    required_access_tier: int | None
    is_preview: bool
    is_required: bool
    duration_seconds: int | None = None  # video lessons' length, shown on the product page

    @property
    def lesson_type_label(self) -> str:
        return str(OrgLesson.LessonType(self.lesson_type).label)


class OutlineSection(NamedTuple):
    section_id: int
    title: str
    tier: int
    required_access_tier: int | None
    placements: tuple[OutlinePlacement, ...]


class OutlineModule(NamedTuple):
    module_id: int
    title: str
    tier: int
    required_access_tier: int | None
    sections: tuple[OutlineSection, ...]


@dataclass(frozen=True)
class Outline:
    """The tree as a learner at ``learner_tier`` sees it (0: a visitor or a member without an
    enrollment). ``placements`` lists every placed lesson in outline order."""

    modules: tuple[OutlineModule, ...]
    placements: tuple[OutlinePlacement, ...]
    learner_tier: int = 0

    @classmethod
    def of(cls, modules: tuple[OutlineModule, ...]) -> Outline:
        placements = tuple(
            node for module in modules for section in module.sections for node in section.placements
        )
        return cls(modules=modules, placements=placements)

    def at_tier(self, learner_tier: int) -> Outline:
        """The same tree (shared, not copied) for a learner at ``learner_tier``."""
        return replace(self, learner_tier=learner_tier)

    @property
    def max_tier(self) -> int:
        """The highest tier any lesson needs: the tier that opens the whole course."""
        return max([BASE_TIER, *(node.tier for node in self.placements)])

    def is_open(self, node: OutlinePlacement) -> bool:
        """Whether the learner's tier opens ``node`` (``can_open``; a free preview opens for anyone)."""
        return can_open(
            effective_required_tier=node.tier, learner_tier=self.learner_tier, is_preview=node.is_preview
        )

    @functools.cached_property
    def open_placement_ids(self) -> frozenset[int]:
        """The placements the learner's tier opens (for templates, which cannot call ``is_open``)."""
        return frozenset(node.placement_id for node in self.placements if self.is_open(node))

    def node_for(self, placement_id: int) -> OutlinePlacement | None:
        return next((node for node in self.placements if node.placement_id == placement_id), None)

    def neighbours(self, placement_id: int) -> tuple[OutlinePlacement | None, OutlinePlacement | None]:
        """The previous and next lessons the learner can open, in outline order."""
        index = next((i for i, node in enumerate(self.placements) if node.placement_id == placement_id), None)
        if index is None:
            return None, None
        before = (node for node in reversed(self.placements[:index]) if self.is_open(node))
        after = (node for node in self.placements[index + 1 :] if self.is_open(node))
        return next(before, None), next(after, None)


def course_outline_key(course: OrgProductCourse, chain: Sequence[str]) -> str:
    return f"course-outline:v3:{course.pk}:{course.updated_at.timestamp()}:{'|'.join(chain)}"


def course_outline(
    *, course: OrgProductCourse, chain: Sequence[str], learner_tier: int = 0, cached: Outline | None = None
) -> Outline:
    """The outline with titles picked along ``chain``, at ``learner_tier``. ``cached`` is the entry
    under ``course_outline_key`` when the caller read it already (with other keys, in one round
    trip); else the cache is read here. A miss builds it in a fixed 6 queries."""
    outline = cached if cached is not None else cache.get(course_outline_key(course, chain))
    if outline is None:
        outline = _outline_build(course, chain)
        cache.set(course_outline_key(course, chain), outline, OUTLINE_CACHE_SECONDS)
    return outline.at_tier(learner_tier)


def _outline_build(course: OrgProductCourse, chain: Sequence[str]) -> Outline:
    placements = Placement.objects.select_related("lesson").prefetch_related("lesson__translations")
    sections = OrgProductCourseModuleSection.objects.prefetch_related(
        "translations", Prefetch("placements", queryset=placements)
    )
    modules = (
        OrgProductCourseModule.objects.filter(course=course)
        .prefetch_related("translations", Prefetch("sections", queryset=sections))
        .order_by("position", "id")
    )
    return Outline.of(tuple(_module_node(module, chain) for module in modules))


def _module_node(module: OrgProductCourseModule, chain: Sequence[str]) -> OutlineModule:
    tier = effective_tier(module.required_access_tier)
    return OutlineModule(
        module_id=module.pk,
        title=translation_text(module, "title", chain=chain),
        tier=tier,
        required_access_tier=module.required_access_tier,
        sections=tuple(_section_node(section, tier, chain) for section in module.sections.all()),
    )


def _section_node(
    section: OrgProductCourseModuleSection, module_tier: int, chain: Sequence[str]
) -> OutlineSection:
    tier = effective_tier(module_tier, section.required_access_tier)
    return OutlineSection(
        section_id=section.pk,
        title=translation_text(section, "title", chain=chain),
        tier=tier,
        required_access_tier=section.required_access_tier,
        placements=tuple(_placement_node(placement, tier, chain) for placement in section.placements.all()),
    )


def _placement_node(placement: Placement, section_tier: int, chain: Sequence[str]) -> OutlinePlacement:
    lesson = placement.lesson
    return OutlinePlacement(
        placement_id=placement.pk,
        lesson_id=lesson.pk,
        lesson_type=lesson.lesson_type,
        title=translation_text(lesson, "title", chain=chain),
        tier=effective_tier(section_tier, placement.required_access_tier),
        required_access_tier=placement.required_access_tier,
        is_preview=placement.is_preview,
        is_required=placement.is_required,
        duration_seconds=lesson.duration_seconds,
    )


# The outline's items, one at a time ---------------------------------------------------------------


def placement_effective_tier(*, placement: Placement) -> int:
    section = placement.section
    return effective_tier(
        section.module.required_access_tier, section.required_access_tier, placement.required_access_tier
    )


def placement_get(*, course: OrgProductCourse, placement_id: int) -> Placement:
    """A placement of this course with its section and module, or 404."""
    placements = Placement.objects.select_related("section__module", "lesson")
    return get_object_or_404(placements, pk=placement_id, section__module__course=course)


def section_get(*, course: OrgProductCourse, section_id: int) -> OrgProductCourseModuleSection:
    sections = OrgProductCourseModuleSection.objects.select_related("module")
    return get_object_or_404(sections, pk=section_id, module__course=course)


def module_get(*, course: OrgProductCourse, module_id: int) -> OrgProductCourseModule:
    return get_object_or_404(OrgProductCourseModule, pk=module_id, course=course)
