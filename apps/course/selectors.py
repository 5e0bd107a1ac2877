"""Every read of courses, outlines and the lesson library, with its query plan decided here.

The outline is loaded in a fixed number of queries whatever the course's size:
one per level (modules, sections, placements+lessons) plus their translations.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from apps.course.models import (
    Level,
    OrgLesson,
    OrgLessonQuizQuestion,
    OrgMemberLessonAssignmentSubmission,
    OrgMemberLessonProgress,
    OrgMemberLessonQuizAttempt,
    OrgMemberProductCourseChallengeRating,
    OrgMemberProductCourseEnrollment,
    OrgMemberProductCourseProgress,
    OrgProductCourse,
    OrgProductCourseModule,
    OrgProductCourseModuleSection,
    OrgProductCourseModuleSectionLesson,
)
from apps.course.tiers import can_open, effective_tier
from apps.course.validators import is_video_file
from apps.general.tiers import MAX_ACCESS_TIER
from apps.member.models import OrgMember
from apps.member.roles import role_at_least

Placement = OrgProductCourseModuleSectionLesson


def prefetched_translation(obj: Any, name: str) -> str:
    """A translated field read from prefetched ``translations`` in the active language (then its base
    language, the site default, any): no query and no cache round trip, unlike parler's accessors,
    which matters on pages listing hundreds of items."""
    by_language = {translation.language_code: translation for translation in obj.translations.all()}
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    for code in (language, language.split("-")[0], settings.LANGUAGE_CODE, *by_language):
        translation = by_language.get(code)
        if translation is not None and getattr(translation, name):
            return str(getattr(translation, name))
    return ""


@dataclass
class PlacementNode:
    placement: Placement
    lesson: OrgLesson
    tier: int
    is_open: bool = False
    is_completed: bool = False
    title: str = ""
    url: str = ""


@dataclass
class SectionNode:
    section: OrgProductCourseModuleSection
    tier: int
    placements: list[PlacementNode] = field(default_factory=list)
    title: str = ""


@dataclass
class ModuleNode:
    module: OrgProductCourseModule
    tier: int
    sections: list[SectionNode] = field(default_factory=list)
    title: str = ""


@dataclass
class CourseOutline:
    course: OrgProductCourse
    modules: list[ModuleNode]
    learner_tier: int = 0

    @property
    def placements(self) -> list[PlacementNode]:
        return [p for m in self.modules for s in m.sections for p in s.placements]

    @property
    def max_tier(self) -> int:
        return max([1, *(p.tier for p in self.placements)])

    def node_for(self, placement_id: int) -> PlacementNode | None:
        return next((p for p in self.placements if p.placement.pk == placement_id), None)

    def neighbours(self, placement_id: int) -> tuple[PlacementNode | None, PlacementNode | None]:
        """The previous and next lessons the learner can open, in outline order."""
        openable = [p for p in self.placements if p.is_open or p.placement.pk == placement_id]
        ids = [p.placement.pk for p in openable]
        if placement_id not in ids:
            return None, None
        index = ids.index(placement_id)
        previous = openable[index - 1] if index > 0 else None
        following = openable[index + 1] if index + 1 < len(openable) else None
        return previous, following


# Courses -------------------------------------------------------------------------------------


def course_queryset() -> QuerySet[OrgProductCourse]:
    return OrgProductCourse.objects.select_related("product").prefetch_related(
        "translations", "product__translations"
    )


def course_get(*, course_id: int) -> OrgProductCourse:
    """The course, or 404 (for a missing id and for anything not in this org's schema alike)."""
    course = course_queryset().filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def course_list() -> QuerySet[OrgProductCourse]:
    return course_queryset().order_by("-product__created_at")


def course_list_published(*, skill_ids: set[int] | None = None) -> QuerySet[OrgProductCourse]:
    courses = course_list().filter(product__status="published")
    if skill_ids is not None:
        # a course's own skill weights, or those the catalog set on its product
        courses = courses.filter(
            Q(skill_weights__skill_id__in=skill_ids) | Q(product__skill_weights__skill_id__in=skill_ids)
        ).distinct()
    return courses


def course_list_for_editor(*, member: OrgMember) -> QuerySet[OrgProductCourse]:
    """Courses an instructor may edit: those attributed to them; admins and owners see all."""
    courses = course_list()
    if role_at_least(member.role, OrgMember.Role.ADMIN):
        return courses
    return courses.filter(instructors=member)


def course_get_for_editor(*, course_id: int, member: OrgMember) -> OrgProductCourse:
    course = course_list_for_editor(member=member).filter(pk=course_id).first()
    if course is None:
        raise Http404
    return course


def course_skill_weights(*, course: OrgProductCourse) -> list[tuple[Any, int]]:
    """The course's skills with their weights, heaviest first (2 queries)."""
    from apps.skill.models import Skill

    weights = dict(course.skill_weights.values_list("skill_id", "weight"))
    skills = Skill.objects.filter(pk__in=weights).prefetch_related("translations")
    return sorted(((skill, weights[skill.pk]) for skill in skills), key=lambda pair: -pair[1])


# Outline -------------------------------------------------------------------------------------


OUTLINE_CACHE_SECONDS = 3600


def course_outline(*, course: OrgProductCourse, learner_tier: int = 0) -> CourseOutline:
    """The whole tree with effective tiers and which lessons ``learner_tier`` opens.

    The tree is cached per course version (``updated_at``, bumped by every service that changes
    the outline or a placed lesson) and language; a miss costs a fixed 6 queries.
    """
    key = f"course-outline:{course.pk}:{course.updated_at.timestamp()}:{get_language()}"
    modules: list[ModuleNode] | None = cache.get(key)
    if modules is None:
        modules = _outline_build(course)
        cache.set(key, modules, OUTLINE_CACHE_SECONDS)
    for module_node in modules:
        for section_node in module_node.sections:
            for node in section_node.placements:
                node.is_open = can_open(
                    effective_required_tier=node.tier,
                    learner_tier=learner_tier,
                    is_preview=node.placement.is_preview,
                )
    return CourseOutline(course=course, modules=modules, learner_tier=learner_tier)


def _outline_build(course: OrgProductCourse) -> list[ModuleNode]:
    placements = Placement.objects.select_related("lesson").prefetch_related("lesson__translations")
    sections = OrgProductCourseModuleSection.objects.prefetch_related(
        "translations", Prefetch("placements", queryset=placements)
    )
    modules = (
        OrgProductCourseModule.objects.filter(course=course)
        .prefetch_related("translations", Prefetch("sections", queryset=sections))
        .order_by("position", "id")
    )
    tree: list[ModuleNode] = []
    for module in modules:
        module_node = ModuleNode(
            module=module,
            tier=effective_tier(module.required_access_tier),
            title=prefetched_translation(module, "title"),
        )
        for section in module.sections.all():
            section_tier = effective_tier(module.required_access_tier, section.required_access_tier)
            section_node = SectionNode(
                section=section, tier=section_tier, title=prefetched_translation(section, "title")
            )
            for placement in section.placements.all():
                tier = effective_tier(section_tier, placement.required_access_tier)
                title = prefetched_translation(placement.lesson, "title")
                section_node.placements.append(PlacementNode(placement, placement.lesson, tier, title=title))
            module_node.sections.append(section_node)
        tree.append(module_node)
    return tree


def placement_effective_tier(*, placement: Placement) -> int:
    section = placement.section
    return effective_tier(
        section.module.required_access_tier, section.required_access_tier, placement.required_access_tier
    )


def placement_get(*, course: OrgProductCourse, placement_id: int) -> Placement:
    """A placement of this course with its section and module, or 404."""
    placement = (
        Placement.objects.select_related("section__module", "lesson")
        .filter(pk=placement_id, section__module__course=course)
        .first()
    )
    if placement is None:
        raise Http404
    return placement


def section_get(*, course: OrgProductCourse, section_id: int) -> OrgProductCourseModuleSection:
    section = (
        OrgProductCourseModuleSection.objects.select_related("module")
        .filter(pk=section_id, module__course=course)
        .first()
    )
    if section is None:
        raise Http404
    return section


def module_get(*, course: OrgProductCourse, module_id: int) -> OrgProductCourseModule:
    module = OrgProductCourseModule.objects.filter(pk=module_id, course=course).first()
    if module is None:
        raise Http404
    return module


# Learners ------------------------------------------------------------------------------------


def enrollment_list(*, course_id: int | None = None) -> QuerySet[OrgMemberProductCourseEnrollment]:
    """Enrollments with member, user and course product loaded (for the /manage/ table)."""
    enrollments = OrgMemberProductCourseEnrollment.objects.select_related(
        "member__user", "course__product", "granted_by__user"
    ).prefetch_related("course__product__translations")
    if course_id is not None:
        enrollments = enrollments.filter(course__pk=course_id)
    return enrollments.order_by("-created_at", "-id")


def enrollment_list_latest(*, limit: int) -> QuerySet[OrgMemberProductCourseEnrollment]:
    """The ``limit`` newest enrollments of ``enrollment_list`` (the /manage/ table shows no more)."""
    return enrollment_list()[:limit]


def enrollment_get(*, enrollment_id: int) -> OrgMemberProductCourseEnrollment:
    """One enrollment, or 404 for missing and not-this-org's alike."""
    enrollment = enrollment_list().filter(pk=enrollment_id).first()
    if enrollment is None:
        raise Http404
    return enrollment


def enrollment_active_q(*, at: Any = None) -> Q:
    moment = at or timezone.now()
    return Q(revoked_at__isnull=True, starts_at__lte=moment) & (
        Q(ends_at__isnull=True) | Q(ends_at__gt=moment)
    )


def learner_tier(
    *, member: OrgMember | None, course: OrgProductCourse | None = None, course_id: int | None = None
) -> int:
    """The member's best active tier in the course; 0 without an active enrollment."""
    if member is None:
        return 0
    course_pk = course.pk if course is not None else course_id
    tiers = OrgMemberProductCourseEnrollment.objects.filter(
        enrollment_active_q(), member=member, course__pk=course_pk
    )
    return max(tiers.values_list("access_tier", flat=True), default=0)


@dataclass
class LearningRow:
    course: OrgProductCourse
    tier: int
    progress: OrgMemberProductCourseProgress | None


def my_learning(*, member: OrgMember) -> list[LearningRow]:
    """The member's actively enrolled courses with their tier and rolled-up progress (4 queries)."""
    tiers: dict[int, int] = {}
    for course_id, tier in OrgMemberProductCourseEnrollment.objects.filter(
        enrollment_active_q(), member=member
    ).values_list("course_id", "access_tier"):
        tiers[course_id] = max(tier, tiers.get(course_id, 0))
    progress = {
        row.course_id: row
        for row in OrgMemberProductCourseProgress.objects.filter(
            member=member, course__pk__in=list(tiers)
        ).select_related("last_placement")
    }
    return [
        LearningRow(course=course, tier=tiers[course.pk], progress=progress.get(course.pk))
        for course in course_queryset().filter(pk__in=tiers).order_by("product_id")
    ]


def course_progress_for(
    *, member: OrgMember | None, course: OrgProductCourse
) -> OrgMemberProductCourseProgress | None:
    if member is None:
        return None
    return OrgMemberProductCourseProgress.objects.filter(member=member, course=course).first()


# Lesson library ------------------------------------------------------------------------------


@dataclass
class Place:
    course_id: int
    placement_id: int
    label: str


def lesson_editable_q(*, member: OrgMember) -> Q:
    """Which library lessons ``member`` may edit, as a filter on ``OrgLesson``.

    Owners and admins edit every lesson. An instructor edits a lesson placed in a course they may
    edit (``course_list_for_editor``), or an unplaced lesson they created. A placed lesson belongs
    to its courses' editors: its creator alone no longer decides what those courses' learners read.
    Learners edit none.
    """
    if role_at_least(member.role, OrgMember.Role.ADMIN):
        return Q()
    if not role_at_least(member.role, OrgMember.Role.INSTRUCTOR):
        return Q(pk__in=[])
    in_my_courses = Placement.objects.filter(section__module__course__instructors=member).values("lesson_id")
    placed = Placement.objects.values("lesson_id")
    return Q(pk__in=in_my_courses) | (Q(created_by=member) & ~Q(pk__in=placed))


def lesson_may_edit(*, lesson: OrgLesson, member: OrgMember) -> bool:
    """Whether ``member`` may edit ``lesson`` (the rule of ``lesson_editable_q``), one query."""
    return OrgLesson.objects.filter(lesson_editable_q(member=member), pk=lesson.pk).exists()


def lesson_library(*, member: OrgMember, search: str = "", lesson_type: str = "") -> QuerySet[OrgLesson]:
    """The library lessons ``member`` may edit (and so place), newest first."""
    lessons = (
        OrgLesson.objects.filter(lesson_editable_q(member=member))
        .prefetch_related("translations")
        .annotate(placement_count=Count("placements"))
    )
    if search:
        lessons = lessons.filter(translations__title__icontains=search).distinct()
    if lesson_type:
        lessons = lessons.filter(lesson_type=lesson_type)
    return lessons.order_by("-updated_at", "-id")


def lesson_get(*, lesson_id: int) -> OrgLesson:
    """A library lesson, or 404 (missing and not-this-org's look the same)."""
    lesson = OrgLesson.objects.prefetch_related("translations").filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    return lesson


def lesson_get_for_editor(*, lesson_id: int, member: OrgMember) -> OrgLesson:
    """A lesson ``member`` may edit, with its questions and options, or 404: a missing lesson and
    one they may not edit look the same."""
    lesson = (
        OrgLesson.objects.filter(lesson_editable_q(member=member), pk=lesson_id)
        .prefetch_related("translations", "questions__translations", "questions__options__translations")
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


def lesson_get_with_questions(*, lesson_id: int) -> OrgLesson:
    lesson = (
        OrgLesson.objects.prefetch_related(
            "translations", "questions__translations", "questions__options__translations"
        )
        .filter(pk=lesson_id)
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


def lesson_used_in(*, lesson_id: int) -> list[Place]:
    """Every place a lesson is used: "Course / Module / Section" (fixed number of queries)."""
    placements = (
        Placement.objects.filter(lesson_id=lesson_id)
        .select_related("section__module__course__product")
        .prefetch_related(
            "section__translations",
            "section__module__translations",
            "section__module__course__product__translations",
        )
        .order_by("section__module__course_id", "section__module__position", "section__position")
    )
    places = []
    for placement in placements:
        section = placement.section
        module = section.module
        course = module.course
        label = f"{course.product} / {module} / {section}"
        places.append(Place(course_id=course.pk, placement_id=placement.pk, label=label))
    return places


def lesson_used_in_map(*, lesson_ids: list[int]) -> dict[int, list[str]]:
    """Where each listed lesson is used, for the library list (fixed number of queries)."""
    placements = (
        Placement.objects.filter(lesson_id__in=lesson_ids)
        .select_related("section__module__course__product")
        .prefetch_related("section__translations", "section__module__course__product__translations")
    )
    used: dict[int, list[str]] = {}
    for placement in placements:
        course = placement.section.module.course
        used.setdefault(placement.lesson_id, []).append(f"{course.product} / {placement.section}")
    return used


# Community ratings ---------------------------------------------------------------------------


@dataclass
class ChallengeSummary:
    count: int
    median_difficulty: Decimal | None
    level_counts: dict[str, int]
    most_common_level: str | None

    @property
    def most_common_level_label(self) -> str:
        return str(Level(self.most_common_level).label) if self.most_common_level else ""


def course_challenge_summary(*, course: OrgProductCourse) -> ChallengeSummary:
    """The community's view of level and difficulty: median difficulty, level votes, count (2 queries)."""
    difficulties = sorted(
        OrgMemberProductCourseChallengeRating.objects.filter(course=course).values_list(
            "perceived_difficulty", flat=True
        )
    )
    levels = dict(
        OrgMemberProductCourseChallengeRating.objects.filter(course=course)
        .values_list("perceived_level")
        .annotate(n=Count("id"))
        .values_list("perceived_level", "n")
    )
    median = Decimal(str(statistics.median(difficulties))) if difficulties else None
    common = max(sorted(levels), key=lambda level: levels[level]) if levels else None
    return ChallengeSummary(len(difficulties), median, levels, common)


def course_challenge_ratings(*, course: OrgProductCourse) -> QuerySet[OrgMemberProductCourseChallengeRating]:
    return OrgMemberProductCourseChallengeRating.objects.filter(course=course).select_related("member__user")


# Player --------------------------------------------------------------------------------------
#
# The player reads the course, the learner's tier, completions and "continue" mark in one query,
# and the outline and lesson content from the cache as plain data (tuples and dicts of strings and
# ints, keyed by course version and language): unpickling model instances cost more than the page.


@dataclass
class PlayerNode:
    placement_id: int
    lesson_id: int
    lesson_type: str
    title: str
    tier: int
    is_preview: bool
    is_required: bool
    is_open: bool = False
    is_completed: bool = False
    url: str = ""

    @property
    def lesson_type_label(self) -> str:
        return str(OrgLesson.LessonType(self.lesson_type).label)


@dataclass
class PlayerSection:
    title: str
    tier: int
    placements: list[PlayerNode]


@dataclass
class PlayerModule:
    title: str
    tier: int
    sections: list[PlayerSection]


@dataclass
class PlayerOutline:
    course: OrgProductCourse
    modules: list[PlayerModule]
    learner_tier: int = 0
    placements: list[PlayerNode] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.placements = [p for m in self.modules for s in m.sections for p in s.placements]

    @property
    def max_tier(self) -> int:
        return max([1, *(p.tier for p in self.placements)])

    def node_for(self, placement_id: int) -> PlayerNode | None:
        return next((p for p in self.placements if p.placement_id == placement_id), None)

    def neighbours(self, placement_id: int) -> tuple[PlayerNode | None, PlayerNode | None]:
        """The previous and next lessons the learner can open, in outline order."""
        openable = [p for p in self.placements if p.is_open or p.placement_id == placement_id]
        ids = [p.placement_id for p in openable]
        if placement_id not in ids:
            return None, None
        index = ids.index(placement_id)
        previous = openable[index - 1] if index > 0 else None
        following = openable[index + 1] if index + 1 < len(openable) else None
        return previous, following


@dataclass
class PlayerState:
    """The course and the learner's state in it, read fresh on every request. ``course`` (with
    ``product``) is loaded on first use: a cached lesson page needs only its id, version and
    status."""

    course_id: int
    # the course's ``updated_at`` as a timestamp: it changes with every outline or lesson edit
    course_version: float
    is_published: bool
    course_title: str
    product_slug: str
    member: OrgMember | None
    learner_tier: int
    # every lesson the learner completed in this org: a reused lesson counts wherever it is placed
    completed_lesson_ids: set[int]
    # the requested placement's lesson (None without a placement, or for one that does not exist;
    # the caller checks that the placement is in this course)
    lesson_id: int | None
    is_lesson_started: bool
    # None: no progress row yet; 0: a row without a last placement
    last_placement_id: int | None
    course_build: Callable[[], OrgProductCourse] = field(repr=False, compare=False)

    @functools.cached_property
    def course(self) -> OrgProductCourse:
        return self.course_build()


@dataclass
class PlayerLesson:
    """What the player shows of a lesson, cached as plain data per course version and language."""

    lesson_id: int
    lesson_type: str
    body_html: str
    video_url: str
    captions_url: str
    duration_seconds: int | None
    has_file: bool
    pass_mark_percent: int | None

    def get_lesson_type_display(self) -> str:
        return str(OrgLesson.LessonType(self.lesson_type).label)

    @property
    def is_video_file(self) -> bool:
        return is_video_file(self.video_url)


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: Any, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _columns(model: Any, alias: str) -> tuple[list[str], str]:
    names = [f.attname for f in model._meta.concrete_fields]
    columns = [f"{alias}.{connection.ops.quote_name(f.column)}" for f in model._meta.concrete_fields]
    return names, ", ".join(columns)


@functools.cache
def _player_state_sql(product_model: Any) -> tuple[str, list[str]]:
    """The player's one query, in SQL: the ORM spent longer compiling its six subqueries than
    PostgreSQL spent running them. Table and column names come from the models' meta."""
    member_names, member_columns = _columns(OrgMember, "m")
    translation = _table(product_model._parler_meta.root_model)
    # title and slug of one translation: the active language, its base, the default, any
    ranked = (
        f"SELECT ARRAY[t.title, t.slug] FROM {translation} t WHERE t.master_id = c.product_id "
        "AND t.title <> '' ORDER BY CASE t.language_code WHEN %(language)s THEN 0 WHEN %(base)s THEN 1 "
        "WHEN %(default)s THEN 2 ELSE 3 END, t.id LIMIT 1"
    )
    progress = _table(OrgMemberLessonProgress)
    # the member row is the one member_for_user() reads (one per user); without it every learner
    # part is empty. The placement's own course is checked by the caller (it must be in the outline).
    sql = f"""
        SELECT c.{_column(OrgProductCourse, "updated_at")}, p.{_column(product_model, "status")},
            {member_columns}, ({ranked}),
            COALESCE((SELECT max(e.access_tier) FROM {_table(OrgMemberProductCourseEnrollment)} e
                WHERE e.member_id = m.id AND e.course_id = c.product_id AND e.revoked_at IS NULL
                AND e.starts_at <= %(now)s AND (e.ends_at IS NULL OR e.ends_at > %(now)s)), 0),
            ARRAY(SELECT lp.lesson_id FROM {progress} lp
                WHERE lp.member_id = m.id AND lp.completed_at IS NOT NULL),
            here.lesson_id,
            EXISTS(SELECT 1 FROM {progress} lp WHERE lp.member_id = m.id AND lp.lesson_id = here.lesson_id),
            (SELECT COALESCE(cp.last_placement_id, 0) FROM {_table(OrgMemberProductCourseProgress)} cp
                WHERE cp.member_id = m.id AND cp.course_id = c.product_id)
        FROM {_table(OrgProductCourse)} c JOIN {_table(product_model)} p ON p.id = c.product_id
            LEFT JOIN {_table(OrgMember)} m ON m.user_id = %(user)s
            LEFT JOIN {_table(Placement)} here ON here.id = %(placement)s
        WHERE c.product_id = %(course)s
    """
    return sql, member_names


def player_state(*, course_id: int, user_id: int | None, placement_id: int | None = None) -> PlayerState:
    """The course's version and status, the user's membership, and the learner's tier, completed
    lessons, whether the placement's lesson was started and where they left off, in one query; 404
    for a course not in this org. Without a user (or membership) the learner's part is empty (tier 0).
    ``course`` costs one more query, on first use."""
    product_model = OrgProductCourse._meta.get_field("product").related_model
    sql, member_names = _player_state_sql(product_model)
    language = (get_language() or settings.LANGUAGE_CODE).lower()
    params = {
        "course": course_id,
        "user": user_id,
        "placement": placement_id,
        "now": timezone.now(),
        "language": language,
        "base": language.split("-")[0],
        "default": settings.LANGUAGE_CODE,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        raise Http404
    updated_at, status = row[:2]
    end = 2 + len(member_names)
    member_values = row[2:end]
    member = OrgMember.from_db(connection.alias, member_names, member_values) if member_values[0] else None
    names, tier, completed, lesson_id, is_started, last_placement_id = row[end:]
    title, slug = names or ("", "")
    return PlayerState(
        course_id=course_id,
        course_version=updated_at.timestamp(),
        is_published=status == product_model.Status.PUBLISHED,
        course_title=title or f"#{course_id}",
        product_slug=slug or "",
        member=member,
        learner_tier=tier,
        completed_lesson_ids=set(completed),
        lesson_id=lesson_id,
        is_lesson_started=is_started,
        last_placement_id=last_placement_id,
        course_build=lambda: OrgProductCourse.objects.select_related("product").get(pk=course_id),
    )


_OutlineData = list[tuple[str, int, list[tuple[str, int, list[tuple[Any, ...]]]]]]


def player_outline_key(course: OrgProductCourse) -> str:
    return f"course-player-outline:{course.pk}:{course.updated_at.timestamp()}:{get_language()}"


def player_lesson_key(course: OrgProductCourse, placement_id: int) -> str:
    return f"course-player-lesson:{course.pk}:{course.updated_at.timestamp()}:{get_language()}:{placement_id}"


def _player_outline_data(course: OrgProductCourse) -> _OutlineData:
    return [
        (
            module.title,
            module.tier,
            [
                (
                    section.title,
                    section.tier,
                    [
                        (
                            node.placement.pk,
                            node.lesson.pk,
                            node.lesson.lesson_type,
                            node.title,
                            node.tier,
                            node.placement.is_preview,
                            node.placement.is_required,
                        )
                        for node in section.placements
                    ],
                )
                for section in module.sections
            ],
        )
        for module in _outline_build(course)
    ]


def player_outline(
    *,
    course: OrgProductCourse,
    learner_tier: int,
    completed_lesson_ids: set[int],
    cached: _OutlineData | None = None,
) -> PlayerOutline:
    """The outline for ``learner_tier``; ``cached`` is the data under ``player_outline_key`` when the
    caller fetched it (with other keys, in one round trip); a miss builds it in a fixed 6 queries."""
    data = cached
    if data is None:
        data = _player_outline_data(course)
        cache.set(player_outline_key(course), data, OUTLINE_CACHE_SECONDS)
    modules = []
    for module_title, module_tier, sections in data:
        section_nodes = []
        for section_title, section_tier, placements in sections:
            nodes = []
            for placement_id, lesson_id, lesson_type, title, tier, is_preview, is_required in placements:
                node = PlayerNode(placement_id, lesson_id, lesson_type, title, tier, is_preview, is_required)
                node.is_open = can_open(
                    effective_required_tier=tier, learner_tier=learner_tier, is_preview=is_preview
                )
                node.is_completed = lesson_id in completed_lesson_ids
                nodes.append(node)
            section_nodes.append(PlayerSection(section_title, section_tier, nodes))
        modules.append(PlayerModule(module_title, module_tier, section_nodes))
    return PlayerOutline(course=course, modules=modules, learner_tier=learner_tier)


def player_lesson(
    *, course: OrgProductCourse, node: PlayerNode, cached: dict[str, Any] | None = None
) -> PlayerLesson:
    """The lesson of an open ``node``; ``cached`` as for ``player_outline``; a miss costs 2 queries.
    Callers check ``node.is_open`` first: gated content is never loaded for the learner."""
    data = cached
    if data is None:
        lesson = OrgLesson.objects.prefetch_related("translations").get(pk=node.lesson_id)
        data = {
            "lesson_id": lesson.pk,
            "lesson_type": lesson.lesson_type,
            "body_html": prefetched_translation(lesson, "body_html"),
            "video_url": lesson.video_url or "",
            "captions_url": lesson.captions_url or "",
            "duration_seconds": lesson.duration_seconds,
            "has_file": bool(lesson.file),
            "pass_mark_percent": lesson.pass_mark_percent,
        }
        cache.set(player_lesson_key(course, node.placement_id), data, OUTLINE_CACHE_SECONDS)
    return PlayerLesson(**data)


# The learner's own rows in the player -------------------------------------------------------------


def quiz_attempts_for(*, member: OrgMember, lesson: OrgLesson) -> list[OrgMemberLessonQuizAttempt]:
    """``member``'s attempts at the quiz ``lesson``, newest first; one query."""
    return list(OrgMemberLessonQuizAttempt.objects.filter(member=member, lesson=lesson))


def assignment_submissions_for(
    *, member: OrgMember, lesson_id: int
) -> list[OrgMemberLessonAssignmentSubmission]:
    """``member``'s submissions to the assignment ``lesson_id``, newest first; one query."""
    return list(OrgMemberLessonAssignmentSubmission.objects.filter(member=member, lesson_id=lesson_id))


def submission_get_for_learner(
    *, submission_id: int, member: OrgMember
) -> OrgMemberLessonAssignmentSubmission:
    """A submission ``member`` made, or 404: a missing submission and another learner's look the same."""
    submission = OrgMemberLessonAssignmentSubmission.objects.filter(pk=submission_id, member=member).first()
    if submission is None:
        raise Http404
    return submission


def lesson_get_for_download(*, lesson_id: int) -> OrgLesson:
    """A lesson with its file field and nothing prefetched (one query), or 404. Callers check the
    learner's access to its placement first."""
    lesson = OrgLesson.objects.filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    return lesson


# Studio --------------------------------------------------------------------------------------


def course_outline_for_editor(*, course: OrgProductCourse) -> CourseOutline:
    """The outline as the editor sees it: every lesson open, whatever its tier."""
    return course_outline(course=course, learner_tier=MAX_ACCESS_TIER)


def course_version_refresh(*, course: OrgProductCourse) -> OrgProductCourse:
    """``course`` with its ``updated_at`` reloaded (1 query): services bump it in the database when
    the outline changes, and the outline's cache key follows it."""
    course.refresh_from_db(fields=["updated_at"])
    return course


def course_instructor_ids(*, course: OrgProductCourse) -> set[int]:
    """The members attributed to the course as its instructors (1 query)."""
    return set(course.instructors.values_list("pk", flat=True))


def lesson_questions(*, lesson: OrgLesson) -> list[OrgLessonQuizQuestion]:
    """The lesson's quiz questions in order; no query for a lesson from ``lesson_get_for_editor``,
    which prefetched them with their options."""
    return list(lesson.questions.all())


Submission = OrgMemberLessonAssignmentSubmission


def submission_list_for_reviewer(*, member: OrgMember) -> QuerySet[Submission]:
    """Assignment submissions in the courses ``member`` may edit (all of them for admins and owners),
    with the learner, lesson and course loaded for the review queue."""
    courses = course_list_for_editor(member=member)
    return (
        Submission.objects.filter(course__in=courses.values("pk"))
        .select_related("member__user", "course__product", "lesson")
        .prefetch_related("lesson__translations", "course__product__translations")
    )


def submission_list_pending_review(*, member: OrgMember) -> QuerySet[Submission]:
    """Submissions waiting for ``member``'s review, oldest first."""
    return (
        submission_list_for_reviewer(member=member)
        .filter(status=Submission.Status.SUBMITTED)
        .order_by("submitted_at")
    )


def submission_list_reviewed(*, member: OrgMember) -> QuerySet[Submission]:
    """Submissions already reviewed in ``member``'s courses, newest first."""
    return submission_list_for_reviewer(member=member).filter(status=Submission.Status.REVIEWED)


def submission_get_for_reviewer(*, submission_id: int, member: OrgMember) -> Submission:
    """A submission ``member`` may review, or 404: a missing one and one in another's course look the
    same."""
    submission = submission_list_for_reviewer(member=member).filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    return submission
