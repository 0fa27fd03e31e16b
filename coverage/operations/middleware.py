"""One JSON log line per request, and a request id the client and the proxy can quote."""

import logging
import re
import time
import uuid

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from articles.clients import client_address
from operations.logs import current_request_id

logger = logging.getLogger("shafaq.request")

REQUEST_ID_HEADER = "X-Request-ID"
# An id our own proxy assigned (nginx's $request_id is 32 hex digits); anything
# else is replaced, so a client cannot write arbitrary text into our logs.
ACCEPTED_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Answered without trouble, these are logged at DEBUG (DJANGO_LOG_LEVEL=DEBUG shows them).
QUIET_PATHS = {"/healthz"}


def request_id_for(request) -> str:
    """The proxy's id when a trusted proxy sent one, else a new random one (32 hex)."""
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.TRUSTED_PROXY_COUNT and ACCEPTED_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestLogMiddleware:
    """Log method, path, status, duration, staff user id and client address per request.

    It must come first in MIDDLEWARE so that its duration and status cover the others
    (HTTPS redirects, CSRF refusals, page-cache hits). The path is logged without its
    query string, which may carry tokens; no header, cookie or body is ever read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_for(request)
        request.request_id = request_id
        token = current_request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            self.log(request, response.status_code, started)
            return response
        finally:
            current_request_id.reset(token)

    def log(self, request, status: int, started: float) -> None:
        user = getattr(request, "user", None)
        if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
            # Nothing asked who this is; asking now would cost a query per request.
            user = None
        staff_id = user.pk if user is not None and user.is_staff else None
        if status >= 500:
            level = logging.ERROR
        elif status < 400 and request.path in QUIET_PATHS:
            level = logging.DEBUG  # load balancers ask every few seconds
        else:
            level = logging.INFO
        logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": staff_id,
                "client": client_address(request),
            },
        )
