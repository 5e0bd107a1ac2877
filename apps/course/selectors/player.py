"""The player's reads: the learner's state in a course in one query, and a lesson's content.

The player reads the course, the learner's tier, completions and "continue" mark in one query, and
the outline (``outline.course_outline``) and lesson content from the cache as plain data keyed by
course version and translation chain.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.utils import timezone

from apps.course.models import (
    OrgLesson,
    OrgMemberLessonProgress,
    OrgMemberProductCourseEnrollment,
    OrgMemberProductCourseProgress,
    OrgProductCourse,
    OrgProductCourseModuleSectionLesson,
)
from apps.course.selectors.outline import OUTLINE_CACHE_SECONDS, OutlinePlacement
from apps.course.validators import is_video_file
from apps.locale_region.fallback import translation_text
from apps.member.models import OrgMember

Placement = OrgProductCourseModuleSectionLesson


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
    """The player's one query, in SQL: the ORM spent longer compiling its six subqueries than
    PostgreSQL spent running them. Table and column names come from the models' meta."""
    member_names, member_columns = _columns(OrgMember, "m")
    translation = _table(product_model._parler_meta.root_model)
    # title and slug of one translation, chosen as ``translation_resolve`` chooses: the first along
    # the chain (parler's lower-cased codes), then any
    ranked = (
        f"SELECT ARRAY[t.title, t.slug] FROM {translation} t WHERE t.master_id = c.product_id "
        "AND t.title <> '' ORDER BY array_position(%(chain)s::text[], t.language_code::text) NULLS LAST, "
        "t.id LIMIT 1"
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


def player_state(
    *, course_id: int, user_id: int | None, chain: Sequence[str], placement_id: int | None = None
) -> PlayerState:
    """The course's version, status and title (along ``chain``), the user's membership, and the
    learner's tier, completed lessons, whether the placement's lesson was started and where they
    left off, in one query; 404 for a course not in this org. Without a user (or membership) the
    learner's part is empty (tier 0). ``course`` costs one more query, on first use."""
    product_model = OrgProductCourse._meta.get_field("product").related_model
    sql, member_names = _player_state_sql(product_model)
    params = {
        "course": course_id,
        "user": user_id,
        "placement": placement_id,
        "now": timezone.now(),
        "chain": [key.lower() for key in chain],
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
