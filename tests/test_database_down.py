"""When the database misbehaves: /healthz says so within seconds; cached pages go on.

/healthz tells a load balancer whether this server can serve readers, naming only
states; the page cache keeps answering readers without touching the database.
"""

import socket
import sqlite3
import threading
import time

import pytest
from django.core.cache import caches
from django.db import OperationalError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

from shafaq import views
from tests.factories import make_article

pytestmark = pytest.mark.django_db

STATES = {"ok", "unavailable", "missing", "off"}


def probe_for(**overrides):
    """A database connection like the site's, pointed somewhere else."""
    settings_dict = {**connection.settings_dict, "OPTIONS": {}, **overrides}
    return load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        settings_dict, alias="healthz-probe"
    )


def sqlite_probe(path):
    return probe_for(ENGINE="django.db.backends.sqlite3", NAME=str(path))


def healthz_with(monkeypatch, client, probe):
    monkeypatch.setattr(views.connection, "copy", lambda *args, **kwargs: probe)
    return client.get("/healthz")


def assert_reveals_only_states(response):
    body = response.json()
    assert set(body) == {"status", "database", "cache"}
    assert set(body.values()) <= STATES | {"ok", "unavailable"}
    assert response["Cache-Control"] == "no-store"


def test_a_healthy_site_answers_200(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert_reveals_only_states(response)


def test_a_sqlite_file_moved_away_is_reported_missing(client, monkeypatch, tmp_path):
    gone = tmp_path / "db.sqlite3"

    response = healthz_with(monkeypatch, client, sqlite_probe(gone))

    assert response.status_code == 503
    assert response.json()["database"] == "missing"
    assert not gone.exists()  # the check did not create an empty one
    assert_reveals_only_states(response)


def test_an_empty_sqlite_file_is_reported_missing(client, monkeypatch, tmp_path):
    empty = tmp_path / "db.sqlite3"
    empty.touch()

    response = healthz_with(monkeypatch, client, sqlite_probe(empty))

    assert response.status_code == 503
    assert response.json()["database"] == "missing"


def test_a_database_that_was_never_migrated_is_reported_missing(
    client, monkeypatch, tmp_path
):
    other = tmp_path / "db.sqlite3"
    with sqlite3.connect(other) as database:
        database.execute("CREATE TABLE notes (text TEXT)")

    response = healthz_with(monkeypatch, client, sqlite_probe(other))

    assert response.status_code == 503
    assert response.json()["database"] == "missing"


@pytest.fixture
def frozen_server():
    """A TCP port that accepts connections and then never says a word (a SIGSTOPped server)."""
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []

    def accept():
        while True:
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield listener.getsockname()[1]
    listener.close()
    for peer in accepted:
        peer.close()


def test_a_frozen_postgresql_answers_503_within_seconds(
    client, monkeypatch, frozen_server
):
    pytest.importorskip("psycopg")
    probe = probe_for(
        ENGINE="django.db.backends.postgresql",
        NAME="shafaq",
        USER="shafaq",
        PASSWORD="unused",
        HOST="127.0.0.1",
        PORT=str(frozen_server),
        OPTIONS={"connect_timeout": 30},  # healthz caps it at 2 s an attempt
    )
    started = time.monotonic()

    response = healthz_with(monkeypatch, client, probe)

    # Bounded, not a speed target: without the cap this would wait 30 s or for ever.
    assert time.monotonic() - started < 15
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert_reveals_only_states(response)


def test_an_unreachable_cache_answers_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 10.0.0.5:6379")

    monkeypatch.setattr(caches["default"], "set", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert "10.0.0.5" not in response.content.decode()


def test_a_site_without_a_cache_is_healthy(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["cache"] == "off"


def test_the_health_check_is_answered_over_plain_http(client, settings):
    # The exemption comes from shafaq/settings.py (tests run with DEBUG off).
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/en/").status_code == 301
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("path", ["/en/", "/en/feeds/stories.rss", "/sitemap.xml"])
def test_a_cached_page_is_still_served_while_the_database_is_away(
    client, settings, monkeypatch, path
):
    settings.PAGE_CACHE_SECONDS = 300
    make_article()
    assert client.get(path).status_code == 200  # now cached

    def database_away(self):
        raise OperationalError("connection timeout expired")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", database_away)
    monkeypatch.setattr(
        BaseDatabaseWrapper, "close_if_unusable_or_obsolete", lambda s: None
    )

    response = client.get(path)

    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
