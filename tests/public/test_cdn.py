"""What a CDN in front of the site is told, and when it is told to forget (issue 12).

Every public surface (the leak test's PUBLIC_URLS) answers anonymous readers with a
shareable Cache-Control, an ETag honoured by a conditional GET, no `Vary: Cookie`, and
compressed HTML; the same URLs for a signed-in user, the admin and previews are
`private, no-store` and never compressed. The purge hook fires on exactly the events
that drop the page cache, once per transaction, at a receiver on loopback.
"""

import gzip
import http.server
import json
import threading

import brotli
import pytest
from django.apps import apps
from django.db import transaction
from django.urls import reverse

from readers import cache as page_cache
from readers import versions
from tests.factories import hours_ahead, make_article, make_source
from tests.public.test_visibility import (  # noqa: F401 (leaky_world is a fixture)
    PUBLIC_URLS,
    leaky_world,
    slugs,
)

pytestmark = pytest.mark.django_db

SHAREABLE = (
    "public",
    "max-age=",
    "s-maxage=",
    "stale-while-revalidate=",
    "stale-if-error=",
)
URLS = [template for template, _shows in PUBLIC_URLS] + ["/robots.txt", "/api/schema/"]


def directives(response) -> dict[str, str]:
    parts = [part.strip() for part in response["Cache-Control"].split(",")]
    return dict((part.split("=", 1) + [""])[:2] for part in parts if part)


def varies_on(response) -> set[str]:
    return {value.strip().lower() for value in response.get("Vary", "").split(",")}


@pytest.mark.parametrize("template", URLS)
def test_every_public_surface_tells_a_cdn_it_may_share_it(
    client,
    leaky_world,  # noqa: F811 (the fixture)
    template,
):
    url = template.format(**slugs(leaky_world))

    response = client.get(url)

    assert response.status_code == 200, url
    control = directives(response)
    assert {"public", "max-age", "s-maxage"} <= control.keys(), url
    assert {"stale-while-revalidate", "stale-if-error"} <= control.keys(), url
    assert "private" not in control and "no-store" not in control
    assert "cookie" not in varies_on(response), url
    assert not response.cookies, url


@pytest.mark.parametrize("template", URLS)
def test_a_conditional_get_of_a_public_surface_answers_304(
    client,
    leaky_world,  # noqa: F811 (the fixture)
    template,
):
    url = template.format(**slugs(leaky_world))
    first = client.get(url)

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304, url
    assert again.content == b""
    assert "public" in directives(again)


@pytest.mark.parametrize("template", URLS)
def test_a_signed_in_user_gets_the_same_surfaces_private_and_uncompressed(
    admin_client,
    leaky_world,  # noqa: F811 (the fixture)
    template,
):
    url = template.format(**slugs(leaky_world))

    response = admin_client.get(url, headers={"Accept-Encoding": "br, gzip"})

    assert response.status_code == 200, url
    assert directives(response).keys() >= {"private", "no-store"}, url
    assert "public" not in directives(response)
    assert "Content-Encoding" not in response, url


