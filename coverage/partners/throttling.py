"""Rates: anonymous readers by IP ("anon"), partners by key or account ("partner")."""

import math
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from articles.clients import client_address
from partners.models import APIKey


class SettingsRateThrottle(SimpleRateThrottle):
    """Reads the rate from settings on every request (DRF reads it once, at import)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        # DRF's own reads X-Forwarded-For whole unless NUM_PROXIES is set: a client
        # could be anyone it claims. Only our proxies' hops count (TRUSTED_PROXY_COUNT).
        return client_address(request)


def is_partner(request) -> bool:
    return isinstance(request.auth, APIKey) or bool(
        request.user and request.user.is_authenticated
    )


class AnonRateThrottle(SettingsRateThrottle):
    """Readers without a key, counted per client IP (settings: API_ANON_RATE)."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if is_partner(request):
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": self.get_ident(request),
        }


class PartnerRateThrottle(SettingsRateThrottle):
    """Key holders counted per key, signed-in staff per account (settings: API_PARTNER_RATE)."""

    scope = "partner"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, APIKey):
            ident = f"key{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


def throttle_cached_read(request):
    """For an anonymous read about to be served from the page cache, which skips the
    view: count it against the anonymous rate as the view would, and answer 429 with
    Retry-After (the API's JSON error) when over it; None lets the hit through."""
    throttle = AnonRateThrottle()
    # Above the authentication layer (shafaq.middleware.PageCacheMiddleware) the
    # request has no user yet: it sent no session cookie, so it is anonymous.
    user = getattr(request, "user", None) or AnonymousUser()
    reader = SimpleNamespace(
        auth=None, user=user, META=request.META, headers=request.headers
    )
    if throttle.allow_request(reader, None):
        return None
    wait = math.ceil(throttle.wait() or 1)
    return JsonResponse(
        {"detail": f"Request was throttled. Expected available in {wait} seconds."},
        status=429,
        headers={"Retry-After": str(wait)},
    )
