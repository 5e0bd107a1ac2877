"""Enqueueing Celery tasks the one way the project does it."""

from __future__ import annotations

from typing import Any

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, *, schema_name: str, countdown: float | None = None, **kwargs: Any) -> None:
    """Send ``task`` with ``kwargs`` once the current transaction commits.

    The schema travels in the ``_schema_name`` header that tenant-schemas-celery
    reads, so the worker runs the task in that org's schema whatever schema is
    active when the callback fires.
    """

    def send() -> None:
        task.apply_async(kwargs=kwargs, headers={"_schema_name": schema_name}, countdown=countdown)

    transaction.on_commit(send)
