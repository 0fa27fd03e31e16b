"""Every value the API decodes from a client is checked before it reaches a query.

Cursors, ETags, dates, slugs and numbers that are malformed, out of range or forged
answer 400 (or 412 for a precondition) as JSON naming the field; never the first
page by accident, never an HTML 500.
"""

import base64
from urllib.parse import urlencode

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db

DATE_ORDERED = [
    "/api/v1/articles/",
    "/api/v1/articles/?ordering=-modified_at",
    "/api/v1/articles/?ordering=published_at",
    "/api/v1/articles/?ordering=modified_at",
    "/api/v1/changes/",
]
LISTS = [
    "/api/v1/articles/",
    "/api/v1/articles/?ordering=-modified_at",
    "/api/v1/articles/?ordering=published_at",
    "/api/v1/articles/?ordering=modified_at",
    "/api/v1/changes/",
    "/api/v1/sources/",
    "/api/v1/events/",
    "/api/v1/places/",
    "/api/v1/topics/",
    "/api/v1/sections/",
]


def cursor(**tokens) -> str:
    return base64.b64encode(urlencode(tokens).encode()).decode()


def with_cursor(url: str, value: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}{urlencode({'cursor': value})}"


BAD_CURSORS = {
    "not base64": "!!!",
    "base64 with junk": cursor(p="2026-01-01 00:00:00+00:00") + "!!",
    "not a query string": base64.b64encode(b"\xff\xfe").decode(),
    "unknown token": cursor(x="1"),
    "negative offset": cursor(o="-1"),
    "huge offset": cursor(o="9" * 5000),
    "reverse not 0/1": cursor(r="2"),
    "position with NUL": cursor(p="a\x00b"),
    "position far too long": cursor(p="a" * 5000),
}
BAD_DATE_POSITIONS = {
    "year 9999": "9999-12-31 23:59:59+00:00",
    "date 9999-12-31": "9999-12-31",
    "year 1": "0001-01-01 00:00:00+00:00",
    "not a date": "garbage",
    "huge number": "9" * 400,
}


@pytest.fixture
def stories(db):
    for _ in range(3):
        make_article()


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("kind", BAD_CURSORS)
def test_a_bad_cursor_answers_400_json_naming_the_cursor(
    api_client, stories, url, kind
):
    response = api_client.get(with_cursor(url, BAD_CURSORS[kind]))

    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert "cursor" in response.json()


@pytest.mark.parametrize("url", DATE_ORDERED)
@pytest.mark.parametrize("kind", BAD_DATE_POSITIONS)
@pytest.mark.parametrize("reverse", ["0", "1"])
def test_a_cursor_position_no_row_can_hold_answers_400_json(
    api_client, stories, url, kind, reverse
):
    forged = cursor(r=reverse, p=BAD_DATE_POSITIONS[kind])

    response = api_client.get(with_cursor(url, forged))

    assert response.status_code == 400, response.content[:300]
    assert "cursor" in response.json()


@pytest.mark.parametrize("url", LISTS)
def test_the_cursors_the_api_hands_out_still_work(api_client, url, db):
    make_article(), make_article()
    page_size = f"{'&' if '?' in url else '?'}page_size=1"

    first = api_client.get(url + page_size)

    assert first.status_code == 200
    if first.json()["next"]:
        second = api_client.get(first.json()["next"])
        assert second.status_code == 200
        assert api_client.get(second.json()["previous"]).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nothing-here/",
        "/api/v1/articles/not-a-uuid/",
        "/api/v1/articles/00000000-0000-0000-0000-000000000000/",
        "/api/v1/topics/no-such-topic/",
        "/api/nowhere",
    ],
)
@pytest.mark.parametrize("accept", ["application/json", "text/html", "*/*"])
def test_an_unknown_api_address_answers_404_json(api_client, url, accept):
    response = api_client.get(url, HTTP_ACCEPT=accept)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_an_api_error_is_json_even_for_a_browser(api_client):
    response = api_client.get("/api/v1/articles/?cursor=!!!", HTTP_ACCEPT="text/html")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")


def test_an_unexpected_failure_under_the_api_answers_500_json(api_client, monkeypatch):
    from partners.api.articles import ArticleViewSet

    def broken(self, request, *args, **kwargs):
        raise OverflowError("date value out of range")

    monkeypatch.setattr(ArticleViewSet, "list", broken)
    api_client.raise_request_exception = False

    response = api_client.get("/api/v1/articles/", HTTP_ACCEPT="text/html")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert "OverflowError" not in response.content.decode()


def test_pages_outside_the_api_keep_their_html_404(client, db):
    response = client.get("/en/stories/no-such-story/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


HOSTILE_VALUES = [
    "!!!",
    "",
    "-1",
    "0",
    "9" * 400,
    "1e999",
    "NaN",
    "9999-12-31",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-14:00",
    "2026-02-30",
    "' OR 1=1 --",
    "../../etc/passwd",
    "%00",
    "\u202e\U0001f600",
    "<script>alert(1)</script>",
    "a,b,,c,",
]


def documented_get_operations(api_client):
    schema = api_client.get("/api/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        if "get" in operations:
            parameters = operations["get"].get("parameters", [])
            yield path, parameters


def test_every_documented_parameter_survives_hostile_values(api_client, stories):
    """Each query and path parameter of every GET in the OpenAPI schema: 2xx, 4xx, never 5xx, always JSON."""
    tried = 0
    for path, parameters in documented_get_operations(api_client):
        path_params = [p["name"] for p in parameters if p["in"] == "path"]
        query_params = [p["name"] for p in parameters if p["in"] == "query"]
        for value in HOSTILE_VALUES:
            url = path
            for name in path_params:
                url = url.replace("{" + name + "}", urlencode({"": value})[1:] or "x")
            targets = [(url, {})] + [(url, {name: value}) for name in query_params]
            for target, query in targets:
                if "{" in target:
                    continue
                response = api_client.get(target, query, HTTP_ACCEPT="text/html")
                tried += 1
                assert response.status_code < 500, (target, query)
                if response.status_code >= 400:
                    assert response["Content-Type"].startswith("application/json"), (
                        target,
                        query,
                    )
    assert tried > 200
