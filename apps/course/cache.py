"""A learner's player state in a course (``selectors.player.player_state``) in the org's cache, so
that a warm lesson page costs no query.

An entry lives in the tenant cache (keys carry the org's schema), per user and course, and holds
what the state query read: the course's version, status and translated names, its placements'
lessons, and the learner's member row, enrollments (tier, start and end: access is worked out
against the clock on every read, so an enrollment that ended grants nothing), completed and
started lessons and last placement. It counts only under the two generation tokens it was read
under:

- the learner's, replaced by every save or delete of their member row, enrollments and lesson or
  course progress (``apps.course.signals``);
- the org's course content's, replaced by every write to a course, its product, outline or lessons
  (signals, and an ``UPDATE`` watcher for the queryset updates that send none).

Both are replaced at once and again on commit, as in ``apps.member.cache``: a request that read the
old rows before a concurrent change committed, and caches them afterwards, leaves an entry no
reader takes. The time-out only bounds memory.

The storefront middleware reads a lesson or course page's three keys ahead with the session
(``player_states_primed``); elsewhere they are read in one ``get_many``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django_tenants.utils import schema_context

from apps.org.selectors import tenant_connection
from volmify.cache import ReadAhead

PLAYER_STATE_SECONDS = 300
VISITOR = "visitor"  # in place of a user id for a visitor (no learner part)
CONTENT_GENERATION_KEY = "course-player-content-generation"

_read_ahead = ReadAhead("player_state_read_ahead")
player_states_primed = _read_ahead.primed


def _learner(user_id: Any) -> str:
    return VISITOR if user_id is None else str(user_id)


def player_state_keys(user_id: Any, course_id: Any) -> tuple[str, str, str]:
    """The keys of the state entry, the learner's generation and the org's content generation."""
    learner = _learner(user_id)
    return (
        f"course-player-state:{learner}:{course_id}",
        f"course-player-learner-generation:{learner}",
        CONTENT_GENERATION_KEY,
    )


def player_state_cache_get(user_id: Any, course_id: Any) -> tuple[Any, tuple[Any, Any]]:
    """``(data, generations)``: the cached state data, None when nothing valid is cached; and the
    generations to store a fresh read under."""
    keys = player_state_keys(user_id, course_id)
    found = _read_ahead.read(keys, cache)
    generations = (found.get(keys[1]), found.get(keys[2]))
    entry = found.get(keys[0])
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generations:
        return entry[1], generations
    return None, generations


def player_state_cache_set(user_id: Any, course_id: Any, data: Any, generations: tuple[Any, Any]) -> None:
    """Cache ``data``, read under ``generations``."""
    cache.set(player_state_keys(user_id, course_id)[0], (generations, data), PLAYER_STATE_SECONDS)


def _replace(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, PLAYER_STATE_SECONDS * 2)
    _read_ahead.forget(key)


def _replace_now_and_on_commit(key: str) -> None:
    schema = tenant_connection().schema_name

    def replace_in_schema() -> None:  # the commit may come after the schema context was left
        with schema_context(schema):
            _replace(key)

    _replace(key)
    transaction.on_commit(replace_in_schema)


def player_states_forget_learner(user_id: Any) -> None:
    """Make every cached state of the user's, in every course of the active org, unusable: at once
    and again when the transaction commits."""
    _replace_now_and_on_commit(player_state_keys(user_id, 0)[1])


def player_states_forget_learners(user_ids: Iterable[Any]) -> None:
    """``player_states_forget_learner`` for many users: one cache write now and one on commit."""
    keys = sorted({player_state_keys(user_id, 0)[1] for user_id in user_ids})
    if not keys:
        return
    schema = tenant_connection().schema_name

    def replace() -> None:
        cache.set_many({key: uuid.uuid4().hex for key in keys}, PLAYER_STATE_SECONDS * 2)
        for key in keys:
            _read_ahead.forget(key)

    def replace_in_schema() -> None:
        with schema_context(schema):
            replace()

    replace()
    transaction.on_commit(replace_in_schema)


def player_states_forget_content() -> None:
    """Make every cached state in the active org unusable (a course, outline or lesson changed): at
    once and again when the transaction commits."""
    _replace_now_and_on_commit(CONTENT_GENERATION_KEY)
