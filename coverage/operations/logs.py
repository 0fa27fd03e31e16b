"""Log records as JSON lines, one object per line on stdout.

Why python-json-logger rather than structlog: it is a formatter for the standard
logging module, so every logger already in the process (Django's request errors with
their tracebacks, gunicorn, libraries) comes out as JSON through one LOGGING entry,
without wrapping or replacing any call site.

Each line is an object with at least "timestamp" (ISO 8601, UTC), "level", "logger"
and "message"; lines written while a request is handled also carry its "request_id";
an error carries its traceback as text in "exc_info". Nothing here reads headers,
cookies or bodies, and any extra field whose name suggests a credential, as well as
Django's request object (whose repr holds the query string), is dropped before writing.
"""

import contextvars
import logging
import re

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

SENSITIVE_NAME = re.compile(
    r"pass|secret|token|session|cookie|authori[sz]ation|api[_-]?key|csrf|otp",
    re.IGNORECASE,
)
DROPPED = {"request"}


class RequestIdFilter(logging.Filter):
    """Stamp every record with the id of the request being handled (or leave it out)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = current_request_id.get()
        if request_id and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True


class JsonFormatter(_JsonFormatter):
    """python-json-logger's formatter with our field names and credential filter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "{levelname}{name}{message}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict):
        super().add_fields(log_data, record, message_dict)
        for key in list(log_data):
            if key in DROPPED or SENSITIVE_NAME.search(key):
                del log_data[key]
