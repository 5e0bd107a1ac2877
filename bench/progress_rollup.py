"""Progress rollup: 100,000 lesson completions across 1,000 learners rolled up by set-based SQL.

    python -m bench.progress_rollup [--learners 1000] [--lessons 100] [--json PATH]

Runs through ``make bench`` (part ``rollup``) or alone under ``volmify.localservices``.
In the demo org "acme" of the benchmark database it builds, inside one
transaction that is rolled back at the end, a course of ``--lessons`` lessons
(10 modules x 2 sections at tiers 1-3), ``--learners`` enrolled learners (a third
at each tier) and one completion per learner and lesson, then times
``progress_rollup_run`` for the whole course (cold), and again (idempotent: no
rows change). Reports completions/second and peak memory (Python heap during
the rollup, and the process's max RSS).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

GOAL_PER_SECOND = 50_000


class Rollback(Exception):
    pass


def build(learners: int, lessons: int) -> tuple[int, int]:
    """Course, lessons, learners, enrollments and completions, inserted set-wise.

    Returns the course id and the number of completions."""
    from django.db import connection

    from apps.course.models import OrgProductCourse
    from apps.product.models import OrgProduct

    product = OrgProduct.objects.create(product_type="course", status="published")
    course = OrgProductCourse.objects.create(product=product, difficulty=5)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH m AS (
                INSERT INTO org_product_course_module (course_id, position, required_access_tier)
                SELECT %s, g, CASE WHEN g >= 8 THEN 3 WHEN g >= 5 THEN 2 END FROM generate_series(0, 9) g
                RETURNING id, position
            ), s AS (
                INSERT INTO org_product_course_module_section (module_id, position)
                SELECT m.id, g FROM m, generate_series(0, 1) g RETURNING id
            ), l AS (
                INSERT INTO org_lesson (lesson_type, video_url, captions_url, file, pass_mark_percent,
                                        created_at, updated_at)
                SELECT 'text', '', '', '', 70, now(), now() FROM generate_series(1, %s) RETURNING id
            ), numbered_s AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM s),
               numbered_l AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM l)
            INSERT INTO org_product_course_module_section_lesson
                (section_id, lesson_id, position, is_preview, is_required)
            SELECT numbered_s.id, numbered_l.id, numbered_l.n, false, true
            FROM numbered_l JOIN numbered_s ON numbered_s.n = numbered_l.n %% 20
            """,
            [course.pk, lessons],
        )
        cursor.execute(
            """
            WITH u AS (
                INSERT INTO public."user" (password, is_superuser, email, is_staff, is_active, date_joined)
                SELECT '!', false, 'rollup-bench-' || g || '-' || %s || '@example.com', false, true, now()
                FROM generate_series(1, %s) g RETURNING id
            ), mem AS (
                INSERT INTO org_member (user_id, role, joined_at)
                SELECT id, 'learner', now() FROM u RETURNING id
            )
            INSERT INTO org_member_product_course_enrollment
                (member_id, course_id, access_tier, starts_at, source, created_at)
            SELECT id, %s, 1 + (id %% 3), now() - interval '1 day', 'manual', now() FROM mem
            """,
            [time.time_ns(), learners, course.pk],
        )
        cursor.execute(
            """
            INSERT INTO org_member_lesson_progress (member_id, lesson_id, started_at, completed_at)
            SELECT e.member_id, p.lesson_id, now(), now()
            FROM org_member_product_course_enrollment e
            JOIN org_product_course_module_section_lesson p ON true
            JOIN org_product_course_module_section s ON s.id = p.section_id
            JOIN org_product_course_module m ON m.id = s.module_id AND m.course_id = e.course_id
            WHERE e.course_id = %s
            """,
            [course.pk],
        )
        completions = cursor.rowcount
        cursor.execute("ANALYZE")
    return course.pk, completions


def measure(learners: int, lessons: int) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from apps.course.rollup import progress_rollup_run
    from apps.org.models import Org
    from volmify.actors import MAINTENANCE

    schema = Org.objects.get(slug="acme").schema_name
    result: dict = {}
    try:
        with schema_context(schema), transaction.atomic():
            course_id, completions = build(learners, lessons)
            tracemalloc.start()
            start = time.perf_counter()
            first = progress_rollup_run(actor=MAINTENANCE, course_ids=[course_id])
            cold = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            start = time.perf_counter()
            second = progress_rollup_run(actor=MAINTENANCE, course_ids=[course_id])
            again = time.perf_counter() - start
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT COUNT(*), SUM(required_completed) FROM org_member_product_course_progress "
                    "WHERE course_id = %s",
                    [course_id],
                )
                rows, completed = cursor.fetchone()
            result = {
                "learners": learners,
                "lessons": lessons,
                "completions": completions,
                "completions_within_tier": int(completed or 0),
                "course_rows": rows,
                "cold_s": cold,
                "rerun_s": again,
                "completions_per_s": completions / cold,
                "rerun_rows_changed": _changed(second),
                "first_rows_written": _changed(first),
                "python_peak_mb": peak / 1e6,
                "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
            raise Rollback
    except Rollback:
        pass
    return result


def _changed(result: Any) -> int:
    return result.courses_changed + result.modules_changed + result.sections_changed


def report(r: dict) -> str:
    met = "met" if r["completions_per_s"] >= GOAL_PER_SECOND and r["rerun_rows_changed"] == 0 else "MISSED"
    return (
        f"progress rollup: {r['completions']:,} completions x {r['learners']:,} learners "
        f"({r['completions_within_tier']:,} within tier) rolled up in {r['cold_s']:.3f} s "
        f"= {r['completions_per_s']:,.0f} completions/s (goal >= {GOAL_PER_SECOND:,}: {met}); "
        f"re-run {r['rerun_s']:.3f} s changed {r['rerun_rows_changed']} rows; "
        f"peak Python heap {r['python_peak_mb']:.1f} MB, max RSS {r['max_rss_mb']:.0f} MB"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--lessons", type=int, default=100)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--prepared", action="store_true", help="the bench database is already seeded")
    args = parser.parse_args(argv)
    from bench import database

    if (
        code := database.rerun_under_bench_settings("bench.progress_rollup", argv, prepared=args.prepared)
    ) is not None:
        return code
    result = measure(args.learners, args.lessons)
    print(report(result), flush=True)
    if args.json:
        args.json.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