def test_the_admin_and_previews_are_private_and_never_shared(admin_client, world):
    story = world["story"]
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_preview", args=[story.pk]),
    ]

    for url in urls:
        response = admin_client.get(url, headers={"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200, url
        assert directives(response).keys() >= {"private", "no-store"}, url
        assert "Content-Encoding" not in response, url


def test_the_anonymous_login_page_holds_a_csrf_token_so_it_is_private(client):
    response = client.get(reverse("admin:login"), headers={"Accept-Encoding": "br"})

    assert directives(response).keys() >= {"private", "no-store"}
    assert "Content-Encoding" not in response


def test_a_partner_with_a_key_is_answered_privately_but_compressed(client, world):
    from partners.models import APIKey

    _key, full_key = APIKey.issue(name="Wire partner")

    response = client.get(
        "/api/v1/articles/",
        headers={"Authorization": f"Api-Key {full_key}", "Accept-Encoding": "gzip"},
    )

    assert directives(response).keys() >= {"private", "no-store"}
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["results"]


@pytest.mark.parametrize(
    ("accepts", "coding", "decode"),
    [("gzip", "gzip", gzip.decompress), ("gzip, br", "br", brotli.decompress)],
)
def test_anonymous_pages_are_compressed_as_the_reader_accepts(
    client, world, accepts, coding, decode
):
    story = world["story"]
    plain = client.get(story.get_absolute_url()).content

    response = client.get(
        story.get_absolute_url(), headers={"Accept-Encoding": accepts}
    )

    assert response["Content-Encoding"] == coding
    assert "accept-encoding" in varies_on(response)
    assert decode(response.content) == plain
    assert len(response.content) < len(plain) / 2


def test_a_compressed_page_still_answers_a_conditional_get(client, world):
    url = world["story"].get_absolute_url()
    first = client.get(url, headers={"Accept-Encoding": "br"})

    again = client.get(
        url, headers={"Accept-Encoding": "br", "If-None-Match": first["ETag"]}
    )

    assert first["ETag"].startswith('W/"')  # the body changed encoding
    assert again.status_code == 304
    # As its 200 would (RFC 9110, 15.4.5): a shared cache keeps one answer per
    # encoding and the validator it revalidated.
    assert again["ETag"] == first["ETag"]
    assert varies_on(again) == varies_on(first)


def test_errors_and_writes_are_never_shared(client, world):
    missing = client.get("/api/v1/articles/?from=not-a-date")
    write = client.post("/api/v1/drafts/", {}, content_type="application/json")

    assert missing.status_code == 400
    assert directives(missing).keys() >= {"private", "no-store"}
    assert directives(write).keys() >= {"private", "no-store"}


def test_a_cdn_keeps_no_page_past_the_next_scheduled_story(client, settings, world):
    settings.CDN_MAX_AGE, settings.CDN_S_MAXAGE = 600, 3600
    make_article(headline="Embargoed", slug="embargoed", publish_at=hours_ahead(0.05))

    fresh = client.get("/en/stories/")
    cached = client.get("/en/stories/")

    assert cached["X-Page-Cache"] == "hit"
    for response in (fresh, cached):
        assert 0 < int(directives(response)["s-maxage"]) <= 180
        assert 0 < int(directives(response)["max-age"]) <= 180


# The purge hook, against a receiver on loopback (port 8134, this suite's own range).


class Receiver(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, dict(self.headers), body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    Receiver.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 8134), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CDN_PURGE_URL = "http://127.0.0.1:8134/client/v4/zones/z1/purge_cache"
    settings.CDN_PURGE_AUTHORIZATION = "Bearer cdn-test-token"
    yield Receiver.received
    server.shutdown()
    server.server_close()


def test_publishing_through_the_admin_purges_the_cdn_once(
    cdn, transactional_db, admin_client
):
    from articles.models import Article
    from tests.factories import make_section, make_topic
    from tests.workflow.admin_forms import open_and_post

    story = make_article(
        status=Article.Status.DRAFT,
        publish_at=None,
        section=make_section(),
        topics=[make_topic()],
    )
    cdn.clear()

    open_and_post(admin_client, story, _workflow="publish")

    assert len(cdn) == 1
    path, headers, body = cdn[0]
    assert path == "/client/v4/zones/z1/purge_cache"
    assert headers["Authorization"] == "Bearer cdn-test-token"
    assert json.loads(body) == {"purge_everything": True}


def test_the_cdn_is_purged_on_exactly_the_events_that_drop_the_page_cache(
    cdn, transactional_db
):
    # Every model's save goes through the page cache's one invalidation decision.
    for model in apps.get_models():
        before = versions.store().current()
        cdn.clear()

        page_cache._content_changed(sender=model)

        dropped = versions.store().current() != before
        assert (len(cdn) == 1) is dropped, model


def test_a_rolled_back_save_sends_nothing_and_the_next_one_purges_once(
    cdn, transactional_db
):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_source(name="Never saved")
        raise RuntimeError
    with transaction.atomic():
        make_source(name="Saved")
        make_source(name="Saved with it")

    assert len(cdn) == 1


def test_an_unreachable_cdn_never_fails_the_save(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_URL = "http://127.0.0.1:8135/purge"  # nothing listens here

    with django_capture_on_commit_callbacks(execute=True):
        source = make_source(name="Saved anyway")

    assert source.pk
    assert "CDN purge failed" in caplog.text


def test_without_a_purge_url_nothing_is_sent(
    settings, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_URL = ""

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_source(name="Quiet")

    assert all(callback.__name__ != "purge_cdn" for callback in callbacks)


def test_a_view_that_sets_a_shorter_max_age_keeps_it(rf, settings):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from shafaq.middleware import SharedCacheHeadersMiddleware

    request = rf.get("/en/live/updates.json")
    request.user = AnonymousUser()
    middleware = SharedCacheHeadersMiddleware(
        lambda request: HttpResponse("{}", headers={"Cache-Control": "max-age=15"})
    )

    control = directives(middleware(request))

    assert control["public"] == ""
    assert control["max-age"] == control["s-maxage"] == "15"


@pytest.mark.parametrize(
    "path", ["/api/v1/articles/", "/api/v1/timeline/", "/api/v1/events/"]
)
def test_a_shared_api_answer_varies_on_both_headers_a_key_comes_in(client, world, path):
    """A CDN keeps the anonymous copy apart from keyed reads, whichever header the
    key arrives in (Authorization: Api-Key ... or X-API-Key)."""
    response = client.get(path)

    assert "public" in directives(response)
    assert {"authorization", "x-api-key"} <= varies_on(response)
