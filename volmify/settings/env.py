"""Reading configuration from the environment, with no third-party parser."""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import parse_qsl, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


def required(name: str) -> str:
    """The value of a variable production cannot run without."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def boolean(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_from_url(url: str) -> dict[str, Any]:
    """A Django DATABASES entry from a postgres:// URL (a socket dir may be ?host=/path)."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or postgresql:// URL.")
    query = dict(parse_qsl(parsed.query))
    return {
        "ENGINE": "volmify.db",
        "NAME": unquote(parsed.path.lstrip("/")) or "volmify",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": query.pop("host", None) or parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "OPTIONS": query,
    }


def database_settings(url: str) -> dict[str, Any]:
    """The project's database: ``url`` with a persistent connection per worker.

    - Parameters are bound on the server, so psycopg prepares a statement run twice on a
      connection and PostgreSQL stops planning it on every request (the course player's state
      query took longer to plan than to run). PostgreSQL re-plans a prepared statement when the
      search path, that is the tenant, changes.
    - No health check: Django's would send ``SELECT 1`` before the first query of every request,
      a round trip that cost the course player about 7% of its time. A connection the server
      dropped (a restart, a failover) fails the one request that finds it; Django closes it at the
      end of that request and the next one reconnects.
    """
    database = database_from_url(url)
    database["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 2, **database["OPTIONS"]}
    return {**database, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": False}


def celery_broker_from_redis_url(url: str) -> str:
    """Kombu names a Unix-socket Redis ``redis+socket://``; redis-py names it ``unix://``."""
    if url.startswith("unix://"):
        return "redis+socket://" + url.removeprefix("unix://")
    return url
