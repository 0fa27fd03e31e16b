"""API keys for partners: `Authorization: Api-Key <key>` (or an `X-API-Key` header)."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from partners.models import APIKey

KEYWORD = "Api-Key"
# Recording every use would add a write to every request; once in a while is enough.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)


class APIKeyAuthentication(authentication.BaseAuthentication):
    """A valid key authenticates as its user, or as an anonymous partner; request.auth is the key."""

    def authenticate(self, request):
        full_key = self.key_from_headers(request)
        if full_key is None:
            return None
        key = APIKey.find(full_key)
        if key is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked API key."))
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
            APIKey.objects.filter(pk=key.pk).update(last_used_at=now)
        user = (
            key.user if key.user is not None and key.user.is_active else AnonymousUser()
        )
        return user, key

    def authenticate_header(self, request):
        return KEYWORD

    @staticmethod
    def key_from_headers(request) -> str | None:
        header = request.headers.get("Authorization", "")
        keyword, _sep, value = header.partition(" ")
        if keyword.lower() == KEYWORD.lower() and value.strip():
            return value.strip()
        return request.headers.get("X-API-Key") or None


class APIKeyScheme(OpenApiAuthenticationExtension):
    target_class = APIKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <your key>`; partners get keys from the Shafaq desk.",
        }
