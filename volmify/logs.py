"""Logging pieces named by ``settings.LOGGING``."""

from __future__ import annotations

import logging

SERVER_ERROR = 500


class ClientErrorsInOneLine(logging.Filter):
    """A 4xx answer (PermissionDenied, a 404, a bad request) is the designed outcome of a request,
    not a fault: log its one line without the traceback Django attaches. 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < SERVER_ERROR:
            record.exc_info = None
            record.exc_text = None
        return True
