"""A real Celery worker, over real Redis, runs each task in the schema the task names."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlparse, urlunparse

import pytest
from django.db import connection

from apps.member.tasks import schema_probe
from volmify.celery import app


def _test_database_url() -> str:
    """DATABASE_URL with its database swapped for the one this pytest run created."""
    url = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(url._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture
def worker_queue(db):
    """A worker on a queue of this run's own, so parallel runs never take each other's tasks."""
    queue = f"test-worker-{os.getpid()}"
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "volmify.settings.test",
        "DATABASE_URL": _test_database_url(),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "volmify",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        env=environ,
    )
    app.conf.task_always_eager = False
    yield queue
    app.conf.task_always_eager = True
    worker.terminate()
    worker.wait(timeout=30)


@pytest.mark.worker
def test_tasks_run_in_the_schema_they_carry(worker_queue, org_a, org_b):
    results = {
        org.schema_name: schema_probe.apply_async(
            queue=worker_queue, headers={"_schema_name": org.schema_name}
        )
        for org in (org_a, org_b)
    }
    assert results[org_a.schema_name].get(timeout=60) == {
        "schema": "org_alpha",
        "members": ["owner@alpha.test"],
    }
    assert results[org_b.schema_name].get(timeout=60) == {
        "schema": "org_beta",
        "members": ["owner@beta.test"],
    }
