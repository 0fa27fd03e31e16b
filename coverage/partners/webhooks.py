"""Webhooks: partners told at once when a story is published, changed or removed.

Flow. Every change partners must sync is recorded as an ArticleChange (articles).
For each active subscription that wants that event, enqueue_change() creates a
WebhookDelivery in the same transaction and, once it commits, enqueues the task
partners.tasks.deliver_webhook on the task engine (django-tasks, database backend):
the row and the queued task live in the database, so nothing is lost while the
worker (`manage.py db_worker`) is down; it sends them when it starts. A scheduled
story's "published" waits for its publication time (the task's run_after).

Each attempt POSTs the JSON payload (below), signed as in the Standard Webhooks
specification (https://www.standardwebhooks.com/):

    webhook-id:        the delivery's UUID (the same on every retry)
    webhook-timestamp: seconds since the Unix epoch, when this attempt was signed
    webhook-signature: "v1," + base64(HMAC-SHA256(key, f"{id}.{timestamp}.{body}"))

where key is the base64-decoded part of the subscription's secret after "whsec_".
Receivers reject a timestamp more than a few minutes away from their clock
(replays). A 2xx answer is success; anything else (or no answer within
WEBHOOK_TIMEOUT_SECONDS) is retried with exponential backoff
(WEBHOOK_RETRY_BASE_SECONDS doubling up to WEBHOOK_RETRY_MAX_SECONDS) until
WEBHOOK_RETRY_FOR_SECONDS (a day) after the event; a subscription that has failed
for WEBHOOK_PAUSE_AFTER_SECONDS (a day) is paused and its owner told in the admin.

Payload (UTF-8 JSON object):

    {"id": "<delivery uuid>", "event": "published" | "updated" | "corrected" |
     "unpublished" | "deleted" | "live_update", "uuid": "<story uuid>",
     "language": "en", "occurred_at": "<RFC 3339, UTC>",
     "api_url": "<the story in the API>",
     "updates_url": "<its updates, live_update only>",
     "item": {<ninjs 2.3 item, when the subscription asks and the story is public>}}

Safety: a URL's host must resolve only to public addresses (not loopback, private,
link-local, multicast, reserved or unspecified) unless an administrator allowed a
private one; this is checked when the subscription is saved and again, against
every resolved address and every redirect, at each attempt, and the connection
goes to the address that was checked (no second DNS lookup to rebind).
"""

import base64
import datetime
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import time
import urllib.parse

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _

from articles.models import Article, ArticleChange
from partners.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

logger = logging.getLogger(__name__)

Status = WebhookDelivery.Status
# Events whose payload points at the story: sent only while it is public.
FETCH_EVENTS = {"published", "updated", "corrected", "live_update"}
MAX_REDIRECTS = 3
USER_AGENT = "ShafaqCoverage-Webhooks/1.0"


class UnsafeURL(ValueError):
    """The URL is not http(s), or its host resolves to an address we refuse."""


class DeliveryError(Exception):
    """An attempt failed before an HTTP answer (DNS, connection, TLS, timeout)."""


