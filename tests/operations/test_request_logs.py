"""Every request leaves one JSON line: who asked what, how it went, and never a secret."""

import copy
import io
import json
import logging
import logging.config

import pytest
from django.conf import settings as django_settings
from django.test import Client

from partners.models import APIKey

PASSWORD = "Zq-very-secret-passphrase-71"
SESSION_COOKIE = "s3ssion0value0that0must0stay0private"


@pytest.fixture
def log_lines():
    """The configured LOGGING, writing to a buffer; a function returning parsed lines."""
    buffer = io.StringIO()
    config = copy.deepcopy(django_settings.LOGGING)
    config["handlers"]["console"]["stream"] = buffer
    logging.config.dictConfig(config)

    def lines():
        text = buffer.getvalue()
        return text, [json.loads(line) for line in text.splitlines() if line]

    yield lines
    logging.config.dictConfig(django_settings.LOGGING)


def request_lines(parsed):
    return [line for line in parsed if line["logger"] == "shafaq.request"]


@pytest.mark.django_db
def test_a_request_writes_one_json_line_with_its_id_method_path_status_and_duration(
    client, log_lines
):
    response = client.get("/robots.txt?token=abc123")

    _, parsed = log_lines()
    [line] = request_lines(parsed)
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["method"] == "GET"
    assert line["path"] == "/robots.txt"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert line["client"] == "127.0.0.1"
    assert line["user_id"] is None
    assert line["timestamp"].endswith("+00:00")


@pytest.mark.django_db
def test_each_request_gets_its_own_id(client, log_lines):
    first = client.get("/robots.txt")["X-Request-ID"]
    second = client.get("/robots.txt")["X-Request-ID"]

    assert first != second


@pytest.mark.django_db
def test_staff_requests_carry_the_staff_user_id(admin_client, superuser, log_lines):
    admin_client.get("/admin/")

    _, parsed = log_lines()
    assert request_lines(parsed)[-1]["user_id"] == superuser.pk


@pytest.mark.django_db
def test_the_client_address_comes_from_trusted_hops_only(client, settings, log_lines):
    forged = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.9"}
    settings.TRUSTED_PROXY_COUNT = 0
    client.get("/robots.txt", REMOTE_ADDR="10.0.0.2", **forged)
    settings.TRUSTED_PROXY_COUNT = 1
    client.get("/robots.txt", REMOTE_ADDR="10.0.0.2", **forged)
    settings.TRUSTED_PROXY_COUNT = 2
    client.get("/robots.txt", REMOTE_ADDR="10.0.0.2", **forged)

    _, parsed = log_lines()
    assert [line["client"] for line in request_lines(parsed)] == [
        "10.0.0.2",  # no proxy: the header is the client's own claim, ignored
        "203.0.113.9",  # our nginx wrote the last entry
        "6.6.6.6",  # a load balancer and nginx: two entries are ours
    ]


@pytest.mark.django_db
def test_a_request_id_from_a_trusted_proxy_is_kept_and_one_from_a_client_is_not(
    client, settings, log_lines
):
    proxy_id = "0123456789abcdef0123456789abcdef"
    settings.TRUSTED_PROXY_COUNT = 0
    direct = client.get("/robots.txt", HTTP_X_REQUEST_ID=proxy_id)
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = client.get("/robots.txt", HTTP_X_REQUEST_ID=proxy_id)
    injected = client.get("/robots.txt", HTTP_X_REQUEST_ID='x" \n{"level": "forged"}')

    assert direct["X-Request-ID"] != proxy_id
    assert proxied["X-Request-ID"] == proxy_id
    assert len(injected["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_an_error_logs_its_traceback_under_the_request_id(settings, log_lines):
    settings.ROOT_URLCONF = "tests.operations.urls"
    client = Client(raise_request_exception=False)

    response = client.get("/fail/")

    assert response.status_code == 500
    _, parsed = log_lines()
    [error] = [line for line in parsed if line["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert error["request_id"] == response["X-Request-ID"]
    assert "Traceback" in error["exc_info"]
    assert "the printing press jammed" in error["exc_info"]
    [line] = request_lines(parsed)
    assert line["status"] == 500
    assert line["level"] == "ERROR"


@pytest.mark.django_db
def test_no_password_session_api_key_or_secret_key_reaches_the_log(
    settings, superuser, log_lines
):
    settings.ROOT_URLCONF = "tests.operations.urls"
    settings.SECRET_KEY = "log-test-secret-key-4Yq8Wd2Lx7Rn5Tb9Kc3Mv6Hz1Pf0Sj"
    _, full_key = APIKey.issue(name="Wire partner")
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = SESSION_COOKIE
    secret_headers = {"HTTP_AUTHORIZATION": f"Api-Key {full_key}"}
    form = {"username": superuser.username, "password": PASSWORD}

    client.post("/admin/login/?next=/admin/", form, **secret_headers)
    client.get(f"/api/v1/articles/?api_key={full_key}", **secret_headers)
    client.post("/fail/", {"password": PASSWORD}, **secret_headers)
    client.get(
        "/robots.txt", HTTP_X_API_KEY=full_key, HTTP_COOKIE=f"csrftoken={PASSWORD}"
    )

    text, parsed = log_lines()
    assert len(request_lines(parsed)) == 4
    for secret in (PASSWORD, SESSION_COOKIE, full_key, settings.SECRET_KEY):
        assert secret not in text
    # Nor its secret half on its own (the prefix alone is public).
    assert full_key.split(".")[-1] not in text


@pytest.mark.django_db
def test_a_healthy_health_check_is_logged_only_at_debug_level(client, log_lines):
    client.get("/healthz")

    _, parsed = log_lines()
    assert request_lines(parsed) == []
    assert logging.getLogger("shafaq.request").isEnabledFor(logging.INFO)
