"""Two application servers behind nginx, one PostgreSQL, one Redis (issue 12).

The stack follows the README's deployment guide (see tests/deploy/stack.py): the
release's static files collected, two app servers started by the systemd unit's own
command with the environment file, nginx with the shipped site. An editor works on one
application server while readers come through nginx, which hands every read to both
servers in turn; no reader may get a stale page, feed or API answer.

Runs where DATABASE_URL is PostgreSQL and CACHE_URL is Redis (the PostgreSQL run of
.ci/run) and Debian's nginx is installed; under CI=true a missing nginx fails.
"""

import json
import os
import signal
import subprocess
import time
import uuid
from urllib.parse import quote

import pytest
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.db import connection

from articles.models import Article
from shafaq.settings import parse_cache_url
from tests.deploy.stack import (
    DEPLOY,
    NGINX,
    Client,
    Editor,
    Stack,
    control_socket_answers,
    decoded,
    read_unit,
    unit_command,
)
from tests.deploy.test_config import needs_task_engine
from tests.factories import make_article, make_section, make_topic

CACHE_URL = os.environ.get("CACHE_URL", "")
PASSWORD = "correct horse battery staple"
HEADLINE = "Border guards take over the al-Qaim crossing"
CORRECTION = "An earlier version gave the wrong length for the border."

