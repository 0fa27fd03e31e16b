"""Webhooks: signed, retried, logged, paused, safe, and never lost while the worker is down."""

import base64
import datetime
import hashlib
import hmac
import json
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles import workflow
from articles.models import Article
from partners import webhooks
from partners.models import APIKey, WebhookDelivery, WebhookSubscription
from tests.factories import (
    hours_ago,
    hours_ahead,
    make_article,
    make_live_article,
    make_topic,
)
from tests.partners.conftest import run_worker

Status = WebhookDelivery.Status


def verify(secret: str, headers: dict, body: bytes, *, tolerance=300) -> bool:
    """The check the README gives partners (Standard Webhooks, v1)."""
    timestamp = int(headers["webhook-timestamp"])
    if abs(time.time() - timestamp) > tolerance:
        return False
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    return any(
        hmac.compare_digest(expected.decode(), signature.split(",", 1)[1])
        for signature in headers["webhook-signature"].split()
    )


def publish(article, editor):
    workflow.publish_article(article, by=editor)


@pytest.fixture
def draft(db):
    return make_article(
        status=Article.Status.DRAFT, publish_at=None, topics=[make_topic()]
    )


def test_publishing_sends_a_signed_timestamped_payload_to_the_receiver(
    subscription, receiver, draft, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()

    assert len(receiver.requests) == 1
    path, headers, body = receiver.requests[0]
    headers = {name.lower(): value for name, value in headers.items()}
    assert path == "/hooks/shafaq"
    assert headers["content-type"] == "application/json"
    assert verify(subscription.secret, headers, body)
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60
    payload = json.loads(body)
    delivery = WebhookDelivery.objects.get()
    assert payload == {
        "id": str(delivery.uuid),
        "event": "published",
        "uuid": str(draft.uuid),
        "language": "en",
        "occurred_at": payload["occurred_at"],
        "api_url": f"http://testserver/api/v1/articles/{draft.uuid}/".replace(
            "http://testserver", webhooks.settings.SITE_URL
        ),
    }
    assert datetime.datetime.fromisoformat(
        payload["occurred_at"]
    ) <= datetime.datetime.now(datetime.UTC)
    assert headers["webhook-id"] == str(delivery.uuid)
    assert delivery.status == Status.DELIVERED
    assert delivery.attempts == 1
    assert delivery.last_status_code == 204
    assert delivery.last_response_ms is not None


def test_a_tampered_body_or_an_old_timestamp_fails_verification(
    subscription, receiver, draft, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()
    _path, headers, body = receiver.requests[0]
    headers = {name.lower(): value for name, value in headers.items()}

    assert not verify(
        subscription.secret, headers, body.replace(b"published", b"deleted")
    )
    assert not verify("whsec_" + base64.b64encode(b"x" * 32).decode(), headers, body)
    old = {**headers, "webhook-timestamp": str(int(time.time()) - 3600)}
    assert not verify(subscription.secret, old, body)


def test_two_failures_are_retried_and_the_third_attempt_succeeds(
    subscription,
    receiver,
    draft,
    editor,
    fast_retries,
    django_capture_on_commit_callbacks,
):
    receiver.answers = [500, 500, 200]

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()

    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 3
    assert delivery.status == Status.DELIVERED
    assert delivery.attempts == 3
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 500, 200]
    # Every retry is the same event: same id, same bytes, each freshly signed.
    assert len({headers["webhook-id"] for _p, headers, _b in receiver.requests}) == 1
    assert len({body for _p, _h, body in receiver.requests}) == 1
    subscription.refresh_from_db()
    assert subscription.failing_since is None


def test_retries_back_off_exponentially_and_stop_after_a_day(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_RETRY_MAX_SECONDS = 4 * 3600

    delays = [webhooks.retry_delay(n).total_seconds() for n in range(1, 12)]

    assert delays[:5] == [30, 60, 120, 240, 480]
    assert max(delays) == 4 * 3600
    assert sum(delays) < 24 * 3600 < sum(delays) + 4 * 3600 * 5


def test_a_failed_attempt_waits_for_its_backoff_before_the_next(
    subscription, receiver, draft, editor, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 600
    receiver.answers = [503]

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()

    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 1
    assert delivery.status == Status.PENDING
    assert delivery.last_error == "HTTP 503"
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert (
        waiting.run_after
        >= delivery.attempt_log.get().attempted_at + datetime.timedelta(seconds=599)
    )


def test_a_delivery_made_while_the_worker_is_stopped_goes_out_when_it_starts(
    subscription, receiver, draft, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)  # no worker running: it waits in the database

    assert receiver.requests == []
    assert WebhookDelivery.objects.get().status == Status.PENDING
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()  # the worker comes back

    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().status == Status.DELIVERED


def test_a_rolled_back_change_sends_nothing(subscription, draft, editor):
    with pytest.raises(RuntimeError):
        with webhooks.transaction.atomic():
            publish(draft, editor)
            raise RuntimeError

    assert not WebhookDelivery.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_subscription_failing_for_a_day_is_paused_and_its_owner_told_in_the_admin(
    subscription,
    receiver,
    draft,
    editor,
    superuser,
    client,
    django_capture_on_commit_callbacks,
):
    subscription.owner = superuser
    subscription.failing_since = hours_ago(25)
    subscription.save()
    receiver.answers = [500]

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()

    subscription.refresh_from_db()
    assert subscription.is_paused
    assert WebhookDelivery.objects.get().status == Status.FAILED
    client.force_login(superuser)
    page = client.get(reverse("admin:index")).content.decode()
    assert "were paused" in page
    assert subscription.url in page


def test_events_for_a_paused_subscription_are_logged_but_not_sent(
    subscription, receiver, draft, editor, django_capture_on_commit_callbacks
):
    subscription.pause("test")

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()

    assert receiver.requests == []
    assert WebhookDelivery.objects.get().status == Status.SKIPPED


def test_redeliver_sends_the_same_event_again(
    subscription,
    receiver,
    draft,
    editor,
    admin_client,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()
    delivery = WebhookDelivery.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:partners_webhookdelivery_changelist"),
            {"action": "redeliver_selected", "_selected_action": [delivery.pk]},
        )
    run_worker()

    assert response.status_code == 302
    assert len(receiver.requests) == 2
    ids = {h["webhook-id"] for _p, h, _b in receiver.requests}
    assert ids == {str(delivery.uuid)}
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.status == Status.DELIVERED


def test_each_event_reaches_only_the_subscriptions_that_want_it(
    subscription, receiver, draft, editor, django_capture_on_commit_callbacks
):
    subscription.events = ["unpublished"]
    subscription.save()

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
        workflow.add_correction(
            draft, by=editor, kind="correction", text="Fixed a name."
        )
        workflow.unpublish_article(draft, by=editor)
    run_worker()

    assert [p["event"] for p in receiver.payloads()] == ["unpublished"]


@pytest.mark.parametrize(
    "action, event",
    [
        (
            lambda a, e: workflow.add_correction(
                a, by=e, kind="correction", text="A name."
            ),
            "corrected",
        ),
        (lambda a, e: workflow.unpublish_article(a, by=e), "unpublished"),
        (lambda a, e: workflow.delete_article(a, by=e), "deleted"),
        (
            lambda a, e: workflow.edit_article(
                a, by=e, expected_version=a.edit_version
            ),
            "updated",
        ),
    ],
)
def test_every_change_to_a_public_story_is_an_event(
    action, event, subscription, receiver, editor, django_capture_on_commit_callbacks
):
    article = make_article()
    uuid = str(article.uuid)

    with django_capture_on_commit_callbacks(execute=True):
        action(article, editor)
    run_worker()

    assert [(p["event"], p["uuid"]) for p in receiver.payloads()] == [(event, uuid)]


def test_a_live_update_is_an_event_with_its_updates_url(
    subscription, receiver, editor, django_capture_on_commit_callbacks
):
    article = make_live_article()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.post_live_update(article, by=editor, body="<p>Buses left at dawn.</p>")
    run_worker()

    (payload,) = receiver.payloads()
    assert payload["event"] == "live_update"
    assert payload["updates_url"] == payload["api_url"] + "updates/"


def test_a_drafts_live_updates_and_a_scheduled_story_are_not_announced_early(
    subscription, receiver, editor, django_capture_on_commit_callbacks
):
    draft = make_live_article(status=Article.Status.DRAFT, publish_at=None)
    scheduled = make_article(
        status=Article.Status.DRAFT, publish_at=None, topics=[make_topic()]
    )

    with django_capture_on_commit_callbacks(execute=True):
        workflow.post_live_update(draft, by=editor, body="<p>Not public yet.</p>")
        workflow.schedule_article(scheduled, by=editor, at=hours_ahead(2))
    run_worker()

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()  # only the schedule queued anything
    assert delivery.event == "published"
    assert delivery.status == Status.PENDING
    assert DBTaskResult.objects.get().run_after > hours_ahead(1.9)


def test_a_story_withdrawn_before_its_delivery_is_not_announced(
    subscription, receiver, draft, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    draft.status = (
        Article.Status.DRAFT
    )  # e.g. a bug or a restore, before the worker ran
    draft.save()
    run_worker()

    assert receiver.requests == []
    assert WebhookDelivery.objects.get().status == Status.CANCELLED


def test_the_ninjs_item_rides_along_when_the_subscription_asks(
    subscription, receiver, draft, editor, django_capture_on_commit_callbacks
):
    subscription.include_item = True
    subscription.save()

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()

    (payload,) = receiver.payloads()
    assert payload["item"]["uri"] == f"urn:uuid:{draft.uuid}"
    assert payload["item"]["headlines"][0]["value"] == draft.headline


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.1.2.3/hook",
        "http://172.16.0.1/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/hook",
        "http://0.0.0.0/hook",
        "http://224.0.0.1/hook",
        "http://240.0.0.1/hook",
        "http://[::1]/hook",
        "http://[fe80::1]/hook",
        "http://[fc00::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://[ff02::1]/hook",
    ],
)
def test_internal_addresses_are_refused_unless_an_admin_allows_them(url, db):
    key, _ = APIKey.issue(name="Partner")
    subscription = WebhookSubscription(api_key=key, url=url, events=["published"])

    with pytest.raises(ValidationError) as refused:
        subscription.full_clean()
    assert "url" in refused.value.message_dict

    subscription.allow_private_network = True
    subscription.full_clean()


@pytest.mark.parametrize(
    "url",
    [
        # Other spellings of loopback that resolvers accept (decimal, octal, hex,
        # short forms, a trailing dot), checked after resolution like any name.
        "http://2130706433/hook",
        "http://0177.0.0.1/hook",
        "http://0x7f.0.0.1/hook",
        "http://127.1/hook",
        "http://localhost./hook",
        "http://[::]/hook",
        # IPv6 forms that carry or reach an internal IPv4 address: IPv4-compatible,
        # 6to4 (2002::/16), Teredo (2001::/32), NAT64; and deprecated site-local.
        "http://[::127.0.0.1]/hook",
        "http://[2002:7f00:1::1]/hook",
        "http://[2002:a01:203::1]/hook",
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook",
        "http://[64:ff9b::7f00:1]/hook",
        "http://[fec0::1]/hook",
    ],
)
def test_every_spelling_of_an_internal_address_is_refused_when_resolved(url):
    with pytest.raises(webhooks.UnsafeURL):
        webhooks.check_url(url)


@pytest.mark.parametrize(
    "url",
    ["ftp://93.184.215.14/hook", "file:///etc/passwd", "http://user:pw@93.184.215.14/"],
)
def test_only_plain_http_and_https_urls_are_accepted(url, db):
    key, _ = APIKey.issue(name="Partner")
    subscription = WebhookSubscription(api_key=key, url=url, events=["published"])

    with pytest.raises(ValidationError):
        subscription.full_clean()


def test_a_public_address_is_accepted(db):
    key, _ = APIKey.issue(name="Partner")
    subscription = WebhookSubscription(
        api_key=key, url="https://93.184.215.14/hooks", events=["published"]
    )

    subscription.full_clean()


def test_an_address_that_turned_internal_is_refused_at_delivery_time(
    subscription, receiver, draft, editor, django_capture_on_commit_callbacks
):
    # Saved while allowed (or while the name pointed elsewhere); no longer allowed.
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        allow_private_network=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()

    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert "127.0.0.1" in delivery.last_error
    assert delivery.attempt_log.get().status_code is None


def test_a_redirect_to_an_internal_address_is_not_followed(
    subscription,
    receiver,
    draft,
    editor,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    # Loopback stands in for the partner's public host here; the metadata address not.
    monkeypatch.setattr(
        webhooks, "is_forbidden_address", lambda address: address.startswith("169.254.")
    )
    WebhookSubscription.objects.filter(pk=subscription.pk).update(
        allow_private_network=False
    )
    receiver.answers = [(307, {"Location": "http://169.254.169.254/latest/"})]

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()

    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get()
    assert "169.254.169.254" in delivery.last_error


def test_a_307_redirect_to_an_allowed_address_is_followed(
    subscription, receiver, draft, editor, django_capture_on_commit_callbacks
):
    receiver.answers = [(307, {"Location": "/hooks/moved"}), 200]

    with django_capture_on_commit_callbacks(execute=True):
        publish(draft, editor)
    run_worker()

    assert [path for path, _h, _b in receiver.requests] == [
        "/hooks/shafaq",
        "/hooks/moved",
    ]
    assert WebhookDelivery.objects.get().status == Status.DELIVERED


def test_subscriptions_are_managed_per_api_key_in_the_admin(
    admin_client, superuser, receiver
):
    key, _ = APIKey.issue(name="Partner wire")
    url = reverse("admin:partners_apikey_change", args=[key.pk])
    page = admin_client.get(url)
    assert page.status_code == 200

    response = admin_client.post(
        url,
        {
            "name": key.name,
            "webhooks-TOTAL_FORMS": "1",
            "webhooks-INITIAL_FORMS": "0",
            "webhooks-0-url": "http://10.0.0.5/hook",
            "webhooks-0-events": ["published", "live_update"],
        },
    )

    assert response.status_code == 200  # refused: a private address
    assert not WebhookSubscription.objects.exists()

    response = admin_client.post(
        url,
        {
            "name": key.name,
            "webhooks-TOTAL_FORMS": "1",
            "webhooks-INITIAL_FORMS": "0",
            "webhooks-0-url": receiver.url,
            "webhooks-0-events": ["published", "live_update"],
            "webhooks-0-allow_private_network": "on",
        },
    )
    assert response.status_code == 302
    subscription = WebhookSubscription.objects.get()
    assert subscription.events == ["published", "live_update"]
    assert subscription.owner == superuser
    assert subscription.secret.startswith("whsec_")


def test_a_partner_url_with_an_arabic_host_name_is_delivered_to(
    subscription, receiver, monkeypatch
):
    # Internationalised domain names pass URL validation; the request must carry
    # the host in its ASCII (punycode) form, as RFC 5891 asks.
    real_getaddrinfo = webhooks.socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in ("شفق.example", "xn--zgb0ad.example"):
            host = "127.0.0.1"
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(webhooks.socket, "getaddrinfo", getaddrinfo)
    port = receiver.server.server_port
    subscription.url = f"http://شفق.example:{port}/hooks"
    delivery = WebhookDelivery(subscription=subscription, event="published", body="{}")

    assert webhooks.post(subscription, delivery) == 204
    assert receiver.requests[0][1]["Host"] == f"xn--zgb0ad.example:{port}"
