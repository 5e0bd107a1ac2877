"""Celery tasks of the course app; each runs in the schema carried by its headers."""

from __future__ import annotations

from celery import shared_task

from apps.course.rollup import progress_rollup_run
from volmify.actors import PROGRESS_ROLLUP


@shared_task(name="apps.course.tasks.progress_rollup", acks_late=True)
def progress_rollup(
    *, member_ids: list[int] | None = None, course_ids: list[int] | None = None
) -> dict[str, int]:
    """Roll lesson completions up to section, module and course progress. Idempotent."""
    result = progress_rollup_run(actor=PROGRESS_ROLLUP, member_ids=member_ids, course_ids=course_ids)
    return {
        "facts": result.facts,
        "courses_changed": result.courses_changed,
        "modules_changed": result.modules_changed,
        "sections_changed": result.sections_changed,
    }
