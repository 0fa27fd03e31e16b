"""A partner reading the API in Arabic or Sorani gets every error message in that
language, whether our code or Django REST framework wrote it.

DRF ships no Sorani catalogue: "Authentication credentials were not provided.",
"Invalid cursor", 'Method "POST" not allowed.', the field errors of the drafts API
and the throttle's message reached Sorani partners in English (partners/
drf_messages.py names them for our catalogues); the updates endpoint's own 404 was
not marked for translation at all. The sweep sends each kind of mistake in each
edition and compares every message with the English answer to the same request.
"""

import pytest
from django.contrib.auth.models import Group

from partners.models import APIKey
from tests.factories import make_article, make_user

EDITIONS = ["ar", "ckb"]


def messages(payload) -> list[str]:
    """Every message string in a DRF error body, in order."""
    if isinstance(payload, str):
        return [payload]
    if isinstance(payload, list):
        return [m for item in payload for m in messages(item)]
    if isinstance(payload, dict):
        return [m for key in sorted(payload) for m in messages(payload[key])]
    return []


@pytest.fixture
def wire(db):
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name="Reporter"))
    _key, full_key = APIKey.issue(name="Wire desk", user=user)
    return {"HTTP_AUTHORIZATION": f"Api-Key {full_key}"}


def mistakes(wire, story) -> list[tuple]:
    """(method, url, data, headers) for each kind of mistake a partner can make."""
    drafts = "/api/v1/drafts/"
    return [
        ("get", drafts, None, {}),  # no credentials
        ("get", drafts, None, {"HTTP_AUTHORIZATION": "Api-Key sk_nope.nope"}),
        ("post", "/api/v1/articles/", {}, {}),  # method not allowed
        ("get", "/api/v1/articles/", {"cursor": "!!!"}, {}),
        ("get", "/api/v1/articles/", {"page_size": "lots"}, {}),
        ("get", "/api/v1/articles/", {"updated_since": "soon"}, {}),
        ("get", "/api/v1/articles/", {"topic": "no-such-topic"}, {}),
        ("get", "/api/v1/articles/no-such-story/", None, {}),
        ("get", f"/api/v1/articles/{story.uuid}/updates/", None, {}),  # not live
        ("post", drafts, {"headline": ""}, wire),
        ("post", drafts, {"headline": None, "standfirst": 3}, wire),
        ("post", drafts, {"headline": "x" * 300, "topics": "isis"}, wire),
        ("post", drafts, {"headline": "Ok", "topics": ["no-such-topic"]}, wire),
        ("post", drafts, {"headline": "Ok", "language": "xx"}, wire),
        ("post", drafts, {"headline": "Ok", "slug": "not a slug!"}, wire),
        ("post", drafts, ["not", "an", "object"], wire),
        ("post", drafts, '{"headline": "Surrogate \\ud800"}', wire),  # raw JSON
    ]


def send(api_client, language, method, url, data, headers):
    kwargs = {"HTTP_ACCEPT_LANGUAGE": language, **headers}
    if method == "get":
        return api_client.get(url, data, **kwargs)
    if isinstance(data, str):
        return api_client.post(url, data, content_type="application/json", **kwargs)
    return api_client.post(url, data, format="json", **kwargs)


@pytest.mark.parametrize("language", EDITIONS)
def test_every_api_error_reads_in_the_partners_language(api_client, wire, language):
    story = make_article()

    for method, url, data, headers in mistakes(wire, story):
        english = send(api_client, "en", method, url, data, headers)
        translated = send(api_client, language, method, url, data, headers)

        assert english.status_code >= 400, (url, data)
        assert translated.status_code == english.status_code
        pairs = zip(messages(english.json()), messages(translated.json()), strict=True)
        for in_english, in_edition in pairs:
            assert in_edition != in_english, (language, url, data, in_english)


@pytest.mark.parametrize("language", EDITIONS)
def test_the_throttles_message_reads_in_the_partners_language(
    api_client, tight_rates, language, db
):
    for _ in range(2):
        api_client.get("/api/v1/articles/")

    english = api_client.get("/api/v1/articles/", HTTP_ACCEPT_LANGUAGE="en")
    translated = api_client.get("/api/v1/articles/", HTTP_ACCEPT_LANGUAGE=language)

    assert english.status_code == translated.status_code == 429
    assert "Request was throttled" in english.json()["detail"]
    assert "throttled" not in translated.json()["detail"]
    assert "Expected available" not in translated.json()["detail"]
