"""The player's reads: the learner's state in a course (cached, else one query), and a lesson's content.

The player reads the course, the learner's tier, completions and "continue" mark from the org's
cache (``apps.course.cache``) or in one query, and
the outline (``outline.course_outline``) and lesson content from the cache as plain data keyed by
course version and translation chain.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.utils import timezone

from apps.course.cache import player_state_cache_get, player_state_cache_set
from apps.course.models import (
    OrgLesson,
    OrgMemberLessonProgress,
    OrgMemberProductCourseEnrollment,
    OrgMemberProductCourseProgress,
    OrgProductCourse,
    OrgProductCourseModule,
    OrgProductCourseModuleSection,
    OrgProductCourseModuleSectionLesson,
)
from apps.course.selectors.outline import OUTLINE_CACHE_SECONDS, OutlinePlacement
from apps.course.validators import is_video_file
from apps.locale_region.fallback import translation_text
from apps.member.models import OrgMember

Placement = OrgProductCourseModuleSectionLesson


@dataclass
class PlayerState:
    """The course and the learner's state in it, from the cache or one query (``apps.course.cache``).
    ``course`` (with ``product``) is loaded on first use: a cached lesson page needs only its id,
    version and status."""

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
    # the requested placement's lesson (None without a placement, or for one not in this course)
    lesson_id: int | None
    is_lesson_started: bool
    # None: no progress row yet; 0: a row without a last placement
    last_placement_id: int | None
    course_build: Callable[[], OrgProductCourse] = field(repr=False, compare=False)
    # what the state was built from and the generations it was read under, to cache a visit
    # (``player_state_remember_visit``); None when read without the cache
    cached_as: tuple[Any, Any] | None = field(default=None, repr=False, compare=False)

    @functools.cached_property
    def course(self) -> OrgProductCourse:
        return self.course_build()


@dataclass
class PlayerLesson:
    """What the player shows of a lesson, cached as plain data per course version and chain."""

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
    """The player's one query, in SQL: the ORM spent longer compiling its subqueries than PostgreSQL
    spent running them. Table and column names come from the models' meta."""
    member_names, member_columns = _columns(OrgMember, "m")
    translation = _table(product_model._parler_meta.root_model)
    progress = _table(OrgMemberLessonProgress)
    module, section = OrgProductCourseModule, OrgProductCourseModuleSection
    # the member row is the one member_for_user() reads (one per user); without it every learner
    # part is empty. Enrollments come with their start and end (epoch seconds): the reader decides
    # which are current, so a cached copy stays right as time passes.
    sql = f"""
        SELECT c.{_column(OrgProductCourse, "updated_at")}, p.{_column(product_model, "status")},
            {member_columns},
            ARRAY(SELECT ARRAY[t.language_code, t.title, t.slug] FROM {translation} t
                WHERE t.master_id = c.product_id AND t.title <> '' ORDER BY t.id),
            ARRAY(SELECT ARRAY[pl.id, pl.{_column(Placement, "lesson")}] FROM {_table(Placement)} pl
                JOIN {_table(section)} s ON s.id = pl.{_column(Placement, "section")}
                JOIN {_table(module)} mo ON mo.id = s.{_column(section, "module")}
                WHERE mo.{_column(module, "course")} = c.product_id),
            ARRAY(SELECT ARRAY[e.access_tier::float8, extract(epoch FROM e.starts_at)::float8,
                    COALESCE(extract(epoch FROM e.ends_at)::float8, 'Infinity'::float8)]
                FROM {_table(OrgMemberProductCourseEnrollment)} e
                WHERE e.member_id = m.id AND e.course_id = c.product_id
                    AND e.revoked_at IS NULL AND e.suspended_at IS NULL),
            ARRAY(SELECT lp.lesson_id FROM {progress} lp
                WHERE lp.member_id = m.id AND lp.completed_at IS NOT NULL),
            ARRAY(SELECT lp.lesson_id FROM {progress} lp WHERE lp.member_id = m.id),
            (SELECT COALESCE(cp.last_placement_id, 0) FROM {_table(OrgMemberProductCourseProgress)} cp
                WHERE cp.member_id = m.id AND cp.course_id = c.product_id)
        FROM {_table(OrgProductCourse)} c JOIN {_table(product_model)} p ON p.id = c.product_id
            LEFT JOIN {_table(OrgMember)} m ON m.user_id = %(user)s
        WHERE c.product_id = %(course)s
    """
    return sql, member_names


@dataclass
class _StateData:
    """What the state query read, as cached (``apps.course.cache``): plain values and the member row."""

    course_version: float
    is_published: bool
    # (parler language code, title, slug) of each titled translation, in id order
    names: list[tuple[str, str, str]]
    lesson_by_placement: dict[int, int]
    member: OrgMember | None
    # (tier, starts, ends) in epoch seconds; ends is infinity for no end
    enrollments: list[tuple[int, float, float]]
    completed_lesson_ids: frozenset[int]
    started_lesson_ids: frozenset[int]
    last_placement_id: int | None

    def tier_at(self, now: float) -> int:
        return max((int(tier) for tier, start, end in self.enrollments if start <= now < end), default=0)

    def name(self, chain: Sequence[str]) -> tuple[str, str]:
        """Title and slug of one translation, as ``translation_resolve`` chooses: the first along the
        chain, then any."""
        codes = {code: (title, slug) for code, title, slug in reversed(self.names)}
        for key in chain:
            if key.lower() in codes:
                return codes[key.lower()]
        return (self.names[0][1], self.names[0][2]) if self.names else ("", "")


