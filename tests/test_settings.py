"""Settings read the environment and fail loudly on what they cannot use (STYLE.md §2).

Each test loads settings in a fresh interpreter with a controlled environment,
because settings are read once per process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_SECRET_KEY = "settings-test-key-9fK2mQ7xL4vB8nR1tY6wZ3cH5jD0gS8aPe"
PRINT_SETTINGS = """
import json
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "HOST": database["HOST"],
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "CACHE_LOCATION": str(settings.CACHES["default"].get("LOCATION", "")),
    "OPTIONS": database.get("OPTIONS", {}),
}))
"""


def run_python(*args, **environ):
    """Run the repository's Python with only PATH and the given variables set."""
    env = {"PATH": os.environ.get("PATH", ""), **environ}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_settings(**environ):
    return run_python(
        "-c", PRINT_SETTINGS, DJANGO_SETTINGS_MODULE="shafaq.settings", **environ
    )


def loaded_values(result):
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_settings_refuse_to_load_without_a_secret_key_when_debug_is_off():
    result = load_settings()

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_mode_runs_without_a_secret_key():
    result = load_settings(DJANGO_DEBUG="1")

    assert loaded_values(result)["DEBUG"] is True


def test_an_unreadable_django_debug_value_is_a_clear_error():
    result = load_settings(
        DJANGO_DEBUG="maybe", DJANGO_SECRET_KEY=PRODUCTION_SECRET_KEY
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_DEBUG='maybe'" in result.stderr


def test_an_unknown_cache_url_scheme_is_a_clear_error():
    result = load_settings(DJANGO_DEBUG="1", CACHE_URL="memcached://127.0.0.1:11211")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "CACHE_URL='memcached://127.0.0.1:11211'" in result.stderr


@pytest.mark.parametrize(
    "environ",
    [
        {"PAGE_CACHE_SECONDS": "five"},
        {"DATABASE_CONN_MAX_AGE": "1.5"},
        {"CACHE_URL": "locmem://x?timeout=soon"},
    ],
    ids=["env-int", "env-int-fraction", "cache-url-timeout"],
)
def test_a_whole_number_setting_that_is_not_one_is_a_clear_error(environ):
    result = load_settings(DJANGO_DEBUG="1", **environ)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ValueError" not in result.stderr


def test_a_fresh_checkout_uses_sqlite_and_a_cache_every_server_process_shares():
    result = load_settings(DJANGO_DEBUG="1")

    values = loaded_values(result)
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(BASE_DIR / "db.sqlite3")
    # Files, not one process's memory: throttles count across gunicorn workers.
    assert values["CACHE"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert values["CACHE_LOCATION"] == str(BASE_DIR / "var" / "cache")


def test_sqlite_writers_take_the_lock_when_the_transaction_starts_and_wait_for_it():
    values = loaded_values(load_settings(DJANGO_DEBUG="1"))

    assert values["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert values["OPTIONS"]["timeout"] >= 5
    assert "journal_mode=WAL" in values["OPTIONS"]["init_command"]


def test_a_file_cache_url_needs_an_absolute_folder():
    result = load_settings(DJANGO_DEBUG="1", CACHE_URL="file://relative/cache")

    assert result.returncode != 0
    assert "file:///absolute/path" in result.stderr
    values = loaded_values(load_settings(DJANGO_DEBUG="1", CACHE_URL="file:///tmp/x"))
    assert values["CACHE_LOCATION"] == "/tmp/x"


def test_database_url_selects_postgresql():
    result = load_settings(
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://shafaq:secret@db.example.org:5432/newsroom",
    )

    values = loaded_values(result)
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "newsroom"
    assert values["HOST"] == "db.example.org"


def test_cache_url_selects_redis():
    result = load_settings(DJANGO_DEBUG="1", CACHE_URL="redis://127.0.0.1:6379/1")

    assert loaded_values(result)["CACHE"] == "shafaq.cache.RedisCache"


def test_deploy_check_with_a_production_environment_reports_no_warnings():
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET_KEY,
        DJANGO_ALLOWED_HOSTS="example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_api_rate_of_off_lifts_that_throttle_and_leaves_the_other():
    result = run_python(
        "-c",
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']))",
        DJANGO_SETTINGS_MODULE="shafaq.settings",
        DJANGO_DEBUG="1",
        API_ANON_RATE="off",
    )

    assert loaded_values(result) == {"anon": None, "partner": "1200/minute"}


@pytest.mark.django_db
def test_a_lifted_anonymous_rate_never_answers_429(client, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "anon": None},
    }

    statuses = {client.get("/api/v1/sections/").status_code for _ in range(70)}

    assert statuses == {200}


@pytest.mark.parametrize(
    "rate",
    [
        "none",
        "60 per minute",
        "sixty/minute",
        "60/fortnight",
        "60",
        "/minute",
        "-1/day",
    ],
)
@pytest.mark.parametrize("name", ["API_ANON_RATE", "API_PARTNER_RATE"])
def test_an_api_rate_the_throttle_cannot_read_is_a_clear_error_not_a_500_later(
    name, rate
):
    # DRF reads the rate on every request: an unreadable one made every API
    # request a 500 rather than the settings refusing to load.
    result = load_settings(DJANGO_DEBUG="1", **{name: rate})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{name}={rate!r}" in result.stderr


@pytest.mark.parametrize(
    "rate, read",
    [
        ("30/second", "30/second"),
        ("60/minute", "60/minute"),
        ("1000/hours", "1000/hours"),
        ("5000/d", "5000/d"),
        (" 60/minute ", "60/minute"),
        ("OFF", None),
    ],
)
def test_every_rate_the_throttle_reads_is_accepted(rate, read):
    result = run_python(
        "-c",
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']))",
        DJANGO_SETTINGS_MODULE="shafaq.settings",
        DJANGO_DEBUG="1",
        API_ANON_RATE=rate,
    )

    assert loaded_values(result)["anon"] == read
