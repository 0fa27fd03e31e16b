"""Site-wide answers that belong to no app: robots.txt, the favicon, the health check."""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse


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


def healthz(request):
    """200 when the database and the cache answer, 503 otherwise (for load balancers)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # any failure means unhealthy
        checks["database"] = "unavailable"
    try:
        cache.set("healthz", "ok", 10)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unavailable"
    except Exception:
        checks["cache"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
        headers={"Cache-Control": "no-store"},
    )