def is_forbidden_address(address: str) -> bool:
    """True for loopback, private, link-local, site-local, multicast, reserved,
    unspecified and other non-global addresses: IPv4, IPv6, and IPv6 forms that
    carry an IPv4 address (mapped ::ffff:0:0/96, 6to4 2002::/16 and Teredo
    2001::/32, RFC 3056 and 4380) when the carried address is one of those."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return is_forbidden_address(str(ip.ipv4_mapped))
        carried = [ip.sixtofour, *(ip.teredo or ())]
        if ip.is_site_local or any(
            v4 is not None and is_forbidden_address(str(v4)) for v4 in carried
        ):
            return True
    return (
        not ip.is_global
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_private
        or ip.is_unspecified
    )


def check_url(url: str, *, allow_private: bool = False) -> list[str]:
    """The addresses `url`'s host resolves to, all of them allowed; raises UnsafeURL."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURL(_("Use an http:// or https:// URL with a host name."))
    if parts.username or parts.password:
        raise UnsafeURL(_("Put no user name or password in the URL."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError) as error:
        raise UnsafeURL(
            _("The host %(host)s cannot be resolved (%(error)s).")
            % {"host": parts.hostname, "error": error}
        ) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not allow_private:
        refused = [a for a in addresses if is_forbidden_address(a)]
        if refused:
            raise UnsafeURL(
                _(
                    "%(host)s resolves to %(address)s, a private, loopback, "
                    "link-local or reserved address; an administrator must allow it."
                )
                % {"host": parts.hostname, "address": refused[0]}
            )
    return addresses


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """The webhook-signature header value for `body` (Standard Webhooks, v1)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def retry_delay(attempt: int) -> datetime.timedelta:
    """How long to wait after failed attempt number `attempt` (1, 2, ...)."""
    base = settings.WEBHOOK_RETRY_BASE_SECONDS
    seconds = min(base * 2 ** (attempt - 1), settings.WEBHOOK_RETRY_MAX_SECONDS)
    return datetime.timedelta(seconds=seconds)


def _rfc3339(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def enqueue_change(change: ArticleChange) -> list[WebhookDelivery]:
    """Create a delivery for every subscription wanting `change`'s event, and queue
    them once the transaction commits (so a rolled-back change sends nothing)."""
    now = timezone.now()
    deliveries = []
    subscriptions = WebhookSubscription.objects.filter(
        api_key__revoked_at__isnull=True
    ).select_related("api_key")
    for subscription in subscriptions:
        if not subscription.wants(change.kind):
            continue
        deliveries.append(
            WebhookDelivery.objects.create(
                subscription=subscription,
                event=change.kind,
                article_uuid=change.article_uuid,
                occurred_at=change.changed_at,
                status=Status.SKIPPED if subscription.is_paused else Status.PENDING,
                next_attempt_at=None if subscription.is_paused else change.changed_at,
                retry_until=max(change.changed_at, now) + _retry_for(),
            )
        )
    for delivery in deliveries:
        if delivery.status == Status.PENDING:
            schedule(delivery, at=change.changed_at)
    return deliveries


def _retry_for() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WEBHOOK_RETRY_FOR_SECONDS)


def schedule(delivery: WebhookDelivery, *, at: datetime.datetime | None = None) -> None:
    """Queue an attempt of `delivery` at `at` (now if None or past), after commit."""
    from partners.tasks import deliver_webhook

    run_after = at if at is not None and at > timezone.now() else None

    def enqueue():
        task = (
            deliver_webhook.using(run_after=run_after) if run_after else deliver_webhook
        )
        task.enqueue(delivery.pk)

    transaction.on_commit(enqueue, robust=True)


@transaction.atomic
def redeliver(delivery: WebhookDelivery) -> None:
    """Send a delivery again now (admin action), with a fresh day of retries."""
    now = timezone.now()
    delivery.status = Status.PENDING
    delivery.next_attempt_at = now
    delivery.retry_until = now + _retry_for()
    delivery.save(update_fields=["status", "next_attempt_at", "retry_until"])
    schedule(delivery)


def attempt_delivery(delivery_pk: int) -> str:
    """One attempt of a pending delivery (the task's body); returns its new status.

    Records the attempt, then marks the delivery delivered, schedules the next
    attempt, gives up after retry_until, or pauses a subscription failing too long.
    """
    delivery = (
        WebhookDelivery.objects.select_related("subscription__api_key")
        .filter(pk=delivery_pk)
        .first()
    )
    if delivery is None or delivery.status != Status.PENDING:
        return delivery.status if delivery else "missing"
    subscription = delivery.subscription
    if subscription.is_paused or not subscription.api_key.is_active:
        return _finish(delivery, Status.SKIPPED)
    if delivery.event in FETCH_EVENTS:
        article = Article.objects.published().filter(uuid=delivery.article_uuid).first()
        if article is None:
            return _not_public(delivery)
    if not delivery.body:
        delivery.body = json.dumps(
            build_payload(delivery), ensure_ascii=False, separators=(",", ":")
        )
    number = delivery.attempts + 1
    started = time.monotonic()
    status_code, error = None, ""
    try:
        status_code = post(subscription, delivery)
    except (DeliveryError, UnsafeURL) as exc:
        error = str(exc)[:500]
    elapsed_ms = round((time.monotonic() - started) * 1000)
    now = timezone.now()
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        attempted_at=now,
        status_code=status_code,
        response_ms=elapsed_ms,
        error=error,
    )
    delivery.attempts = number
    delivery.last_status_code, delivery.last_response_ms = status_code, elapsed_ms
    delivery.last_error = error or ("" if _ok(status_code) else f"HTTP {status_code}")
    if _ok(status_code):
        delivery.delivered_at, delivery.next_attempt_at = now, None
        if subscription.failing_since is not None:
            subscription.failing_since = None
            subscription.save(update_fields=["failing_since"])
        return _finish(delivery, Status.DELIVERED)
    return _failed(delivery, now)


def _ok(status_code: int | None) -> bool:
    return status_code is not None and 200 <= status_code < 300


def _not_public(delivery: WebhookDelivery) -> str:
    # A scheduled story's time may not have come on the database clock yet (the
    # worker's clock ran ahead): try again at its time rather than drop it.
    article = Article.objects.filter(uuid=delivery.article_uuid).first()
    if article is not None and article.is_scheduled and delivery.event == "published":
        delivery.next_attempt_at = article.publish_at
        delivery.save(update_fields=["next_attempt_at"])
        schedule(delivery, at=article.publish_at)
        return delivery.status
    return _finish(delivery, Status.CANCELLED)


def _failed(delivery: WebhookDelivery, now: datetime.datetime) -> str:
    subscription = delivery.subscription
    if subscription.failing_since is None:
        subscription.failing_since = now
        subscription.save(update_fields=["failing_since"])
    pause_after = datetime.timedelta(seconds=settings.WEBHOOK_PAUSE_AFTER_SECONDS)
    if now - subscription.failing_since >= pause_after:
        subscription.pause(
            _("Every delivery failed since %(since)s; last: %(error)s")
            % {
                "since": _rfc3339(subscription.failing_since),
                "error": delivery.last_error,
            }
        )
        logger.warning("Webhook subscription %s paused", subscription.pk)
        return _finish(delivery, Status.FAILED)
    next_at = now + retry_delay(delivery.attempts)
    if next_at > delivery.retry_until:
        return _finish(delivery, Status.FAILED)
    delivery.next_attempt_at = next_at
    delivery.save()
    schedule(delivery, at=next_at)
    return delivery.status


def _finish(delivery: WebhookDelivery, status: str) -> str:
    delivery.status = status
    if status != Status.PENDING:
        delivery.next_attempt_at = None
    delivery.save()
    return status


def build_payload(delivery: WebhookDelivery) -> dict:
    """The JSON object sent for `delivery` (see the module docstring)."""
    uuid = str(delivery.article_uuid)
    api_url = iri_to_uri(
        settings.SITE_URL + reverse("api:article-detail", kwargs={"uuid": uuid})
    )
    article = Article.objects.filter(uuid=delivery.article_uuid).first()
    payload = {
        "id": str(delivery.uuid),
        "event": delivery.event,
        "uuid": uuid,
        "language": article.language if article else None,
        "occurred_at": _rfc3339(delivery.occurred_at),
        "api_url": api_url,
    }
    if delivery.event == "live_update":
        payload["updates_url"] = api_url + "updates/"
    if delivery.subscription.include_item and delivery.event in FETCH_EVENTS:
        payload["item"] = ninjs_item(delivery.article_uuid)
    return payload


def ninjs_item(article_uuid) -> dict:
    """The public story as the API's ninjs item."""
    from partners.api.articles import with_api_relations
    from partners.ninjs import article_to_ninjs

    article = with_api_relations(Article.objects.published()).get(uuid=article_uuid)

    def api_url(view_name, key):
        return iri_to_uri(settings.SITE_URL + reverse(f"api:{view_name}", args=[key]))

    return article_to_ninjs(article, api_url=api_url)


def post(subscription: WebhookSubscription, delivery: WebhookDelivery) -> int:
    """POST the delivery's body, signed now, following up to MAX_REDIRECTS 307/308
    redirects (each checked like the URL itself); returns the final HTTP status."""
    body = delivery.body.encode()
    timestamp = int(timezone.now().timestamp())
    message_id = str(delivery.uuid)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(subscription.secret, message_id, timestamp, body),
    }
    url = subscription.url
    for _hop in range(MAX_REDIRECTS + 1):
        status, location = _post_once(
            url, body, headers, allow_private=subscription.allow_private_network
        )
        if status not in (307, 308) or not location:
            return status
        url = urllib.parse.urljoin(url, location)
    raise DeliveryError(_("Too many redirects."))


def _post_once(url: str, body: bytes, headers: dict, *, allow_private: bool):
    addresses = check_url(url, allow_private=allow_private)
    parts = urllib.parse.urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    connection_class = (
        _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(
        parts.hostname, parts.port, address=addresses[0], timeout=timeout
    )
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer's body is not used; read a little
        return response.status, response.getheader("Location")
    except (OSError, http.client.HTTPException) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from None
    finally:
        connection.close()


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, sending the URL's host name."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address

    def connect(self):
        self.sock = socket.create_connection(
            (self.pinned_address, self.port), self.timeout
        )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the URL's host name (SNI too)."""

    def __init__(self, host, port, *, address, timeout):
        super().__init__(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
        self.pinned_address = address

    def connect(self):
        sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
