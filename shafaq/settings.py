"""Settings for Shafaq Coverage.

One file for every machine: what differs between a laptop, CI and production comes
from the environment (the README lists every variable). The defaults run a fresh
checkout: SQLite, a cache in files and media on disk, with DEBUG off. Whatever several
server processes must agree on (what is public, throttles, page-cache generations)
lives in the database or in that shared cache, never in one process's memory.
"""

import datetime
import os
import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import Script, static_lazy
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
# The domain apps live in coverage/, a plain folder rather than a package: a package
# named "coverage" would shadow coverage.py (see STYLE.md §9). Put it on the path so
# the apps import by their own names ("articles", "sources", "events").
sys.path.insert(1, str(BASE_DIR / "coverage"))


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean (use 1/0, true/false)."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def parse_cache_url(url: str) -> dict:
    """Read CACHE_URL: file:///absolute/folder, redis://host:port/db (or rediss://),
    locmem://[name] (one process only) or dummy://."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    try:
        timeout = int(options.pop("timeout", 300))
    except ValueError:
        raise ImproperlyConfigured(
            f"CACHE_URL: timeout={options.get('timeout')!r} is not a whole number."
        ) from None
    if parts.scheme == "file":
        if not parts.path.startswith("/") or parts.netloc:
            raise ImproperlyConfigured(
                f"CACHE_URL={url!r}: write file:///absolute/path/to/folder."
            )
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": parts.path,
            "TIMEOUT": timeout,
        }
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "shafaq",
            "TIMEOUT": timeout,
        }
    if parts.scheme in {"redis", "rediss"}:
        # A frozen Redis must not hold a worker: every connect and every command
        # gives up after a couple of seconds (?socket_timeout=N to change).
        socket_timeout = float(options.pop("socket_timeout", 2))
        return {
            # Django's backend, keeping its Redis clients (shafaq/cache.py).
            "BACKEND": "shafaq.cache.RedisCache",
            "LOCATION": url.split("?", 1)[0],
            "TIMEOUT": timeout,
            "KEY_PREFIX": options.pop("prefix", "shafaq"),
            "OPTIONS": {
                "socket_connect_timeout": socket_timeout,
                "socket_timeout": socket_timeout,
            },
        }
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL={url!r}: use file:///folder, redis://host:port/db, locmem:// "
        "or dummy://."
    )


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # DEBUG only

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = (env("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, so its admin classes patch the forms (modeltranslation's rule).
    "modeltranslation",
    "articles.apps.DeskAdminConfig",  # the admin, titled and opened as the desk
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_prose_editor",
    "reversion",
    "csp",
    "django_http_compression",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "articles",
    "sources",
    "events",
    "readers",
    "partners",
    "demo",
    "accounts",
    "operations",
]

MIDDLEWARE = [
    # First, so its status and duration cover every other layer.
    "operations.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compression reads the Cache-Control below it; both see SessionMiddleware's Vary.
    "shafaq.middleware.PublicCompressionMiddleware",
    "shafaq.middleware.SharedCacheHeadersMiddleware",
    # ETags on what the middleware above marks public, 304 to a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    # An anonymous reader's cached page, answered before the layers below run.
    "shafaq.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shafaq.csp.PolicyOnceCSPMiddleware",  # django-csp, policy built once
    # Last, as django-axes asks: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shafaq.urls"
WSGI_APPLICATION = "shafaq.wsgi.application"
ASGI_APPLICATION = "shafaq.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Several server processes write one file: a transaction takes the write lock
        # when it starts (not halfway, when SQLite could only fail with "database is
        # locked"), and waits up to `timeout` seconds for it. WAL lets readers go on
        # while a writer works.
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A frozen or unreachable server must not hold a worker for ever: give up connecting
    # after DATABASE_CONNECT_TIMEOUT seconds, and have the server cancel any statement
    # running longer than DATABASE_STATEMENT_TIMEOUT_MS (0 turns it off, e.g. for a
    # migration that builds a large index).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
    _options["options"] = (
        _options.get("options", "")
        + f" -c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 30_000)}"
    ).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# An optional read replica for anonymous public reads (shafaq/replicas.py says which).
# For this many seconds after coverage is written, readers use the primary too: set it
# above the replica's usual replication delay.
DATABASE_REPLICA_LAG_SECONDS = env_int("DATABASE_REPLICA_LAG_SECONDS", 5)
if env("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **dj_database_url.parse(
            env("DATABASE_REPLICA_URL"),
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        ),
        # The primary's connect and statement timeouts hold for the replica too.
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        # Tests run against one database: the replica alias reads the test primary.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["shafaq.replicas.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("shafaq.middleware.PageCacheMiddleware"),
        "shafaq.replicas.ReplicaReadsMiddleware",
    )

# The default is a cache every server process on this machine shares (files), so
# API throttles count across gunicorn workers. Production uses Redis. locmem:// is
# for a single process only: nothing that decides what readers see is kept in it
# (the page cache keeps its versions in the database unless it is in Redis, which
# every process shares: readers/versions.py).
CACHES = {
    "default": parse_cache_url(
        env("CACHE_URL") or f"file://{(BASE_DIR / 'var' / 'cache').as_posix()}"
    )
}
# What a CDN (or any shared cache) is told about public responses, in seconds
# (shafaq/middleware.py): browsers keep a page CDN_MAX_AGE, shared caches CDN_S_MAXAGE,
# and may serve it that much longer while refetching or while the site is down.
CDN_MAX_AGE = env_int("CDN_MAX_AGE", 60)
CDN_S_MAXAGE = env_int("CDN_S_MAXAGE", 300)
CDN_STALE_WHILE_REVALIDATE = env_int("CDN_STALE_WHILE_REVALIDATE", 60)
CDN_STALE_IF_ERROR = env_int("CDN_STALE_IF_ERROR", 86400)
# Called when coverage changes, on the events that drop the page cache (readers/cdn.py).
CDN_PURGE_URL = env("CDN_PURGE_URL") or ""
CDN_PURGE_AUTHORIZATION = env("CDN_PURGE_AUTHORIZATION") or ""
CDN_PURGE_BODY = env("CDN_PURGE_BODY") or '{"purge_everything": true}'
CDN_PURGE_TIMEOUT = env_int("CDN_PURGE_TIMEOUT", 3)

# Public pages are cached for at most this many seconds; any change to coverage, and
# a scheduled story reaching its time, starts a new generation at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# How many reverse proxies of our own stand in front of the app servers (nginx: 1; a
# load balancer in front of nginx: 2). Only the X-Forwarded-For hops they append are
# believed; throttles, login lock-outs and logs identify clients by them
# (articles.clients.client_address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# Failed logins (django-axes): after LOGIN_FAILURE_LIMIT failures for one account, or
# from one client address, further attempts are refused for LOGIN_LOCKOUT_MINUTES.
# Attempts for accounts that do not exist count and lock the same way, so the
# lock-out reveals nothing. README: "Locked out of the admin".
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "articles.clients.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "shafaq.views.login_locked_out"
AXES_VERBOSE = False  # no banner on every manage.py command; lock-outs are still logged
# Axes would log the typed username and password field names; the address is enough.
AXES_SENSITIVE_PARAMETERS = ["username", "password"]

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("ckb", _("Central Kurdish")),
]
# Django knows Arabic is right to left; Central Kurdish (Sorani) is too.
LANGUAGES_BIDI = ["ar", "ckb", "fa", "he", "ur"]
# The project's catalogues (locale/<lang>/LC_MESSAGES/django.po, compiled by `make`)
# and its date formats for ar and ckb (shafaq/formats/<lang>/formats.py), which take
# precedence over Django's own. See locale/README.md.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translated vocabularies (django-modeltranslation): names, descriptions, aliases and
# roles of sections, topics, sources, places and events have a column per edition;
# an empty one reads as English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
FORMAT_MODULE_PATH = ["shafaq.formats"]
TIME_ZONE = "Asia/Baghdad"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Media on an S3-compatible object store (AWS S3, MinIO, Ceph, Cloudflare R2, ...)
# once a bucket is named; local disk otherwise. django-storages and boto3 read the
# credentials themselves from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the
# machine's IAM role), so they never pass through settings.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME") or ""
MEDIA_ORIGINS: list[str] = []
if AWS_STORAGE_BUCKET_NAME:
    _endpoint = env("AWS_S3_ENDPOINT_URL") or None
    _domain = env("AWS_S3_CUSTOM_DOMAIN") or None
    _region = env("AWS_S3_REGION_NAME") or None
    # Self-hosted stores rarely have a wildcard DNS name per bucket: path style.
    _style = env("AWS_S3_ADDRESSING_STYLE") or ("path" if _endpoint else "virtual")
    if _style not in {"path", "virtual"}:
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE={_style!r}: use path or virtual."
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _endpoint,
            "region_name": _region,
            "custom_domain": _domain,
            "addressing_style": _style,
            "location": env("AWS_LOCATION", "media"),
            # Published pictures are public and cached by pages and CDNs for longer
            # than a signed URL lives; the bucket (or the CDN) serves them openly.
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            # Two uploads named photo.jpg must not overwrite each other.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
    # Where the browser fetches media from, for the Content-Security-Policy.
    if _domain:
        MEDIA_ORIGINS = [f"https://{_domain}"]
    elif _endpoint:
        _parts = urlsplit(_endpoint)
        _host = _parts.netloc
        if _style == "virtual":
            _host = f"{AWS_STORAGE_BUCKET_NAME}.{_host}"
        MEDIA_ORIGINS = [f"{_parts.scheme}://{_host}"]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]
        if _region:
            MEDIA_ORIGINS.append(
                f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_region}.amazonaws.com"
            )

# WhiteNoise writes a gzip and a Brotli copy of each static file (Brotli because the
# `brotli` package is installed). Source maps are fetched only by developer tools and
# are most of the bytes: compressing them would double collectstatic's time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Uploads: the largest lead image we accept, in bytes and in pixels.
MAX_IMAGE_UPLOAD_BYTES = env_int("MAX_IMAGE_UPLOAD_BYTES", 15 * 1024 * 1024)
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 40_000_000)  # all frames together
MAX_IMAGE_FRAMES = env_int("MAX_IMAGE_FRAMES", 500)

LOGIN_URL = "admin:login"


# What DRF's throttles read on every request (SimpleRateThrottle.parse_rate):
# a number of requests, "/", and a period it knows by its first letter.
THROTTLE_RATE = re.compile(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)s?")


def throttle_rate(name: str, default: str) -> str | None:
    """A DRF rate ("60/minute", "1000/hour") from the environment; "off" lifts the
    throttle and its bookkeeping (make bench: one client, thousands of requests a
    minute). Anything else is refused here: DRF would fail on every request."""
    value = (env(name) or "").strip() or default
    if value.lower() == "off":
        return None
    if not THROTTLE_RATE.fullmatch(value):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a rate: write requests/period "
            "(60/minute, 1000/hour; second, minute, hour or day) or off."
        )
    return value


REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": [
        "partners.renderers.JSONRenderer",  # DRF's bytes, encoded by orjson
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "partners.parsers.JSONParser",  # a 400, not a 500, for absurdly nested JSON
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partners.authentication.APIKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PAGINATION_CLASS": "partners.pagination.CursorPagination",
    "EXCEPTION_HANDLER": "partners.exceptions.json_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "partners.throttling.AnonRateThrottle",
        "partners.throttling.PartnerRateThrottle",
    ],
    # Our throttles ask articles.clients; this keeps DRF's own get_ident in step.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {
        "anon": throttle_rate("API_ANON_RATE", "60/minute"),
        "partner": throttle_rate("API_PARTNER_RATE", "1200/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shafaq Coverage API",
    "DESCRIPTION": "Published coverage of Iraq's security transition, for partners.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "PlaceKindEnum": "events.models.Place.Kind",
        "SourceKindEnum": "sources.models.Source.Kind",
        "CorrectionKindEnum": "articles.models.Correction.Kind",
        "ChangeKindEnum": "articles.models.ArticleChange.Kind",
        "DatePrecisionEnum": "events.models.Precision",
    },
}

# The story editor (django-prose-editor): our own preset module builds the editor
# without the <style> element Tiptap would inject (the CSP refuses inline styles;
# static/admin-extra/prose-base.css carries those rules), and the "BodyImage"
# extension adds pictures from our upload pipeline (articles/body.py says how nh3
# and the canonical form keep them to exactly what is needed).
DJANGO_PROSE_EDITOR_PRESETS = {
    "desk": [
        Script("django_prose_editor/editor.js", type="module"),
        Script("admin-extra/desk-editor.js", type="module"),
    ]
}
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("admin-extra/body-image.js")],
        "extensions": {
            "BodyImage": html_tags(
                ["figure", "img", "figcaption"],
                {
                    "figure": ["data-body-image"],
                    "img": ["src", "alt", "width", "height"],
                },
            )
        },
    }
]

# Background tasks (webhook deliveries): django-tasks with its database backend, so
# queued work commits with the change that caused it and needs no broker. The
# worker is `manage.py db_worker` (make run and make serve start one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Webhooks (partners/webhooks.py): retries back off from the base, doubling up to
# the maximum, for a day after the event; a subscription failing for a day pauses.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30)
WEBHOOK_RETRY_MAX_SECONDS = env_int("WEBHOOK_RETRY_MAX_SECONDS", 4 * 3600)
WEBHOOK_RETRY_FOR_SECONDS = env_int("WEBHOOK_RETRY_FOR_SECONDS", 24 * 3600)
WEBHOOK_PAUSE_AFTER_SECONDS = env_int("WEBHOOK_PAUSE_AFTER_SECONDS", 24 * 3600)

# Content-Security-Policy: no inline script or style on our pages; everything ships
# from static/. The admin's rich-text editor needs nothing from another host either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        # The nonce is sent only where a page asks for one (the admin's editor).
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Security: safe by default, and `check --deploy` is clean when DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe the health check over plain HTTP, from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# A second factor (TOTP, with recovery codes) for editors and administrators.
REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Shafaq Coverage"

# JSON lines on stdout, one object per record (operations/logs.py says which fields
# and what is never written); the process manager collects stdout.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "operations.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "operations.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    # Django's own console handler would print errors a second time, unformatted.
    "loggers": {"django": {"level": "INFO"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL") or "INFO"},
}
