"""The studio's curriculum builder: the outline of a 60-lesson course, rendered in process.

    python -m bench.studio_outline [-n 50] [--prepared]

Runs through ``make bench`` (part ``studio``) or alone under ``volmify.localservices``. In acme's
schema of the benchmark database it builds (once; found again by its slug) a course of 6 modules
x 2 sections x 5 text lessons through the outline services, then requests
``/studio/courses/<id>/`` as acme's owner through Django's test client, ``-n`` times with the
outline cache warm (as every later visit finds it) and ``-n`` times just after an edit
(the course's version moved, so the outline is built afresh), and reports the median milliseconds and the
query count of each. Issue 12's goal: under 150 ms with a query count that does not grow with the
outline.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

GOAL_MS = 150.0
SLUG = "bench-outline-60"
OWNER = "owner@acme.example"


def course_ready():
    from apps.course.models import OrgProductCourse
    from apps.course.services.lessons import lesson_create
    from apps.course.services.outline import module_create, placement_create, section_create
    from apps.locale_region.selectors import org_locale_keys
    from apps.product.models import OrgProduct
    from apps.product.services import product_create
    from volmify.actors import DEMO_SEED

    product = OrgProduct.objects.filter(translations__slug=SLUG).first()
    if product is None:
        product = product_create(
            actor=DEMO_SEED,
            product_type="course",
            language_code=org_locale_keys()[0],
            title="Bench: 60 lessons",
            slug=SLUG,
        )
    course = OrgProductCourse.objects.get(product=product)
    if not course.modules.exists():
        for m in range(6):
            module = module_create(actor=DEMO_SEED, course=course, title=f"Module {m + 1}")
            for s in range(2):
                section = section_create(actor=DEMO_SEED, module=module, title=f"Section {m + 1}.{s + 1}")
                for p in range(5):
                    title = f"Lesson {m + 1}.{s + 1}.{p + 1}"
                    lesson = lesson_create(
                        actor=DEMO_SEED, lesson_type="text", title=title, body_markdown=title
                    )
                    placement_create(actor=DEMO_SEED, section=section, lesson=lesson)
    return course


def _timed(client, url: str, n: int, before=None) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    for _ in range(n):
        if before:
            before()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(timings), len(queries)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=50, help="requests of each kind")
    parser.add_argument("--prepared", action="store_true", help="the benchmark database is ready")
    args = parser.parse_args()
    from bench.database import SETTINGS, bench_url, prepare

    if not args.prepared:
        prepare()
    os.environ["DATABASE_URL"] = bench_url()
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from apps.course.models import OrgProductCourse, OrgProductCourseModuleSectionLesson
    from bench.sessions import session_key_for

    with schema_context("org_acme"):
        course = course_ready()
        lessons = OrgProductCourseModuleSectionLesson.objects.filter(section__module__course=course).count()

    def edited() -> None:  # what every outline edit does: the course's version moves on
        with schema_context("org_acme"):
            OrgProductCourse.objects.filter(pk=course.pk).update(updated_at=timezone.now())

    client = Client(HTTP_HOST="acme.localhost")
    client.cookies["sessionid"] = session_key_for(OWNER)
    url = f"/studio/courses/{course.pk}/"
    assert client.get(url).status_code == 200
    warm_ms, warm_queries = _timed(client, url, args.n)
    cold_ms, cold_queries = _timed(client, url, args.n, before=edited)
    verdict = "met" if max(warm_ms, cold_ms) < GOAL_MS else "MISSED"
    print(f"studio outline, {lessons} lessons, median of {args.n}:")
    print(f"  outline cache warm: {warm_ms:6.1f} ms, {warm_queries} queries")
    print(f"  outline cache cold: {cold_ms:6.1f} ms, {cold_queries} queries")
    print(f"  goal < {GOAL_MS:.0f} ms: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
