import http.server
import json
import threading
from unittest import mock

import pytest
from django.test import TestCase
from django_tasks_db.management.commands.db_worker import Worker

from partners.models import APIKey, WebhookSubscription


class Receiver:
    """A partner's endpoint on loopback: records every request, answers as told."""

    def __init__(self):
        self.requests = []  # (path, headers, raw body)
        self.answers = []  # status codes (or (status, headers)) to give, in order
        handler = self._handler()
        # Port 0: the system picks a free port, so parallel runs never collide.
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/shafaq"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _handler(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.requests.append((self.path, dict(self.headers), body))
                answer = receiver.answers.pop(0) if receiver.answers else 204
                status, headers = answer if isinstance(answer, tuple) else (answer, {})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler

    def payloads(self) -> list[dict]:
        return [json.loads(body) for _path, _headers, body in self.requests]


@pytest.fixture
def receiver():
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture
def subscription(db, receiver):
    """Every event, to the loopback receiver (which an administrator allowed)."""
    key, _full_key = APIKey.issue(name="Partner wire")
    return WebhookSubscription.objects.create(
        api_key=key,
        url=receiver.url,
        events=list(WebhookSubscription.Event.values),
        allow_private_network=True,
    )


@pytest.fixture
def fast_retries(settings):
    """No waiting between attempts: the backoff schedule is a setting."""
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0


def run_worker() -> None:
    """What `manage.py db_worker --batch` does: run every due task, then stop.

    Tests run inside a transaction, so the retries a task queues "on commit" are
    run here, as the worker (in autocommit) would run them at once, and the worker
    must not close the connection that holds the test's transaction.
    """
    while True:
        with (
            TestCase.captureOnCommitCallbacks(execute=True) as queued,
            mock.patch(f"{Worker.__module__}.close_old_connections"),
        ):
            Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="tests",
                excluded_queue_names=[],
            ).run()
        if not queued:
            return
