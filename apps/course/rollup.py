"""Set-based progress rollup: lesson completions → section, module and course percentages.

One pass of a few SQL statements, whatever the number of learners: facts for the
(member, required lesson within the member's tier) pairs go to a temporary
table, then three INSERT … ON CONFLICT statements upsert the rollups. Rows are
only rewritten when a figure changed, so running it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from volmify.actors import Actor, actor_check

_FACTS = """
CREATE TEMP TABLE course_rollup_facts ON COMMIT DROP AS
WITH learners AS (
    SELECT member_id, course_id, MAX(access_tier) AS tier
    FROM org_member_product_course_enrollment
    WHERE revoked_at IS NULL AND suspended_at IS NULL
      AND starts_at <= %(now)s AND (ends_at IS NULL OR ends_at > %(now)s)
      AND (%(member_ids)s::bigint[] IS NULL OR member_id = ANY(%(member_ids)s::bigint[]))
      AND (%(course_ids)s::bigint[] IS NULL OR course_id = ANY(%(course_ids)s::bigint[]))
    GROUP BY member_id, course_id
), items AS (
    SELECT m.course_id, m.id AS module_id, s.id AS section_id, p.lesson_id,
           GREATEST(COALESCE(m.required_access_tier, 1), COALESCE(s.required_access_tier, 1),
                    COALESCE(p.required_access_tier, 1)) AS tier
    FROM org_product_course_module_section_lesson p
    JOIN org_product_course_module_section s ON s.id = p.section_id
    JOIN org_product_course_module m ON m.id = s.module_id
    WHERE p.is_required
      AND (%(course_ids)s::bigint[] IS NULL OR m.course_id = ANY(%(course_ids)s::bigint[]))
)
SELECT l.member_id, l.course_id, i.module_id, i.section_id,
       (i.lesson_id IS NOT NULL) AS is_item, (lp.id IS NOT NULL) AS is_done
FROM learners l
LEFT JOIN items i ON i.course_id = l.course_id AND i.tier <= l.tier
LEFT JOIN org_member_lesson_progress lp
       ON lp.member_id = l.member_id AND lp.lesson_id = i.lesson_id AND lp.completed_at IS NOT NULL
"""

_UPSERT = """
INSERT INTO {table} AS t (member_id, {key}, required_total, required_completed, percent, is_completed,
                          updated_at{extra_columns})
SELECT member_id, {key}, total, done,
       CASE WHEN total = 0 THEN 0 ELSE (done * 100 / total) END,
       total > 0 AND done = total, now(){extra_values}
FROM (
    SELECT member_id, {key}, COUNT(*) FILTER (WHERE is_item) AS total,
           COUNT(*) FILTER (WHERE is_done) AS done
    FROM course_rollup_facts WHERE {key} IS NOT NULL GROUP BY member_id, {key}
) AS agg
ON CONFLICT (member_id, {key}) DO UPDATE SET
    required_total = EXCLUDED.required_total, required_completed = EXCLUDED.required_completed,
    percent = EXCLUDED.percent, is_completed = EXCLUDED.is_completed, updated_at = EXCLUDED.updated_at
WHERE (t.required_total, t.required_completed, t.percent, t.is_completed)
      IS DISTINCT FROM (EXCLUDED.required_total, EXCLUDED.required_completed, EXCLUDED.percent,
                        EXCLUDED.is_completed)
"""

_TARGETS = (
    (
        "org_member_product_course_progress",
        "course_id",
        ", last_placement_id, last_activity_at",
        ", NULL, NULL",
    ),
    ("org_member_product_course_module_progress", "module_id", "", ""),
    ("org_member_product_course_module_section_progress", "section_id", "", ""),
)


@dataclass(frozen=True)
class RollupResult:
    facts: int
    courses_changed: int
    modules_changed: int
    sections_changed: int


@transaction.atomic
def progress_rollup_run(
    *, actor: Actor, member_ids: list[int] | None = None, course_ids: list[int] | None = None
) -> RollupResult:
    """Recompute rollups for the given members and/or courses (all when None) in the active schema.

    The rows it writes are the learners' own record (not the audit log's): ``actor`` is checked, not
    recorded (PROGRESS_ROLLUP from the task, DEMO_SEED from the demo)."""
    actor_check(actor)
    # The wall clock, not now(): PostgreSQL's now() is the transaction's start, which would miss an
    # enrollment granted earlier in the same transaction.
    params = {"member_ids": member_ids, "course_ids": course_ids, "now": timezone.now()}
    changed = []
    with connection.cursor() as cursor:
        cursor.execute(_FACTS, params)
        cursor.execute("SELECT COUNT(*) FROM course_rollup_facts WHERE is_done")
        facts = cursor.fetchone()[0]
        for table, key, extra_columns, extra_values in _TARGETS:
            cursor.execute(
                _UPSERT.format(table=table, key=key, extra_columns=extra_columns, extra_values=extra_values)
            )
            changed.append(cursor.rowcount)
        cursor.execute("DROP TABLE course_rollup_facts")
    return RollupResult(facts, *changed)
