"""Celery tasks of the course app; each runs in the schema carried by its headers."""

from __future__ import annotations

from celery import shared_task

from apps.course.creator_rollup import creator_rollup_run
from apps.course.rollup import progress_rollup_run
from apps.org.models import Org
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


@shared_task(name="apps.course.tasks.creator_rollup", acks_late=True)
def creator_rollup() -> dict[str, int]:
    """This org's rows of the public creator rollups (products, reputation). Idempotent."""
    result = creator_rollup_run()
    return {"products": result.products, "profiles": result.profiles}


@shared_task(name="apps.course.tasks.creator_rollup_sweep")
def creator_rollup_sweep() -> int:
    """Enqueue every serving org's creator rollup, each in its own schema."""
    schemas = list(
        Org.objects.filter(status=Org.Status.ACTIVE, is_template=False)
        .exclude(schema_name="public")
        .values_list("schema_name", flat=True)
    )
    for schema_name in schemas:
        creator_rollup.apply_async(headers={"_schema_name": schema_name})
    return len(schemas)
