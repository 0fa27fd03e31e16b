"""Pages that span the apps: home, search, robots.txt and the health check."""

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode

from articles.models import Article, Topic
from articles.search import name_matches
from events.models import Event, Place
from sources.models import Source

HOME_STORIES = 9
HOME_EVENTS = 6
SEARCH_RESULTS_PER_PAGE = 20


def home(request):
    """The lead story, the latest stories, the latest events and the main topics."""
    stories = list(
        Article.objects.published().in_edition().latest().for_listing()[:HOME_STORIES]
    )
    events = Event.objects.select_related("place").order_by("-date", "-pk")
    context = {
        "lead": stories[0] if stories else None,
        "latest": stories[1:],
        "events": events[:HOME_EVENTS],
        "topics": Topic.objects.filter(is_featured=True),
    }
    return render(request, "home.html", context)


def search(request):
    """Published stories matching ?q=, best first, plus matching sources, topics and places."""
    query = request.GET.get("q", "").strip()[:200]
    stories = Article.objects.published().in_edition().search(query).for_listing()
    page = Paginator(stories, SEARCH_RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "page_obj": page,
        "stories": page.object_list,
        "sources": name_matches(Source.objects.public(), query)[:10],
        "topics": name_matches(Topic.objects.all(), query)[:10],
        "places": name_matches(Place.objects.all(), query)[:10],
        "querystring": urlencode({"q": query}),
    }
    return render(request, "search.html", context)


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
