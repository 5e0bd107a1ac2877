"""Celery tasks of the instructor app (public schema)."""

from __future__ import annotations

from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from apps.instructor.emails import instructor_email_send
from apps.instructor.models import InstructorLibraryLesson, InstructorLibraryLessonImport
from apps.org.selectors import org_url


@shared_task(name="apps.instructor.tasks.library_lesson_updated_notify", acks_late=True)
def library_lesson_updated_notify(*, library_lesson_id: int) -> int:
    """Email the owner of each copy of a library lesson that is behind its latest version, once per
    version, in the recipient's language, with a link to each org's studio library. Idempotent: a
    copy is marked with the version it was told about in the same transaction as the send is queued.
    Returns the number of emails sent."""
    snapshot = InstructorLibraryLesson.objects.filter(pk=library_lesson_id).first()
    if snapshot is None:
        return 0
    with transaction.atomic():
        imports = list(
            InstructorLibraryLessonImport.objects.select_for_update(of=("self",))
            .filter(
                library_lesson=snapshot, version__lt=snapshot.version, notified_version__lt=snapshot.version
            )
            .select_related("org", "imported_by")
            .order_by("pk")
        )
        by_email: dict[str, list[InstructorLibraryLessonImport]] = {}
        for row in imports:
            if row.imported_by is not None and row.imported_by.email:
                by_email.setdefault(row.imported_by.email.lower(), []).append(row)
        InstructorLibraryLessonImport.objects.filter(pk__in=[row.pk for row in imports]).update(
            notified_version=snapshot.version
        )
        path = reverse("studio_library", urlconf=settings.ROOT_URLCONF)
        for email, rows in by_email.items():
            context = {
                "lesson_title": snapshot.title,
                "version": snapshot.version,
                "copies": [
                    {"org_name": row.org.name, "copied": row.version, "url": org_url(row.org, path)}
                    for row in rows
                ],
            }
            transaction.on_commit(
                partial(instructor_email_send, to=email, template="library_update", context=context)
            )
    return len(by_email)
