"""The first page of the default story list is read by a compiled query
(partners.api.articles.first_stories): it answers what the ORM's page would,
in every edition and representation, and sees stories published since it compiled."""

import pytest

from tests.factories import (
    hours_ago,
    hours_ahead,
    make_article,
    make_correction,
    make_event,
    make_figure,
    make_live_article,
    make_place,
    make_quote,
    make_topic,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/articles/"


@pytest.fixture
def archive():
    topic, place = make_topic(), make_place()
    original = make_article(language="ar", publish_at=hours_ago(50))
    for n in range(1, 8):
        story = make_article(
            language=["en", "ar", "ckb"][n % 3],
            topics=[topic],
            places=[place],
            dateline=place if n % 2 else None,
            publish_at=hours_ago(n),
            translation_of=original if n % 3 == 1 else None,
        )
        make_quote(article=story)
        make_event(articles=[story])
        make_figure(article=story)
        make_correction(article=story)
    make_live_article(updates=2, publish_at=hours_ago(4))
    # Two stories at one instant: the primary key breaks the tie.
    same = hours_ago(6)
    make_article(publish_at=same)
    make_article(publish_at=same)
    make_article(status="draft")
    make_article(publish_at=hours_ahead(3))


@pytest.mark.parametrize("representation", ["json", "ninjs"])
@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
@pytest.mark.parametrize("page_size", [1, 5, 100])
def test_the_first_page_is_the_orms_page(
    api_client, archive, representation, language, page_size
):
    params = {"format": representation, "page_size": page_size}
    headers = {"HTTP_ACCEPT_LANGUAGE": language}

    compiled = api_client.get(LIST, params, **headers).json()
    # An explicit ordering goes through the FilterSet and the ORM's queryset.
    orm = api_client.get(LIST, {**params, "ordering": "-published_at"}, **headers)

    assert compiled["results"] == orm.json()["results"]
    assert compiled["previous"] is None
    assert (compiled["next"] is None) == (orm.json()["next"] is None)


def test_the_next_page_follows_the_first_without_a_gap(api_client, archive):
    first = api_client.get(LIST, {"page_size": 4}).json()
    second = api_client.get(first["next"]).json()
    everything = api_client.get(LIST, {"page_size": 100}).json()["results"]

    assert [s["uuid"] for s in first["results"] + second["results"]] == [
        s["uuid"] for s in everything[:8]
    ]


def test_a_story_published_after_the_query_compiled_is_on_the_first_page(
    api_client, archive
):
    before = api_client.get(LIST, {"page_size": 3}).json()["results"]
    fresh = make_article(headline="Just in", publish_at=hours_ago(0.01))
    make_article(headline="Still a draft", status="draft")
    make_article(headline="Not yet", publish_at=hours_ahead(1))

    after = api_client.get(LIST, {"page_size": 3}).json()["results"]

    assert after[0]["uuid"] == str(fresh.uuid)
    assert [s["uuid"] for s in after[1:]] == [s["uuid"] for s in before[:2]]
    assert not {"Still a draft", "Not yet"} & {s["headline"] for s in after}
