"""Celery tasks of the ledger app. ``ledger_post`` runs in the schema its headers carry;
``ledger_sweep`` runs in the public schema and sends ``ledger_post`` to every serving org."""

from __future__ import annotations

from celery import shared_task

from apps.ledger.services.posting import ledger_post_pending
from apps.org.models import Org
from volmify.actors import LEDGER


@shared_task(name="apps.ledger.tasks.ledger_post", acks_late=True)
def ledger_post() -> dict[str, object]:
    """Post the org's commerce events not yet in its ledger. Idempotent: a re-run posts nothing."""
    run = ledger_post_pending(actor=LEDGER)
    return {
        "transactions": run.posted.transactions,
        "entries": run.posted.entries,
        "refused_lines": run.refused_lines,
    }


@shared_task(name="apps.ledger.tasks.ledger_sweep")
def ledger_sweep() -> int:
    """Send ``ledger_post`` to every serving org (what a lost enqueue or a killed worker left)."""
    schemas = list(
        Org.objects.filter(status=Org.Status.ACTIVE, is_template=False)
        .exclude(schema_name="public")
        .values_list("schema_name", flat=True)
    )
    for schema in schemas:
        ledger_post.apply_async(headers={"_schema_name": schema})
    return len(schemas)
