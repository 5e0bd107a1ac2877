"""django-tenants' backend without the redundant ``SET search_path`` on every request.

django-tenants forgets the applied search path whenever a tenant is set, and its
middleware sets the public schema and then the request's tenant, so every request
pays one ``SET search_path`` round trip even when the connection, kept open by
``CONN_MAX_AGE``, already has that path. This wrapper remembers the path the
server has (``server_search_path``) and skips the statement when it would not
change it.

A wrong memory would run a request in another org's schema, so the memory is
only ever a claim the server's state backs. It is:

- forgotten before a ``SET`` runs and recorded only after it succeeded, so an
  exception of any kind in between (a Celery soft time limit, a timeout) leaves
  "unknown", never the previous path;
- forgotten on a new connection, close, rollback and savepoint rollback, where
  PostgreSQL undoes a ``SET`` made in the transaction;
- forgotten when a commit fails, or when it finds the transaction already in
  error (PostgreSQL then answers ``COMMIT`` with a rollback and raises nothing:
  the pattern of catching a ``DatabaseError`` inside ``atomic()``); django-tenants'
  own "already set in this request" flag is cleared there too, so the rest of
  the request sets the path again;
- forgotten after any statement sent through Django's cursors that may change
  the path or end the transaction behind Django's back (``SET search_path``,
  ``SET SCHEMA``, ``set_config``, ``RESET``, ``DISCARD``, ``ROLLBACK``...).

Statements sent on the raw driver connection (``connection.connection``) and
functions that change the path for the session are not seen; nothing in the
project does either.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.backends.postgresql.base import CursorDebugWrapper
from django.db.backends.utils import CursorWrapper
from django_tenants.postgresql_backend import base
from psycopg import pq

# May change the search path or end the transaction that set it. False positives cost one SET.
PATH_CHANGING_STATEMENT = re.compile(
    r"set_config|pg_settings|\bset\s+(?:session\s+|local\s+)?(?:search_path|schema)\b"
    r"|(?:^|;)\s*(?:reset|discard|rollback|abort|commit|end|prepare\s+transaction|do)\b",
    re.IGNORECASE,
)


# A single statement that starts with one of these can change the path only through a function
# or a setting named in it; checked with plain substring tests, since the regex costs tens of
# microseconds on a long ORM query.
PLAIN_STATEMENT_HEADS = ("select", "insert", "update", "delete", "with", "savepoint", "release", "show")
PATH_MARKERS = ("search_path", "set_config", "pg_settings", "schema")


def may_change_search_path(sql: object) -> bool:
    if not isinstance(sql, str):
        return True
    text = sql.lower()
    plain = ";" not in text and text.lstrip().startswith(PLAIN_STATEMENT_HEADS)
    if plain and not any(marker in text for marker in PATH_MARKERS):
        return False
    return PATH_CHANGING_STATEMENT.search(text) is not None


class WatchesSearchPath:
    """Cursor methods that tell the connection when a statement may have changed its path."""

    db: DatabaseWrapper

    def execute(self, sql: Any, params: Any = None) -> Any:
        try:
            return super().execute(sql, params)  # type: ignore[misc]
        finally:
            self.db.statement_sent(sql)

    def executemany(self, sql: Any, param_list: Any) -> Any:
        try:
            return super().executemany(sql, param_list)  # type: ignore[misc]
        finally:
            self.db.statement_sent(sql)

    def callproc(self, procname: str, params: Any = None, kparams: Any = None) -> Any:
        try:
            return super().callproc(procname, params, kparams)  # type: ignore[misc]
        finally:
            self.db.search_path_forget()  # a procedure may do anything


class WatchingCursorWrapper(WatchesSearchPath, CursorWrapper):
    pass


class WatchingCursorDebugWrapper(WatchesSearchPath, CursorDebugWrapper):
    pass


class DatabaseWrapper(base.DatabaseWrapper):
    server_search_path: list[str] | None = None

    def _handle_search_path(self, cursor: Any = None) -> None:
        if self._server_has_search_path():
            self.search_path_set_schemas = self.server_search_path
            return
        if self._setting_search_path:
            return  # the SET's own cursor re-entering; the parent ignores it too
        self.server_search_path = None
        super()._handle_search_path(cursor)
        self.server_search_path = self.search_path_set_schemas  # None when the SET failed

    def _server_has_search_path(self) -> bool:
        applied = self.server_search_path
        if self.search_path_set_schemas is not None or applied is None or self._setting_search_path:
            return False
        return applied == self._get_cursor_search_paths()

    def search_path_forget(self) -> None:
        """The server's path is unknown: the next cursor sets it, in this request too."""
        self.server_search_path = None
        self.search_path_set_schemas = None

    def statement_sent(self, sql: object) -> None:
        if not self._setting_search_path and may_change_search_path(sql):
            self.search_path_forget()

    def make_cursor(self, cursor: Any) -> CursorWrapper:
        return WatchingCursorWrapper(cursor, self)

    def make_debug_cursor(self, cursor: Any) -> CursorWrapper:
        return WatchingCursorDebugWrapper(cursor, self)

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        self.server_search_path = None
        return super().get_new_connection(conn_params)

    def commit(self) -> None:
        was_in_error = self._transaction_in_error()
        try:
            super().commit()
        except BaseException:
            self.search_path_forget()
            raise
        if was_in_error:
            self.search_path_forget()

    def _transaction_in_error(self) -> bool:
        raw = self.connection
        return raw is not None and raw.info.transaction_status == pq.TransactionStatus.INERROR

    # Forgotten after the parent's work: it may open a cursor (a savepoint rollback does), which
    # would record the path set inside the transaction that this very call undoes.
    def close(self) -> None:
        try:
            super().close()
        finally:
            self.server_search_path = None

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.server_search_path = None

    def savepoint_rollback(self, sid: str) -> None:
        try:
            super().savepoint_rollback(sid)
        finally:
            self.server_search_path = None
