import pytest

from articles.models import Article, CoverageVersion
from tests.factories import hours_ago, hours_ahead, make_article, make_event

pytestmark = pytest.mark.django_db


def test_second_visit_is_served_from_the_page_cache_with_one_query_for_the_generation(
    client, world, django_assert_num_queries
):
    first = client.get("/en/stories/")

    with django_assert_num_queries(1):
        second = client.get("/en/stories/")

    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert world["story"].headline in second.content.decode()


def test_publishing_a_story_shows_on_the_cached_page_at_once(client, world):
    client.get("/en/")
    draft = make_article(
        headline="Fresh from the border", status=Article.Status.DRAFT, publish_at=None
    )

    draft.publish()

    assert "Fresh from the border" in client.get("/en/").content.decode()


def test_correcting_a_story_shows_on_the_cached_story_page_at_once(client, world):
    story = world["story"]
    client.get(story.get_absolute_url())

    story.add_correction(kind="correction", text="The base is in Anbar.")

    assert (
        "The base is in Anbar." in client.get(story.get_absolute_url()).content.decode()
    )


def test_a_new_timeline_event_shows_on_the_cached_timeline_at_once(client, world):
    client.get("/en/timeline/")

    make_event(title="Border crossing reopened")

    assert "Border crossing reopened" in client.get("/en/timeline/").content.decode()


def test_linking_a_story_to_a_topic_shows_on_the_cached_topic_page(client, world):
    client.get("/en/topics/isis/")
    other = make_article(headline="Sleeper cells in Anbar")

    other.topics.add(world["topic"])

    assert "Sleeper cells in Anbar" in client.get("/en/topics/isis/").content.decode()


def test_editions_are_cached_separately(client, world):
    client.get("/en/stories/")

    arabic = client.get("/ar/stories/")

    assert arabic["X-Page-Cache"] == "miss"
    assert world["story"].headline not in arabic.content.decode()


def test_staff_are_never_served_or_given_cached_pages(admin_client, world):
    first = admin_client.get("/en/stories/")
    second = admin_client.get("/en/stories/")

    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_not_found_pages_are_not_cached(client, db):
    client.get("/en/stories/nope/")

    response = client.get("/en/stories/nope/")

    assert response.status_code == 404
    assert "X-Page-Cache" not in response


def test_public_pages_set_no_cookie_so_shared_caches_can_keep_them(client, world):
    first = client.get("/en/")
    cached = client.__class__().get("/en/")

    assert cached["X-Page-Cache"] == "hit"
    assert not first.cookies and not cached.cookies
    assert "csrfmiddlewaretoken" not in cached.content.decode()


def test_the_edition_links_lead_to_the_same_page_in_each_edition(client, world):
    html = client.get("/en/timeline/?category=withdrawal").content.decode()

    assert 'href="/ar/timeline/?category=withdrawal" hreflang="ar"' in html
    assert 'href="/ckb/timeline/?category=withdrawal" hreflang="ckb"' in html


def test_a_scheduled_story_reaching_its_time_starts_a_new_generation(client, world):
    scheduled = make_article(
        headline="Embargo lifted on the border report", publish_at=hours_ahead(2)
    )
    # Saved as scheduled (in the future); then its time comes with no row saved.
    client.get("/en/")
    Article.objects.filter(pk=scheduled.pk).update(publish_at=hours_ago(1 / 3600))
    # update() sends no signal: only the database clock tells the cache.
    assert "Embargo lifted on the border report" in client.get("/en/").content.decode()


def test_every_change_to_coverage_counts_in_the_database(world):
    before = CoverageVersion.objects.get(pk=1).number

    world["story"].add_correction(kind="update", text="Adds a figure.")

    assert CoverageVersion.objects.get(pk=1).number > before
