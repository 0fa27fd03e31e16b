"""What a shared cache (a CDN) may keep, and what may be compressed, decided in one place.

A response is *public* when it answers an anonymous, credential-free GET or HEAD for
anything but the admin, with a status a cache may keep (200, 301, 304, 404, 410), no
cookie set and no opt-out by its view. Public responses carry

    Cache-Control: public, max-age=CDN_MAX_AGE, s-maxage=CDN_S_MAXAGE,
                   stale-while-revalidate=CDN_STALE_WHILE_REVALIDATE,
                   stale-if-error=CDN_STALE_IF_ERROR

(RFC 9111 and RFC 5861; both ages capped by `response.fresh_for`, the seconds a view
knows its answer stays true, and by any max-age the view set itself), an ETag (ConditionalGetMiddleware answers 304 to a
matching If-None-Match) and never `Vary: Cookie`, since nothing in them depends on a
cookie. Everything else (signed-in users, previews, the admin, partners' keyed
requests, writes, errors) is `Cache-Control: private, no-store`.

Compression (gzip, Brotli or Zstandard, whichever the client prefers) is applied to
public responses and to keyed API reads only: a page for a signed-in user holds a
CSRF token and session data, which compression would expose to BREACH.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django_http_compression.middleware import HttpCompressionMiddleware, best_coding

from accounts.middleware import door_paths
from articles.clients import carries_credentials, carries_pending_messages
from partners.throttling import throttle_cached_read
from readers import cache as page_cache

PUBLIC_STATUSES = {200, 301, 304, 404, 410}
OPT_OUT = ("private", "no-store", "no-cache")


def _is_signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def is_public(request, response) -> bool:
    """Whether a shared cache may keep `response` and hand it to any reader."""
    control = response.get("Cache-Control", "")
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in PUBLIC_STATUSES
        and not response.cookies
        and not carries_credentials(request)
        and not request.path.startswith(door_paths()[0])  # the admin
        and not any(word in control for word in OPT_OUT)
        and not _is_signed_in(request)
    )


def _without_cookie_in_vary(response) -> None:
    if response.has_header("Vary"):
        kept = [
            value.strip()
            for value in response["Vary"].split(",")
            if value.strip() and value.strip().lower() != "cookie"
        ]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]


def _fresh_for(response) -> float | None:
    """Seconds the view says its answer stays true: `fresh_for`, or its own max-age."""
    limits = [getattr(response, "fresh_for", None)]
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name in ("max-age", "s-maxage") and value.isdigit():
            limits.append(int(value))
    limits = [limit for limit in limits if limit is not None]
    return min(limits) if limits else None


class SharedCacheHeadersMiddleware:
    """Cache-Control for every response; sits above SessionMiddleware to drop its Vary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_public(request, response):
            fresh_for = _fresh_for(response)
            ages = {"max_age": settings.CDN_MAX_AGE, "s_maxage": settings.CDN_S_MAXAGE}
            if fresh_for is not None:
                ages = {
                    name: max(0, min(age, int(fresh_for))) for name, age in ages.items()
                }
            response.headers.pop("Cache-Control", None)
            patch_cache_control(
                response,
                public=True,
                stale_while_revalidate=settings.CDN_STALE_WHILE_REVALIDATE,
                stale_if_error=settings.CDN_STALE_IF_ERROR,
                **ages,
            )
            response.headers.pop("Expires", None)
            _without_cookie_in_vary(response)
        elif "no-store" not in response.get("Cache-Control", ""):
            # A view's own no-store (the health check's) already says it all.
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


class PublicCompressionMiddleware(HttpCompressionMiddleware):
    """django-http-compression, for public responses and keyed API reads only."""

    def maybe_compress(self, request, response) -> None:
        directives = {
            part.strip().split("=")[0]
            for part in response.get("Cache-Control", "").split(",")
        }
        keyed_api_read = (
            request.method in ("GET", "HEAD")
            and request.path.startswith("/api/")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        if not ("public" in directives or keyed_api_read):
            return
        if response.status_code == 304:
            # A 304 carries the Vary and ETag its 200 would have (RFC 9110,
            # 15.4.5). Every public answer that reaches here (pages, feeds,
            # sitemaps, the API) is text, compressed by Accept-Encoding, which
            # weakens its ETag; static files' 304s come from WhiteNoise and nginx,
            # above this layer.
            patch_vary_headers(response, ("accept-encoding",))
            etag = response.get("ETag", "")
            coding = best_coding(request.headers.get("accept-encoding", ""))
            if etag.startswith('"') and coding != "identity":
                response["ETag"] = "W/" + etag
        else:
            super().maybe_compress(request, response)


class PageCacheMiddleware:
    """Serve anonymous readers' and partners' cached pages before the session,
    locale, CSRF, authentication, second-factor, messages, CSP and lock-out layers
    run (readers.cache: serve_stored(), store_whole()).

    The page cache itself decides what is kept and when it is stale
    (cache_page_for_readers() around each public view). This layer only answers a
    hit earlier, as Django's FetchFromCacheMiddleware does, so a cached page costs
    less than a minimal view that runs them all. "Anonymous" here is what can be
    told without them: a GET or HEAD with no session cookie and no credential
    header nor pending messages; anything else goes down to the view, whose own
    check is exact. The
    edition is read from the address as LocaleMiddleware will read it. An API hit
    is still counted against the anonymous rate."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _clearly_anonymous_read(request):
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=True)
        before_hit = throttle_cached_read if request.path.startswith("/api/") else None
        hit = page_cache.serve_stored(request, language, before_hit)
        if hit is not None:
            return hit
        request.page_cache_whole = True
        response = self.get_response(request)
        page_cache.store_whole(request, response)
        return response


def _clearly_anonymous_read(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not carries_credentials(request)
        and not carries_pending_messages(request)
    )
