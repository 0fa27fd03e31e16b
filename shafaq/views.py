"""Site-wide answers that belong to no app: robots.txt, the favicon, the health check."""

import os
import secrets

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from django.views import defaults


def favicon(request):
    """Browsers ask for /favicon.ico on every page, the admin's included."""
    return redirect(static("img/favicon.svg"), permanent=True)


def robots_txt(request):
    sitemaps = [
        request.build_absolute_uri(reverse(name))
        for name in ("sitemap", "news_sitemap")
    ]
    return render(
        request, "robots.txt", {"sitemaps": sitemaps}, content_type="text/plain"
    )


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request, exception):
    """400: JSON under /api/, Django's page elsewhere."""
    if _is_api(request):
        return _api_error(400, gettext("Bad request."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    """403: JSON under /api/, Django's page elsewhere."""
    if _is_api(request):
        return _api_error(403, gettext("You do not have permission to do this."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    """404: JSON under /api/ (an unknown address or UUID), templates/404.html elsewhere."""
    if _is_api(request):
        return _api_error(404, gettext("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: JSON under /api/, templates/500.html elsewhere. Never says what went wrong."""
    if _is_api(request):
        return _api_error(500, gettext("Something went wrong on our side."))
    return defaults.server_error(request)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: 429, the same for every account name."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request,
        "admin/locked_out.html",
        {"cooloff_minutes": minutes, "site_header": admin.site.site_header},
        status=429,
    )


def healthz(request):
    """Whether this server can serve readers: 200 or 503 JSON naming only states.

    `{"status": "ok"|"unavailable", "database": "ok"|"unavailable"|"missing",
    "cache": "ok"|"unavailable"|"off"}`, never an error text or a host name. The
    database is asked over a fresh connection that gives up after
    HEALTHZ_CONNECT_TIMEOUT seconds, so a frozen server answers 503 within a few
    seconds instead of hanging like the worker's own connection would. "missing" means
    a SQLite file that is gone or empty (SQLite would quietly create a new one) or a
    database that was never migrated. A dummy cache reports "off", which is healthy.
    """
    checks = {"database": _database_state(), "cache": _cache_state()}
    healthy = all(state in ("ok", "off") for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
        headers={"Cache-Control": "no-store"},
    )


# libpq may try twice (sslmode=prefer: with TLS, then without), so 2 s per attempt.
HEALTHZ_CONNECT_TIMEOUT = 2


def _database_state() -> str:
    probe = connection.copy()
    if probe.vendor == "sqlite":
        name = str(probe.settings_dict["NAME"])
        in_memory = name == ":memory:" or "mode=memory" in name
        if not in_memory and (not os.path.isfile(name) or not os.path.getsize(name)):
            return "missing"
    elif probe.vendor == "postgresql":
        options = probe.settings_dict.setdefault("OPTIONS", {})
        configured = int(options.get("connect_timeout") or HEALTHZ_CONNECT_TIMEOUT)
        options["connect_timeout"] = min(configured, HEALTHZ_CONNECT_TIMEOUT)
    try:
        with probe.cursor() as cursor:
            # A migrated database has this table; a new or emptied one does not.
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            migrated = cursor.fetchone() is not None
    except DatabaseError:
        try:
            tables = probe.introspection.table_names()
        except DatabaseError:
            return "unavailable"  # could not even connect
        return "unavailable" if "django_migrations" in tables else "missing"
    finally:
        probe.close()
    return "ok" if migrated else "missing"


def _cache_state() -> str:
    if isinstance(caches["default"], DummyCache):
        return "off"
    try:
        token = secrets.token_hex(8)
        cache.set("healthz", token, 10)
        return "ok" if cache.get("healthz") == token else "unavailable"
    except Exception:  # any failure (refused, timed out, ...) means unavailable
        return "unavailable"