def _state_read(*, course_id: int, user_id: int | None) -> _StateData:
    """The state query; 404 for a course not in this org."""
    product_model = OrgProductCourse._meta.get_field("product").related_model
    sql, member_names = _player_state_sql(product_model)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"course": course_id, "user": user_id})
        row = cursor.fetchone()
    if row is None:
        raise Http404
    updated_at, status = row[:2]
    end = 2 + len(member_names)
    member_values = row[2:end]
    member = OrgMember.from_db(connection.alias, member_names, member_values) if member_values[0] else None
    names, placements, enrollments, completed, started, last_placement_id = row[end:]
    return _StateData(
        course_version=updated_at.timestamp(),
        is_published=status == product_model.Status.PUBLISHED,
        names=[(code, title, slug) for code, title, slug in names],
        lesson_by_placement=dict(placements),
        member=member,
        enrollments=[(int(tier), float(start), float(end)) for tier, start, end in enrollments],
        completed_lesson_ids=frozenset(completed),
        started_lesson_ids=frozenset(started),
        last_placement_id=last_placement_id,
    )


def player_state(
    *,
    course_id: int,
    user_id: int | None,
    chain: Sequence[str],
    placement_id: int | None = None,
    cached: bool = True,
) -> PlayerState:
    """The course's version, status and title (along ``chain``), the user's membership, and the
    learner's tier, completed lessons, whether the placement's lesson was started and where they
    left off: from the org's cache (``cached``), else in one query; 404 for a course not in this
    org. Without a user (or membership) the learner's part is empty (tier 0). ``course`` costs one
    more query, on first use."""
    if cached:
        data, generations = player_state_cache_get(user_id, course_id)
        if not isinstance(data, _StateData):
            data = _state_read(course_id=course_id, user_id=user_id)
            player_state_cache_set(user_id, course_id, data, generations)
        cached_as: tuple[Any, Any] | None = (data, generations)
    else:
        data, cached_as = _state_read(course_id=course_id, user_id=user_id), None
    title, slug = data.name(chain)
    lesson_id = data.lesson_by_placement.get(placement_id) if placement_id is not None else None
    return PlayerState(
        course_id=course_id,
        course_version=data.course_version,
        is_published=data.is_published,
        course_title=title or f"#{course_id}",
        product_slug=slug or "",
        member=data.member,
        learner_tier=data.tier_at(timezone.now().timestamp()) if data.member else 0,
        completed_lesson_ids=set(data.completed_lesson_ids),
        lesson_id=lesson_id,
        is_lesson_started=lesson_id in data.started_lesson_ids,
        last_placement_id=data.last_placement_id,
        course_build=lambda: OrgProductCourse.objects.select_related("product").get(pk=course_id),
        cached_as=cached_as,
    )


def player_state_remember_visit(*, state: PlayerState, user_id: int, placement_id: int) -> None:
    """After ``learning.lesson_visit_record`` wrote the visit (its upserts send no signal): cache the
    state with the lesson started and the placement as the last one, under the generations it was
    read under, so the next visit writes nothing (and a concurrent change still wins)."""
    if state.cached_as is None or state.lesson_id is None:
        return
    data, generations = state.cached_as
    if state.is_lesson_started and data.last_placement_id == placement_id:
        return
    visited = dataclasses.replace(
        data,
        started_lesson_ids=data.started_lesson_ids | {state.lesson_id},
        last_placement_id=placement_id,
    )
    player_state_cache_set(user_id, state.course_id, visited, generations)


def player_lesson_key(course: OrgProductCourse, placement_id: int, chain: Sequence[str]) -> str:
    version, languages = course.updated_at.timestamp(), "|".join(chain)
    return f"course-player-lesson:v2:{course.pk}:{version}:{languages}:{placement_id}"


def player_lesson(
    *,
    course: OrgProductCourse,
    node: OutlinePlacement,
    chain: Sequence[str],
    cached: dict[str, Any] | None = None,
) -> PlayerLesson:
    """The lesson of an open ``node``, its body picked along ``chain``; ``cached`` is the entry under
    ``player_lesson_key`` when the caller read it (with other keys, in one round trip); a miss costs
    2 queries. Callers check that the outline opens ``node`` first: gated content is never loaded
    for the learner."""
    data = cached
    if data is None:
        lesson = OrgLesson.objects.prefetch_related("translations").get(pk=node.lesson_id)
        data = {
            "lesson_id": lesson.pk,
            "lesson_type": lesson.lesson_type,
            "body_html": translation_text(lesson, "body_html", chain=chain),
            "video_url": lesson.video_url or "",
            "captions_url": lesson.captions_url or "",
            "duration_seconds": lesson.duration_seconds,
            "has_file": bool(lesson.file),
            "pass_mark_percent": lesson.pass_mark_percent,
        }
        cache.set(player_lesson_key(course, node.placement_id, chain), data, OUTLINE_CACHE_SECONDS)
    return PlayerLesson(**data)


def lesson_get_for_download(*, lesson_id: int) -> OrgLesson:
    """A lesson with its file field and nothing prefetched (one query), or 404. Callers check the
    learner's access to its placement first."""
    lesson = OrgLesson.objects.filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    return lesson
