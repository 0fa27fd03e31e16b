import base64
import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A key reads "shafaq_<prefix>.<secret>"; only the prefix and a hash are stored.
KEY_TAG = "shafaq_"
PREFIX_LENGTH = 8


def hash_secret(secret: str) -> str:
    """SHA-256 of the whole key: keys are long random strings, so a fast hash is enough."""
    return hashlib.sha256(secret.encode()).hexdigest()


class APIKeyQuerySet(models.QuerySet):
    def active(self):
        """Keys that may still be used: not revoked."""
        return self.filter(revoked_at__isnull=True)


class APIKey(models.Model):
    """A partner's key to the syndication API, issued and revoked in the admin."""

    name = models.CharField(
        _("partner"),
        max_length=150,
        help_text=_("Who holds this key, e.g. the outlet or research group."),
    )
    prefix = models.CharField(
        _("prefix"), max_length=PREFIX_LENGTH, unique=True, editable=False
    )
    hashed_key = models.CharField(_("hashed key"), max_length=64, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_keys",
        help_text=_(
            "Leave empty for a read-only partner. Set it for wire ingestion: the key "
            "may then do what this user may (e.g. write drafts), never more."
        ),
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    last_used_at = models.DateTimeField(
        _("last used"), null=True, blank=True, editable=False
    )
    revoked_at = models.DateTimeField(
        _("revoked"), null=True, blank=True, editable=False
    )

    objects = APIKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def issue(cls, *, name: str, user=None) -> tuple["APIKey", str]:
        """Create a key and return it with the full key, which is shown only this once."""
        key = cls(name=name, user=user)
        full_key = key.generate()
        key.save()
        return key, full_key

    def generate(self) -> str:
        """Give this unsaved key a fresh prefix and hash; return the full key."""
        prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        while APIKey.objects.filter(prefix=prefix).exists():
            prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        full_key = f"{KEY_TAG}{prefix}.{secrets.token_urlsafe(32)}"
        self.prefix, self.hashed_key = prefix, hash_secret(full_key)
        return full_key

    @classmethod
    def find(cls, full_key: str) -> "APIKey | None":
        """The active key matching `full_key`, compared in constant time, or None."""
        if not full_key.startswith(KEY_TAG) or "." not in full_key:
            return None
        prefix = full_key[len(KEY_TAG) :].split(".", 1)[0]
        key = cls.objects.active().select_related("user").filter(prefix=prefix).first()
        if key is None or not secrets.compare_digest(
            key.hashed_key, hash_secret(full_key)
        ):
            return None
        return key

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: "whsec_" and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


class WebhookSubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Subscriptions that receive events: not paused, their key not revoked."""
        return self.filter(paused_at__isnull=True, api_key__revoked_at__isnull=True)

    def paused(self):
        """Subscriptions stopped after failing for too long (their owners are told)."""
        return self.filter(paused_at__isnull=False)


class WebhookSubscription(models.Model):
    """A partner's URL, told at once of the events it chose (see partners/webhooks.py)."""

    class Event(models.TextChoices):
        # The same names as the /changes/ feed's kinds (articles.ArticleChange.Kind).
        PUBLISHED = "published", _("Published")
        UPDATED = "updated", _("Updated")
        CORRECTED = "corrected", _("Corrected")
        UNPUBLISHED = "unpublished", _("Unpublished or withdrawn")
        DELETED = "deleted", _("Deleted")
        LIVE_UPDATE = "live_update", _("Live update")

    api_key = models.ForeignKey(
        APIKey,
        verbose_name=_("API key"),
        on_delete=models.CASCADE,
        related_name="webhooks",
    )
    url = models.URLField(
        _("URL"),
        max_length=500,
        help_text=_("Where the events are POSTed (https:// recommended)."),
    )
    events = models.JSONField(
        _("events"), default=list, help_text=_("The events this partner wants.")
    )
    include_item = models.BooleanField(
        _("include the ninjs item"),
        default=False,
        help_text=_(
            "Send the story as a ninjs item with each event, not only its URL."
        ),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=80,
        default=new_webhook_secret,
        editable=False,
        help_text=_("Give it to the partner: it checks our signature with it."),
    )
    allow_private_network = models.BooleanField(
        _("allow a private or loopback address"),
        default=False,
        help_text=_(
            "Off unless you are sure: the URL may then reach addresses inside our "
            "own network (loopback, private, link-local)."
        ),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who in the newsroom is told in the admin if it is paused."),
    )
    failing_since = models.DateTimeField(
        _("failing since"), null=True, blank=True, editable=False
    )
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True, editable=False)
    pause_reason = models.CharField(
        _("why paused"), max_length=300, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WebhookSubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["api_key", "url"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self):
        return f"{self.api_key.name}: {self.url}"

    def clean(self):
        from partners.webhooks import UnsafeURL, check_url

        unknown = set(self.events) - set(self.Event.values)
        if unknown:
            raise ValidationError({"events": _("Unknown events: %s") % sorted(unknown)})
        if self.url:
            try:
                check_url(self.url, allow_private=self.allow_private_network)
            except UnsafeURL as error:
                raise ValidationError({"url": str(error)}) from None

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def wants(self, event: str) -> bool:
        return event in self.events

    def pause(self, reason: str) -> None:
        self.paused_at, self.pause_reason = timezone.now(), reason
        self.save(update_fields=["paused_at", "pause_reason"])

    def resume(self) -> None:
        """Deliver again; the failure clock starts afresh."""
        self.paused_at, self.pause_reason, self.failing_since = None, "", None
        self.save(update_fields=["paused_at", "pause_reason", "failing_since"])

    def rotate_secret(self) -> None:
        self.secret = new_webhook_secret()
        self.save(update_fields=["secret"])


class WebhookDelivery(models.Model):
    """One event for one subscription, with every attempt to deliver it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")
        CANCELLED = "cancelled", _("Cancelled (story not public when due)")
        SKIPPED = "skipped", _("Skipped (subscription paused)")

    uuid = models.UUIDField(
        _("delivery id"),
        default=uuid.uuid4,
        unique=True,
        editable=False,
        help_text=_("Sent as webhook-id; the same on every retry, so partners dedupe."),
    )
    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.CharField(
        _("event"), max_length=16, choices=WebhookSubscription.Event.choices
    )
    article_uuid = models.UUIDField(_("story UUID"), db_index=True)
    occurred_at = models.DateTimeField(_("event time"))
    body = models.TextField(
        _("payload"), blank=True, editable=False
    )  # frozen at the first attempt, so every retry sends the same bytes
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    retry_until = models.DateTimeField(_("retried until"))
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(
        _("last HTTP status"), null=True, blank=True
    )
    last_response_ms = models.PositiveIntegerField(
        _("last response time (ms)"), null=True, blank=True
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due_idx")
        ]

    def __str__(self):
        return f"{self.event} {self.article_uuid} → {self.subscription.url}"


class WebhookAttempt(models.Model):
    """One POST of a delivery: when, the answer and how long it took."""

    delivery = models.ForeignKey(
        WebhookDelivery,
        verbose_name=_("delivery"),
        on_delete=models.CASCADE,
        related_name="attempt_log",
    )
    number = models.PositiveIntegerField(_("attempt"))
    attempted_at = models.DateTimeField(_("time"), default=timezone.now)
    status_code = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    response_ms = models.PositiveIntegerField(
        _("response time (ms)"), null=True, blank=True
    )
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self):
        return f"#{self.number} {self.status_code or self.error}"
