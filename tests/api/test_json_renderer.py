"""The API's JSON is DRF's JSONRenderer output byte for byte, encoded by orjson
(partners/renderers.py): partners parse the same bytes as before, whatever the text."""

import dataclasses
import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.utils.functional import lazy
from rest_framework import renderers as drf_renderers
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from partners.renderers import JSONRenderer
from tests.factories import (
    hours_ago,
    make_article,
    make_correction,
    make_event,
    make_figure,
    make_place,
    make_quote,
    make_source,
    make_topic,
)

HOSTILE = (
    "</script><script>alert('x')</script> <!-- --> ]]> "
    '"quoted" \\ back\\slash / '
    "\u200f\u200e\u202b\u202e\u2066 RTL marks, \u200c ZWNJ, \ufeff BOM, "
    "\u2028 line and \u2029 paragraph separators, "
    "\x00\x01\x08\x0b\x0c\x1f\x7f\x85 controls, \t\r\n, "
    "عراق نقل المحتجزين، سوريا، ئەنبار، کوردستان، هەولێر ٤٥٦ ۱۲۳ "
    "emoji \U0001f4f0 and \U0010fffd"
)


def drf_bytes(data, media_type=None, context=None) -> bytes:
    return drf_renderers.JSONRenderer().render(data, media_type, context)


def test_every_code_point_is_written_as_drf_writes_it():
    # Surrogates are not text (below); every other code point, in one string each
    # and all together.
    code_points = [cp for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    everything = "".join(map(chr, code_points))
    for chunk in range(0, len(code_points), 4096):
        data = [chr(cp) for cp in code_points[chunk : chunk + 4096]]
        assert JSONRenderer().render(data) == drf_bytes(data)
    assert JSONRenderer().render({everything: everything}) == drf_bytes(
        {everything: everything}
    )


def test_hostile_text_renders_as_drf_and_parses_back_to_itself():
    data = ReturnDict(
        {"headline": HOSTILE, "list": ReturnList([HOSTILE], serializer=None)},
        serializer=None,
    )

    body = JSONRenderer().render(data)

    assert body == drf_bytes(data)
    assert json.loads(body) == {"headline": HOSTILE, "list": [HOSTILE]}
    # A strict subset of JavaScript, and nothing that closes a <script> raw in a
    # line: JSON's own escapes only.
    assert "\u2028".encode() not in body and "\u2029".encode() not in body
    assert b"\\u2028" in body and b"\\u0000" in body and b"\\u001f" in body


@dataclasses.dataclass
class Point:
    x: int


def test_values_json_has_no_type_for_are_written_by_drfs_encoder():
    baghdad = datetime.timezone(datetime.timedelta(hours=3))
    data = {
        "utc": datetime.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=datetime.UTC),
        "baghdad": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=baghdad),
        "naive": datetime.datetime(2026, 1, 2, 3, 4, 5),
        "date": datetime.date(2026, 1, 2),
        "time": datetime.time(23, 59, 1, 5),
        "span": datetime.timedelta(hours=1, microseconds=5),
        "decimals": [Decimal("12.50"), Decimal("0.000001"), Decimal("1E+22")],
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "lazy": lazy(lambda: "كسول", str)(),
        "tuple": (1, "two"),
        "set": {"only"},
        "bytes": b"bytes",
        "big": 2**63,
        "flags": [True, False, None],
        "empty": {"list": [], "dict": {}, "text": ""},
    }

    assert JSONRenderer().render(data) == drf_bytes(data)


@pytest.mark.parametrize(
    "data",
    [
        {"lone surrogate": "\ud800"},
        {"beyond 64 bits": 2**64},
        {1: "a key that is not a string"},
        {"dataclass": Point(1)},
    ],
    ids=["surrogate", "huge int", "int key", "dataclass"],
)
def test_what_orjson_refuses_is_drfs_to_answer(data):
    try:
        expected = drf_bytes(data)
    except (TypeError, ValueError) as error:  # UnicodeEncodeError is a ValueError
        with pytest.raises(type(error)):
            JSONRenderer().render(data)
    else:
        assert JSONRenderer().render(data) == expected


def test_indented_json_is_drfs_own():
    data = {"headline": HOSTILE, "n": [1, 2]}
    media_type = "application/json; indent=4"

    assert JSONRenderer().render(data, media_type) == drf_bytes(data, media_type)
    assert JSONRenderer().render(data, None, {"indent": 2}) == drf_bytes(
        data, None, {"indent": 2}
    )
    assert JSONRenderer().render(None) == b""


@pytest.fixture
def hostile_story(db):
    place = make_place(
        name=HOSTILE[:200],
        latitude=Decimal("33.312805"),
        longitude=Decimal("44.361488"),
    )
    source = make_source(name=HOSTILE[:200])
    story = make_article(
        headline=HOSTILE[:200],
        standfirst=HOSTILE,
        body=f"<p>{HOSTILE}</p>",
        topics=[make_topic(name=HOSTILE[:100])],
        places=[place],
        dateline=place,
        publish_at=hours_ago(3),
    )
    make_quote(article=story, source=source, text=HOSTILE, context=HOSTILE)
    make_correction(article=story, text=HOSTILE)
    make_event(articles=[story], title=HOSTILE[:200])
    make_figure(article=story, value=Decimal("1401.50"), unit=HOSTILE[:50])
    return story


@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
def test_story_endpoints_answer_drfs_bytes_for_hostile_text(
    api_client, hostile_story, language
):
    paths = [
        "/api/v1/articles/",
        "/api/v1/articles/?format=ninjs",
        f"/api/v1/articles/{hostile_story.uuid}/",
        f"/api/v1/articles/{hostile_story.uuid}/?format=ninjs",
        "/api/v1/timeline/",
        "/api/v1/places/",
        "/api/v1/articles/?cursor=!!!",  # an error: JSON too
    ]
    for path in paths:
        response = api_client.get(path, HTTP_ACCEPT_LANGUAGE=language)

        assert response["Content-Type"] == "application/json", path
        assert response.content == drf_bytes(response.data), path
        assert json.loads(response.content) == json.loads(drf_bytes(response.data))


def test_the_browsable_api_and_content_negotiation_still_work(
    api_client, hostile_story
):
    html = api_client.get("/api/v1/articles/", HTTP_ACCEPT="text/html")
    by_format = api_client.get("/api/v1/articles/?format=api")
    indented = api_client.get(
        "/api/v1/articles/", HTTP_ACCEPT="application/json; indent=4"
    )
    refused = api_client.get("/api/v1/articles/", HTTP_ACCEPT="application/xml")

    assert html.status_code == by_format.status_code == 200
    assert html["Content-Type"].startswith("text/html")
    assert b"&lt;/script&gt;" in html.content
    assert indented.content == drf_bytes(indented.data, "application/json; indent=4")
    assert b'\n    "results"' in indented.content
    assert refused.status_code == 406
    assert refused["Content-Type"] == "application/json"
