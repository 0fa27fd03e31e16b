"""No paged list counts the whole archive: each counts at most COUNT_STEP items past
the page asked for (readers.pagination.BoundedPaginator), so a list page costs the
same at 1,000 stories as at 100,000. Short lists are still counted exactly."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from readers import pagination
from readers.pagination import BoundedPaginator
from tests.factories import hours_ago, make_article, make_section, make_topic
from tests.public.test_paging_rule import paged_lists, with_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(monkeypatch):
    """45 published English stories in one section and topic, counted 10 at a time."""
    monkeypatch.setattr(pagination, "COUNT_STEP", 10)
    section, topic = make_section(), make_topic(slug="many")
    for n in range(45):
        make_article(section=section, topics=[topic], publish_at=hours_ago(n + 1))
    return topic


def status(response) -> str:
    found = re.search(r'pagination__status">([^<]*)<', response.content.decode())
    return found and found.group(1)


def test_every_paged_lists_count_is_bounded_by_a_limit(client, world):
    for url in paged_lists(world):
        if "/search/" in url:
            continue  # ranked search counts its matches while ranking them
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        for sql in counts:
            if re.search(r"\bFROM\s+\"?articles_article\"?", sql) or "LIMIT" in sql:
                assert "LIMIT" in sql.upper(), (url, sql)


def test_a_long_list_says_there_is_more_without_counting_it_all(client, many):
    first = client.get("/en/stories/")
    assert status(first) == "Page 1"
    assert "More than 30 stories" in first.content.decode()
    assert 'rel="next"' in first.content.decode()


def test_a_deep_page_counts_past_itself_and_the_last_page_is_exact(client, many):
    second = client.get("/en/stories/?page=2")
    assert second.status_code == 200
    assert status(second) == "Page 2 of 3"  # counted to 50: all 45 seen
    third = client.get("/en/stories/?page=3")
    assert status(third) == "Page 3 of 3"
    assert 'rel="next"' not in third.content.decode()
    assert client.get("/en/stories/?page=4").status_code == 404


def test_a_short_list_is_counted_exactly(client, many, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_STEP", 200)
    page = client.get("/en/stories/")
    assert "45 stories" in page.content.decode()
    assert status(page) == "Page 1 of 3"


def test_the_bounded_count_is_a_lower_bound_of_the_true_one(many):
    from articles.models import Article

    stories = Article.objects.published().newest_first()
    for number, per_page in ((1, 20), (2, 20), (3, 20), (1, 7), (5, 7), (7, 7)):
        paginator = BoundedPaginator(stories, per_page, number=number)
        page = paginator.page(number)
        assert paginator.count <= 45
        assert paginator.exact == (paginator.count == 45)
        assert list(page.object_list) == list(
            stories[(number - 1) * per_page :][:per_page]
        )
        assert page.has_next() == (number * per_page < 45)


def test_other_paged_lists_say_page_n_when_there_is_more(client, many):
    for url in (
        f"/en/topics/{many.slug}/",
        f"/en/sections/{many.articles.first().section.slug}/",
    ):
        assert status(client.get(url)) == "Page 1", url
        assert status(client.get(with_page(url, "3"))) == "Page 3 of 3", url


@pytest.mark.parametrize(
    "language, exact, expected",
    [
        ("en", True, "12,345 stories"),
        ("en", False, "More than 12,345 stories"),
        ("ar", False, "أكثر من 12,345 خبر"),
        ("ckb", True, "12,345"),
    ],
)
def test_a_count_past_a_thousand_is_grouped_in_every_edition(
    client, world, monkeypatch, language, exact, expected
):
    """Counts follow the edition's number format (shafaq/formats), not one run of
    digits; the plural is still chosen by the number itself."""

    def counted(self):
        self.exact = exact
        return 12345

    monkeypatch.setattr(BoundedPaginator, "count", property(counted))

    page = client.get(f"/{language}/stories/").content.decode()

    found = re.search(r'class="result-count">([^<]*)<', page)
    assert found and expected in found.group(1)


@pytest.mark.parametrize("list_url", ["/en/stories/", "/en/topics/many/", "section"])
def test_a_page_past_the_first_reads_only_its_own_rows_whole(client, many, list_url):
    """A deeper page finds its stories by key in the ordering's index and reads
    only those rows whole (readers.pagination.read_by_key): the rows it skips are
    never read, however deep the page. The stories and their order are those of
    the list's own slice."""
    from articles.models import Article

    section = Article.objects.filter(topics=many).first().section
    url = f"/en/sections/{section.slug}/" if list_url == "section" else list_url
    expected = [
        a.headline
        for a in Article.objects.published().in_edition("en").newest_first()[20:40]
    ]

    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"{url}?page=2").content.decode()

    shown = [h for h in expected if h in page]
    assert shown == expected
    assert [page.index(h) for h in shown] == sorted(page.index(h) for h in shown)
    offsets = [q["sql"] for q in queries if "OFFSET" in q["sql"].upper()]
    assert offsets
    for sql in offsets:
        assert re.search(r"IN \(SELECT .* OFFSET \d+\)", sql), sql
