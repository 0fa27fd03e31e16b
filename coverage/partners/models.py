import hashlib
import secrets

from django.conf import settings
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
