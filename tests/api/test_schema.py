"""The OpenAPI schema, the Swagger UI, and a bounded schemathesis run against them."""

import os

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from shafaq.wsgi import application
from tests.factories import make_event, make_quote

# Small and derandomised: a fast, repeatable smoke test, not a fuzzing campaign. For
# a longer campaign: make test PYTEST_ARGS="tests/api/test_schema.py" API_FUZZ_EXAMPLES=200
EXAMPLES_PER_OPERATION = int(os.environ.get("API_FUZZ_EXAMPLES") or 8)


@pytest.mark.django_db
def test_schema_generates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


@pytest.mark.django_db
def test_schema_documents_every_article_filter(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()

    parameters = schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    names = {p["name"] for p in parameters}
    assert {
        "language",
        "section",
        "topic",
        "place",
        "source",
        "event",
        "from",
        "to",
        "published_after",
        "published_before",
        "updated_since",
        "q",
        "ordering",
        "cursor",
        "page_size",
        "fields",
        "format",
    } <= names


@pytest.mark.django_db
def test_swagger_ui_loads_its_assets_from_our_own_static_files(client):
    response = client.get("/api/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # the CSP allows no inline script


@pytest.mark.django_db
def test_swagger_ui_start_up_script_is_served_as_a_file(client):
    response = client.get("/api/docs/", {"script": ""})

    assert response.status_code == 200
    assert "/api/schema/" in response.content.decode()


@pytest.fixture
def keep_test_connection():
    """Stop Django closing the test's connection after each WSGI request.

    Django's own test client does the same; schemathesis calls the WSGI app directly,
    and inside the test's transaction close_old_connections() would close it.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
def test_no_generated_request_gets_a_server_error_or_a_non_json_error(
    settings, keep_test_connection
):
    # schemathesis.pytest.from_fixture() does not work with pytest 9 (it sets
    # node._nodeid), so the operations are driven through hypothesis here.
    settings.ALLOWED_HOSTS = [
        "testserver",
        "localhost",
    ]  # schemathesis calls as localhost
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "partner": "100000/minute"},
    }
    quote = make_quote()
    make_event(articles=[quote.article], actors=[quote.source])
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    operations = [result.ok() for result in schema.get_all_operations()]

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case):
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error])
            if response.status_code >= 400:
                content_type = {k.lower(): v for k, v in response.headers.items()}
                assert content_type["content-type"][0].startswith("application/json"), (
                    case.path,
                    response.status_code,
                    response.text[:200],
                )

        no_server_error()

    assert len(operations) >= 15
