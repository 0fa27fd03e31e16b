import copy
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from articles.models import Article
from sources.models import Source
from tests.factories import (
    make_article,
    make_event,
    make_place,
    make_quote,
    make_source,
    make_topic,
)

SCHEMA = json.loads(
    (Path(__file__).parent.parent / "schemas/ninjs-schema_2.3.json").read_text()
)
FORMAT_CHECKER = copy.deepcopy(jsonschema.Draft202012Validator.FORMAT_CHECKER)


# jsonschema checks "uri" only when rfc3987 is installed; this stand-in requires a
# scheme and only characters RFC 3986 allows (so an unencoded Arabic slug fails).
@FORMAT_CHECKER.checks("uri")
def is_uri(value) -> bool:
    return not isinstance(value, str) or bool(
        re.fullmatch(
            r"[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*", value
        )
    )


VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=FORMAT_CHECKER)
LIST = "/api/v1/articles/"


def assert_valid_ninjs(item):
    errors = sorted(VALIDATOR.iter_errors(item), key=str)
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.fixture
def rich_article(db):
    place = make_place(name="Ain al-Asad", slug="ain-al-asad")
    article = make_article(
        topics=[make_topic(name="US withdrawal")], places=[place], dateline=place
    )
    make_quote(
        article=article,
        source=make_source(name="Adnan al-Kinani", slug="عدنان-الكناني"),
    )
    make_quote(
        article=article,
        source=make_source(name="US Central Command", kind=Source.Kind.ORGANISATION),
    )
    make_event(articles=[article], slug="انسحاب-عين-الأسد")
    make_article(language="ar", translation_of=article)
    article.add_correction(kind="correction", text="The base is in Anbar, not Nineveh.")
    return article


def test_the_format_check_is_really_on():
    assert not VALIDATOR.is_valid({"uri": "urn:x", "versioncreated": "yesterday"})
    assert not VALIDATOR.is_valid({"uri": "https://example.org/عين-الأسد/"})
    assert VALIDATOR.is_valid({"uri": "urn:uuid:0b0e6c1e-5d1a-4f5e-9a43-2f7a1f0e8c11"})


def test_detail_in_ninjs_validates_against_the_schema(api_client, rich_article):
    response = api_client.get(f"{LIST}{rich_article.uuid}/", {"format": "ninjs"})

    assert response.status_code == 200
    assert_valid_ninjs(response.json())


def test_every_item_of_the_ninjs_list_validates(api_client, rich_article):
    make_article(standfirst="", body="")

    items = api_client.get(LIST, {"format": "ninjs"}).json()["results"]

    assert len(items) == 3
    for item in items:
        assert_valid_ninjs(item)


def test_ninjs_maps_the_story_onto_ninjs_properties(api_client, rich_article):
    item = api_client.get(f"{LIST}{rich_article.uuid}/", {"format": "ninjs"}).json()

    assert item["uri"] == f"urn:uuid:{rich_article.uuid}"
    assert item["type"] == "text"
    assert item["pubstatus"] == "usable"
    assert item["version"] == "2"
    assert item["headlines"] == [{"role": "main", "value": rich_article.headline}]
    assert item["located"] == "Ain al-Asad"
    assert item["by"].startswith("Reporter")
    assert [p["name"] for p in item["people"]] == ["Adnan al-Kinani"]
    assert [o["rel"] for o in item["organisations"]] == ["quoted"]
    assert any(d["role"] == "correction" for d in item["descriptions"])
    assert item["renditions"][0]["contenttype"] == "text/html"
    assert item["standard"] == {
        "name": "ninjs",
        "version": "2.3",
        "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.3.json",
    }
    assert "embargoed" not in item


def test_every_correction_bumps_the_ninjs_version(api_client, rich_article):
    rich_article.add_correction(kind="update", text="Added the Pentagon's figures.")

    item = api_client.get(f"{LIST}{rich_article.uuid}/", {"format": "ninjs"}).json()

    assert item["version"] == "3"


def test_lead_image_is_a_picture_association_with_renditions(api_client, db):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "navy").save(buffer, "JPEG")
    article = make_article(
        lead_image_alt="Soldiers at the gate", lead_image_credit="AFP"
    )
    article.lead_image.save("gate.jpg", ContentFile(buffer.getvalue()))

    item = api_client.get(f"{LIST}{article.uuid}/", {"format": "ninjs"}).json()

    assert_valid_ninjs(item)
    picture = item["associations"][0]
    assert picture["type"] == "picture"
    assert picture["by"] == "AFP"
    assert {r["width"] for r in picture["renditions"]} >= {900, 480, 800}


@pytest.mark.parametrize(
    "hidden",
    ["draft_article", "in_review_article", "scheduled_article", "unpublished_article"],
)
def test_hidden_stories_are_absent_from_ninjs(api_client, request, hidden):
    article = request.getfixturevalue(hidden)

    listing = api_client.get(LIST, {"format": "ninjs"})
    single = api_client.get(f"{LIST}{article.uuid}/", {"format": "ninjs"})

    assert str(article.uuid) not in listing.content.decode()
    assert single.status_code == 404


def test_fields_with_ninjs_is_400(api_client, rich_article):
    response = api_client.get(LIST, {"format": "ninjs", "fields": "uri"})

    assert response.status_code == 400
    assert "fields" in response.json()


def test_withdrawn_and_scheduled_stories_map_to_canceled_and_embargoed(db):
    from partners.ninjs import article_to_ninjs

    def api_url(name, key):
        return f"https://example.org/{name}/{key}/"

    withdrawn = Article.objects.get(
        pk=make_article(status=Article.Status.UNPUBLISHED).pk
    )
    scheduled = make_article(publish_at=make_article().publish_at.replace(year=2099))

    assert article_to_ninjs(withdrawn, api_url=api_url)["pubstatus"] == "canceled"
    item = article_to_ninjs(scheduled, api_url=api_url)
    assert item["embargoed"].startswith("2099-")
    assert_valid_ninjs(item)


@pytest.mark.django_db
def test_the_demo_coverage_validates_as_ninjs(api_client):
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())

    items = api_client.get(LIST, {"format": "ninjs", "page_size": 100}).json()[
        "results"
    ]

    assert items
    for item in items:
        assert_valid_ninjs(item)
