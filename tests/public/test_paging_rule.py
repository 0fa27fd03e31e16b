"""One out-of-range page rule on every paged list of the site: ?page=N past the last
page, ?page=0 or ?page=abc is a 404; no ?page, and ?page=1 even of an empty list,
is the first page."""

import pytest

pytestmark = pytest.mark.django_db


def paged_lists(world) -> list[str]:
    source = world["source"]
    return [
        "/en/stories/",
        "/en/stories/?topic=isis",
        f"/en/sections/{world['section'].slug}/",
        f"/en/topics/{world['topic'].slug}/",
        f"/en/authors/{world['story'].byline[0].slug}/",
        "/en/search/?q=border",
        "/en/search/?q=nothing-matches-this",
        "/en/timeline/",
        "/en/timeline/?category=withdrawal",
        "/en/sources/",
        f"/en/sources/{source.slug}/",
        "/en/corrections/",
        world["withdrawal"].get_absolute_url(),  # the event page's stories
    ]


def with_page(url: str, page: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}page={page}"


def test_every_paged_list_answers_404_for_a_page_that_does_not_exist(client, world):
    for url in paged_lists(world):
        assert client.get(url).status_code == 200, url
        assert client.get(with_page(url, "1")).status_code == 200, url
        for page in ("999", "0", "-1", "abc", "last"):
            response = client.get(with_page(url, page))
            assert response.status_code == 404, (url, page)


# Past what a 64-bit row count (PostgreSQL's bigint, SQLite's INTEGER) can reach: a
# bounded count's LIMIT or a page's OFFSET built from them must not reach the database.
HUGE_PAGES = ["9223372036854775807", "99999999999999999999", "4" * 40]


@pytest.mark.parametrize("page", HUGE_PAGES)
def test_a_page_number_too_large_for_the_database_is_a_404_on_every_paged_list(
    client, world, page
):
    for url in paged_lists(world):
        response = client.get(with_page(url, page))
        assert response.status_code == 404, (url, page)