pytestmark = [
    pytest.mark.deploy,
    # CI installs nginx, so there a missing nginx fails instead of skipping.
    pytest.mark.skipif(
        not NGINX.exists() and not os.environ.get("CI"),
        reason="needs Debian's nginx at /usr/sbin/nginx",
    ),
]


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    if connection.vendor != "postgresql" or not CACHE_URL.startswith("redis"):
        pytest.skip("needs DATABASE_URL on PostgreSQL and CACHE_URL on Redis")
    with django_db_blocker.unblock():
        db = connection.settings_dict
        database_url = (
            f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@"
            f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    separator = "&" if "?" in CACHE_URL else "?"
    stack = Stack(
        tmp=tmp_path_factory.mktemp("stack"),
        database_url=database_url,
        # Its own key prefix: nothing another run left in this Redis database counts.
        cache_url=f"{CACHE_URL}{separator}prefix=stack-{uuid.uuid4().hex[:12]}",
    )
    (stack.tmp / "media").mkdir()
    try:
        # The guide's release steps: migrations (already applied here) and static files.
        stack.manage("migrate", "--noinput")
        stack.manage("collectstatic", "--noinput")
        stack.start_app_server("a", 8132)
        stack.start_app_server("b", 8133)
        stack.start_nginx(http_port=8130, https_port=8131)
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def shared_cache(stack, settings):
    """What this test writes itself stamps the page cache's versions where the app
    servers read them: in the stack's Redis, beside its pages (readers.versions)."""
    local = settings.CACHES
    settings.CACHES = {"default": parse_cache_url(stack.cache_url)}
    yield
    settings.CACHES = local  # so that the suite's own cache.clear() stays local


def reader(stack) -> Client:
    return Client(
        stack.ports["https"], tls=True, headers={"Accept-Encoding": "br, gzip"}
    )


def read_on_both(client: Client, path: str) -> list:
    """nginx passes consecutive requests to the two app servers in turn: ask twice."""
    return [client.get(path) for _ in range(2)]


def assert_everywhere(client, story, *, visible: bool, corrected: bool = False):
    detail = story.get_absolute_url()
    for response in read_on_both(client, detail):
        assert response.status == (200 if visible else 410 if corrected else 404)
        if visible:
            assert HEADLINE in decoded(response)
            assert (CORRECTION in decoded(response)) is corrected
    surfaces = {
        "/en/": HEADLINE,
        "/en/stories/": HEADLINE,
        "/en/feeds/stories.rss": HEADLINE,
        "/en/feeds/stories.atom": HEADLINE,
        "/api/v1/articles/": HEADLINE,
        "/sitemap-stories.xml": detail,
    }
    for path, sign in surfaces.items():
        for response in read_on_both(client, path):
            assert response.status == 200, path
            assert (sign in decoded(response)) is visible, path
    for response in read_on_both(client, f"/api/v1/articles/{story.uuid}/"):
        assert response.status == (200 if visible else 404)
        if visible:
            assert (CORRECTION in decoded(response)) is corrected
    for response in read_on_both(client, "/en/corrections/"):
        page = decoded(response)
        # A withdrawal stays on the public record (issue 9): the story's corrections
        # and a notice with its headline remain, but nothing links to it any more.
        assert (CORRECTION in page) is corrected
        if corrected and not visible:
            assert HEADLINE in page
            assert f'href="{story.get_absolute_url()}"' not in page


def test_an_editor_on_one_server_and_readers_through_nginx_see_one_story(
    transactional_db, stack, shared_cache, settings
):
    # The app servers check passwords with the production hashers, not the tests' MD5.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    get_user_model().objects.create_superuser("chief", "chief@example.org", PASSWORD)
    story = make_article(
        headline=HEADLINE,
        slug="border-guards-al-qaim",
        status=Article.Status.DRAFT,
        publish_at=None,
        section=make_section(name="Security", slug="security"),
        topics=[make_topic(name="Border", slug="border")],
    )
    readers = reader(stack)
    editor = Editor(stack.ports["a"], "chief", PASSWORD)
    # Every surface read (and cached) while the story is a draft.
    assert_everywhere(readers, story, visible=False)

    editor.save_story(story.pk, _workflow="publish")
    assert_everywhere(readers, story, visible=True)

    editor.save_story(story.pk, **editor.correction_fields(story.pk, CORRECTION))
    assert_everywhere(readers, story, visible=True, corrected=True)

    editor.save_story(story.pk, _workflow="unpublish", workflow_note="Legal review")
    assert_everywhere(readers, story, visible=False, corrected=True)

    # The editor's requests went to server a only; server b answered readers.
    a_log, b_log = stack.access_log("a"), stack.access_log("b")
    assert "POST /admin/" in a_log and "POST" not in b_log
    assert b_log.count(f"GET {story.get_absolute_url()} ") >= 4
    assert b_log.count(f"GET /api/v1/articles/{story.uuid}/ ") >= 4


def test_nginx_serves_precompressed_static_files_and_media_itself(stack):
    manifest = json.loads((stack.tmp / "staticfiles" / "staticfiles.json").read_text())
    stylesheet = "/static/" + manifest["paths"]["css/site.css"]
    (stack.tmp / "media" / "note.txt").write_text("uploaded")
    client = Client(stack.ports["https"], tls=True)

    brotli = client.get(stylesheet, **{"Accept-Encoding": "br, gzip"})
    gzip = client.get(stylesheet, **{"Accept-Encoding": "gzip"})
    media = client.get("/media/note.txt")

    assert brotli.status == gzip.status == 200
    assert brotli.header("Content-Encoding") == "br"
    assert gzip.header("Content-Encoding") == "gzip"
    assert "max-age=2592000" in brotli.header("Cache-Control")
    assert "Strict-Transport-Security" in brotli.headers
    assert media.status == 200 and media.body == b"uploaded"
    assert "sandbox" in media.header("Content-Security-Policy")
    # Neither went past nginx.
    assert stylesheet not in stack.access_log("a") + stack.access_log("b")


def test_plain_http_redirects_to_https_except_the_health_check(stack):
    client = Client(stack.ports["http"])

    page = client.get("/en/stories/")
    health = client.get("/healthz")

    assert page.status == 301
    assert page.header("Location") == "https://news.example.org/en/stories/"
    assert health.status == 200
    assert json.loads(health.body)["status"] == "ok"


def test_each_app_server_tells_systemd_when_it_is_ready(stack):
    # Type=notify in the unit: a restart returns only once the server can answer.
    assert set(stack.notified) == {"a", "b"}
    for message in stack.notified.values():
        assert "READY=1" in message.splitlines()


def test_each_app_server_has_its_own_control_socket(stack):
    sockets = stack.control_sockets()

    assert len(sockets) == 2
    for path in sockets:
        workers = json.loads(control_socket_answers(path))
        assert workers, path


def test_through_nginx_readers_get_shareable_compressed_answers_and_304s(
    transactional_db, stack, shared_cache
):
    story = make_article(headline=HEADLINE, slug="border-guards-al-qaim")
    client = reader(stack)

    for path in (
        story.get_absolute_url(),
        "/en/feeds/stories.rss",
        "/api/v1/articles/",
    ):
        first = client.get(path)
        again = client.get(path, **{"If-None-Match": first.header("ETag")})

        assert first.status == 200, path
        assert first.header("Content-Encoding") == "br", path
        assert "public" in first.header("Cache-Control"), path
        assert "s-maxage=" in first.header("Cache-Control"), path
        assert "Cookie" not in first.header("Vary"), path
        assert again.status == 304, path


@needs_task_engine
def test_the_task_worker_runs_with_the_units_command_and_stops_on_term(stack):
    command, directory = unit_command(
        read_unit(DEPLOY / "systemd" / "shafaq-worker.service")
    )
    worker = subprocess.Popen(
        command,
        cwd=directory,
        env=stack.environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        time.sleep(5)
        assert worker.poll() is None, worker.stdout.read()
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=60)
    assert worker.returncode in (0, -signal.SIGTERM), output
