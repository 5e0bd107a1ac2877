"""The ledger's demo: the demo orders posted to the org's ledger and the creators' earnings rolled
up, through the production code (the posting services and the rollup), as the Celery tasks would.
Runs after the other apps' demos (INSTALLED_APPS order): the orders, the affiliations and the
credits exist. Idempotent: posting skips what is posted and the rollup writes absolute totals."""

from __future__ import annotations

from typing import Any

from apps.ledger.rollup import earnings_rollup_refresh
from apps.ledger.services.posting import ledger_post_pending
from volmify.actors import DEMO_SEED


def seed(org: Any) -> None:
    ledger_post_pending(actor=DEMO_SEED)
    earnings_rollup_refresh(actor=DEMO_SEED, org=org)
