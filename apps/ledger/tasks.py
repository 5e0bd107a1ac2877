"""Celery tasks of the ledger app. ``ledger_post`` and ``earnings_rollup`` run in the schema their
headers carry; the sweeps run in the public schema and send them to every serving org."""

from __future__ import annotations

from celery import shared_task

from apps.ledger.rollup import earnings_rollup_refresh
from apps.ledger.services.posting import ledger_post_pending
from apps.ledger.services.retainers import retainers_post
from apps.org.models import Org
from apps.org.selectors import tenant_connection
from volmify.actors import LEDGER
from volmify.tasks import enqueue_on_commit


def _serving_schemas() -> list[str]:
    return list(
        Org.objects.filter(status=Org.Status.ACTIVE, is_template=False)
        .exclude(schema_name="public")
        .values_list("schema_name", flat=True)
    )


@shared_task(name="apps.ledger.tasks.ledger_post", acks_late=True)
def ledger_post() -> dict[str, object]:
    """Post the org's commerce events not yet in its ledger. Idempotent: a re-run posts nothing.

    When it posted anything, the org's earnings rollup follows at once, so a creator's dashboard
    shows a sale or a refund within seconds rather than at the next hourly sweep."""
    run = ledger_post_pending(actor=LEDGER)
    if run.posted.transactions:
        enqueue_on_commit(earnings_rollup, schema_name=tenant_connection().schema_name)
    return {
        "transactions": run.posted.transactions,
        "entries": run.posted.entries,
        "refused_lines": run.refused_lines,
    }


@shared_task(name="apps.ledger.tasks.ledger_sweep")
def ledger_sweep() -> int:
    """Send ``ledger_post`` to every serving org (what a lost enqueue or a killed worker left)."""
    schemas = _serving_schemas()
    for schema in schemas:
        ledger_post.apply_async(headers={"_schema_name": schema})
    return len(schemas)


@shared_task(name="apps.ledger.tasks.earnings_rollup", acks_late=True)
def earnings_rollup() -> int:
    """Write this org's creator earnings to the public rollup (absolute totals; idempotent)."""
    org = Org.objects.get(schema_name=tenant_connection().schema_name)
    return earnings_rollup_refresh(actor=LEDGER, org=org)


@shared_task(name="apps.ledger.tasks.earnings_rollup_sweep")
def earnings_rollup_sweep() -> int:
    """Send ``earnings_rollup`` to every serving org (the pending part moves as days pass)."""
    schemas = _serving_schemas()
    for schema in schemas:
        earnings_rollup.apply_async(headers={"_schema_name": schema})
    return len(schemas)


@shared_task(name="apps.ledger.tasks.ledger_retainers_post", acks_late=True)
def ledger_retainers_post() -> dict[str, int]:
    """Post this org's fixed amounts per month for the complete months not yet posted, then
    refresh its earnings rollup when anything was posted. Idempotent: a re-run posts nothing."""
    org = Org.objects.get(schema_name=tenant_connection().schema_name)
    posted = retainers_post(actor=LEDGER, org=org)
    if posted.transactions:
        earnings_rollup_refresh(actor=LEDGER, org=org)
    return {"transactions": posted.transactions, "entries": posted.entries}


@shared_task(name="apps.ledger.tasks.ledger_retainers_sweep")
def ledger_retainers_sweep() -> int:
    """Send ``ledger_retainers_post`` to every serving org (beat, a few times a day: a month posts
    on the first run after it ends, and a run missed is caught by the next)."""
    schemas = _serving_schemas()
    for schema in schemas:
        ledger_retainers_post.apply_async(headers={"_schema_name": schema})
    return len(schemas)
