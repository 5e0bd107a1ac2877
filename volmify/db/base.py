"""django-tenants' backend without the redundant ``SET search_path`` on every request.

django-tenants forgets the applied search path whenever a tenant is set, and its
middleware sets the public schema and then the request's tenant, so every request
pays one ``SET search_path`` round trip even when the connection, kept open by
``CONN_MAX_AGE``, already has that path. This wrapper remembers the path the
server has and skips the statement when it would not change it. The memory is
dropped wherever the server may have lost the path: a new connection, close,
rollback and savepoint rollback (where django-tenants drops its own flag).
"""

from __future__ import annotations

from typing import Any

from django_tenants.postgresql_backend import base


class DatabaseWrapper(base.DatabaseWrapper):
    server_search_path: list[str] | None = None

    def _handle_search_path(self, cursor: Any = None) -> None:
        if self._server_has_search_path():
            self.search_path_set_schemas = self.server_search_path
            return
        super()._handle_search_path(cursor)
        self.server_search_path = self.search_path_set_schemas

    def _server_has_search_path(self) -> bool:
        applied = self.server_search_path
        if self.search_path_set_schemas is not None or applied is None or self._setting_search_path:
            return False
        return applied == self._get_cursor_search_paths()

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        self.server_search_path = None
        return super().get_new_connection(conn_params)

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
