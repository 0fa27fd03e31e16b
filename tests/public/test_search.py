import pytest
from bs4 import BeautifulSoup

from articles.search import highlight_snippet
from tests.factories import hours_ago, make_article

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def result_titles(response) -> list[str]:
    return [
        " ".join(h.get_text().split())
        for h in soup(response).select(".search-result__title")
    ]


def test_search_finds_published_stories_with_highlighted_snippets(client, world):
    response = client.get("/en/search/?q=detainees")

    page = soup(response)
    assert result_titles(response) == [world["story"].headline]
    assert page.select_one(".search-result__title mark").get_text() == "detainees"
    assert page.select_one(".search-result__snippet mark")


def test_search_ranks_headline_matches_above_body_matches(client, db):
    make_article(
        headline="Border news",
        body="<p>Nothing about jails.</p>",
        publish_at=hours_ago(1),
    )
    make_article(headline="Prisons in the north", publish_at=hours_ago(2))
    make_article(
        headline="Daily brief",
        body="<p>The prisons were full.</p>",
        publish_at=hours_ago(0.5),
    )

    response = client.get("/en/search/?q=prisons")

    assert result_titles(response) == ["Prisons in the north", "Daily brief"]


def test_search_matches_arabic_spelling_variants(client, db):
    make_article(headline="أمن الحدود", language="ar", body="<p>قاعدة عين الأسد</p>")

    response = client.get("/ar/search/?q=" + "امن")

    assert result_titles(response) == ["أمن الحدود"]
    assert soup(response).select_one(".search-result__title mark").get_text() == "أمن"


def test_search_finds_a_word_written_with_or_without_the_definite_article(client, db):
    make_article(headline="تقرير", language="ar", body="<p>تعزيز الأمن على الحدود</p>")
    make_article(
        headline="بيان", language="ar", body="<p>قال إن أمن المعابر أولوية</p>"
    )

    without_article = client.get("/ar/search/?q=" + "امن")
    with_article = client.get("/ar/search/?q=" + "والأمن")

    assert sorted(result_titles(without_article)) == ["بيان", "تقرير"]
    assert sorted(result_titles(with_article)) == ["بيان", "تقرير"]


def test_arabic_prefixes_are_dropped_only_where_a_word_remains():
    from articles.search import normalize_text

    assert normalize_text("والأمن بالحسكة اللغة") == "امن حسكه لغه"
    assert normalize_text("آل") == "ال"  # too short to be article + word
    assert normalize_text("Ain al-Asad") == "ain al-asad"


def test_search_matches_sources_topics_and_places_by_alias(client, world):
    by_source_alias = soup(client.get("/en/search/?q=الكناني"))
    by_topic_alias = soup(client.get("/en/search/?q=daesh"))
    by_place_alias = soup(client.get("/en/search/?q=عين الاسد"))

    assert by_source_alias.select_one('.tag[href="/en/sources/adnan-al-kinani/"]')
    assert by_topic_alias.select_one('.tag[href="/en/topics/isis/"]')
    assert by_place_alias.select_one('.tag[href="/en/places/ain-al-asad/"]')


def test_search_results_are_paginated(client, db):
    for n in range(23):
        make_article(headline=f"Border report {n}")

    first = client.get("/en/search/?q=border")
    second = client.get("/en/search/?q=border&page=2")

    assert len(result_titles(first)) == 20
    assert len(result_titles(second)) == 3
    assert "q=border&amp;page=2" in first.content.decode()


@pytest.mark.parametrize("query", ["", "   ", "&&&", "'\"<>", "a" * 500, "%00", "page"])
def test_search_with_odd_input_renders(client, db, query):
    response = client.get("/en/search/", {"q": query})

    assert response.status_code == 200
    # A page that does not exist is a 404, as on every paged list (test_paging_rule).
    assert client.get("/en/search/", {"q": query, "page": "x"}).status_code == 404


def test_search_escapes_the_query_and_the_text(client, db):
    make_article(headline="<b>Bold</b> claims about the border")

    response = client.get("/en/search/", {"q": "border <>"})

    content = response.content.decode()
    assert "border <>" not in content
    assert "border &lt;&gt;" in content
    assert "&lt;b&gt;Bold&lt;/b&gt;" in content


def test_search_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    for _ in range(5):
        make_article(headline="Detainees moved again")

    # count, stories (+ section; cards show no byline), sources, topics, places.
    with django_assert_num_queries(5):
        client.get("/en/search/?q=detainees")


def test_highlight_snippet_centres_on_the_first_match_and_escapes():
    text = "word " * 100 + "<needle> here " + "word " * 100

    snippet = highlight_snippet(text, "needle", length=80)

    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "&lt;<mark>needle</mark>&gt;" in snippet


@pytest.mark.parametrize(
    ("text", "query", "marked"),
    [
        # Short vowels and tatweel are dropped when matching, kept in the snippet.
        ("قالت مصادر إن الأَمْـن مستتب", "امن", "أَمْـن"),
        # A Sorani word with a zero-width non-joiner, found from an Arabic keyboard.
        ("گەیشتنە کەرکووک\u200cی ئەمڕۆ", "كهركووكي", "کەرکووک\u200cی"),
        # Plain text, folded in one pass (case only).
        ("Convoy reaches QAMISHLI at dawn", "qamishli", "QAMISHLI"),
    ],
)
def test_highlight_marks_the_original_characters_however_they_were_typed(
    text, query, marked
):
    snippet = highlight_snippet(text, query)

    assert f"<mark>{marked}</mark>" in snippet


def test_search_follows_every_way_a_story_is_written(client, db):
    """The index (FTS5 on SQLite, a generated tsvector on PostgreSQL) follows save(),
    update(), bulk_create() and delete()."""
    from articles.models import Article

    story = make_article(headline="Convoy reaches Qamishli")
    bulk = Article.objects.bulk_create(
        [
            Article(
                language="en",
                headline="Bulk written convoy",
                slug="bulk-written-convoy",
                body="<p>x</p>",
                body_text="x",
                status=Article.Status.PUBLISHED,
                publish_at=hours_ago(1),
            )
        ]
    )[0]
    assert sorted(result_titles(client.get("/en/search/?q=convoy"))) == [
        "Bulk written convoy",
        "Convoy reaches Qamishli",
    ]

    story.headline = "Trucks reach Qamishli"
    story.save()
    Article.objects.filter(pk=bulk.pk).update(headline="Patrol written in bulk")

    assert result_titles(client.get("/en/search/?q=convoy")) == []
    assert result_titles(client.get("/en/search/?q=trucks")) == [
        "Trucks reach Qamishli"
    ]
    story.delete()
    assert result_titles(client.get("/en/search/?q=trucks")) == []
    assert result_titles(client.get("/en/search/?q=patrol")) == [
        "Patrol written in bulk"
    ]


def test_search_matches_whole_words_as_postgresql_does(client, db):
    make_article(headline="Detainees moved")

    assert result_titles(client.get("/en/search/?q=detainees")) == ["Detainees moved"]
    assert result_titles(client.get("/en/search/?q=detain")) == []


def test_search_survives_a_migration_that_rebuilds_the_story_table(client, db):
    """SQLite rebuilds a table to alter it, dropping its triggers; post_migrate puts
    the search index's back (articles.migrations._sqlite_fts.ensure_fts)."""
    from django.db import connection

    from articles.migrations._sqlite_fts import TABLE, TRIGGERS, ensure_fts

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's search document is a column, rebuilt with its table")
    make_article(headline="Written before the rebuild")
    with connection.cursor() as cursor:
        for trigger in TRIGGERS:
            cursor.execute(f"DROP TRIGGER {TABLE}_{trigger}")
    make_article(headline="Written while the triggers were gone")

    assert ensure_fts(connection) is True
    make_article(headline="Written after the rebuild")

    assert sorted(result_titles(client.get("/en/search/?q=written"))) == [
        "Written after the rebuild",
        "Written before the rebuild",
        "Written while the triggers were gone",
    ]
    assert ensure_fts(connection) is False


def summary(response) -> str:
    return " ".join(soup(response).select_one(".search-summary").get_text().split())


def test_search_counts_and_lists_only_public_stories_of_the_edition(client, db):
    """Every kind of hidden story carries the word; none is listed or counted."""
    from articles.models import Article
    from tests.factories import hours_ahead

    make_article(headline="Checkpoint reopens", publish_at=hours_ago(3))
    for status in ("draft", "in_review", "unpublished"):
        make_article(headline=f"Checkpoint {status}", status=status)
    make_article(headline="Checkpoint scheduled", publish_at=hours_ahead(3))
    make_article(headline="Checkpoint in Arabic checkpoint", language="ar")
    withdrawn = make_article(headline="Checkpoint withdrawn")
    withdrawn.status = Article.Status.UNPUBLISHED
    withdrawn.save()

    response = client.get("/en/search/?q=checkpoint")

    assert result_titles(response) == ["Checkpoint reopens"]
    assert summary(response).startswith("1 story matches")
    assert client.get("/en/search/?q=checkpoint&page=2").status_code == 404


def test_search_pages_equal_matches_newest_first_each_once(client, db):
    """Stories that match equally are ranked newest first, the id settling exact
    ties, so no story is on two pages or none; a page past the last is a 404."""
    stories = [
        make_article(headline="Curfew lifted", publish_at=hours_ago(1 + n % 20))
        for n in range(25)
    ]
    expected = [
        s.pk for s in sorted(stories, key=lambda s: (s.publish_at, s.pk), reverse=True)
    ]

    first = client.get("/en/search/?q=curfew")
    second = client.get("/en/search/?q=curfew&page=2")

    shown = [s.pk for s in first.context["stories"]] + [
        s.pk for s in second.context["stories"]
    ]
    assert shown == expected
    assert summary(second).startswith("25 stories match")
    assert client.get("/en/search/?q=curfew&page=3").status_code == 404


def test_a_later_search_page_runs_as_many_queries_as_the_first(
    client, world, django_assert_num_queries
):
    for n in range(25):
        make_article(headline=f"Detainees moved again {n}")

    # As on page 1 (test_search_runs_a_fixed_number_of_queries): the ranked page
    # with its total, the stories, sources, topics, places.
    with django_assert_num_queries(5):
        client.get("/en/search/?q=detainees&page=2")


def test_ranked_search_pages_the_same_through_a_plain_paginator(db):
    """RankedSearch is a sequence: without prepare() a Paginator still counts and
    slices it (a query each), and both paths agree."""
    from django.core.paginator import Paginator

    from articles.models import Article

    for n in range(7):
        make_article(
            headline="Ceasefire" if n % 3 == 0 else f"Brief {n}",
            body="<p>The ceasefire holds.</p>",
            publish_at=hours_ago(n + 1),
        )
    published = Article.objects.published().in_edition("en")

    plain = Paginator(published.ranked_search("ceasefire"), 3)
    prepared = published.ranked_search("ceasefire")
    prepared.prepare(3, 3)

    assert plain.count == prepared.count() == 7
    assert [a.headline for a in plain.page(1)][:3] == ["Ceasefire"] * 3
    assert [a.pk for a in plain.page(2)] == [a.pk for a in prepared[3:6]]
    assert all(a.rank is not None for a in prepared[3:6])
    assert published.ranked_search("").count() == 0
    assert published.none().ranked_search("ceasefire").count() == 0
    assert list(published.ranked_search("nothing-at-all")[0:3]) == []


def test_the_search_filter_and_the_ranked_search_find_the_same_stories(db):
    """queryset.search() (a filter, the API's) and ranked_search() (the site's)
    agree on what matches."""
    from articles.models import Article

    make_article(headline="Water shortage", body="<p>Wells ran dry.</p>")
    make_article(headline="Wells repaired", body="<p>Water returns.</p>")
    make_article(headline="Unrelated")
    published = Article.objects.published().in_edition("en")

    for query in ("water", "wells water", "dry", "absent"):
        filtered = set(published.search(query).values_list("pk", flat=True))
        ranked = published.ranked_search(query)
        assert {a.pk for a in ranked[0 : ranked.count()]} == filtered, query


def test_postgresql_keeps_the_search_document_in_the_row(db):
    """Ranking reads every match's tsvector: kept in the row (storage MAIN,
    migration 0024), not compressed into the TOAST table with the body."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's search index is FTS5's own table")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = "
            "'articles_article'::regclass AND attname = 'search_document'"
        )
        assert cursor.fetchone()[0] == "m"


def test_a_common_word_ranks_the_newest_matches_and_says_there_are_more(
    client, db, monkeypatch
):
    """Past RANKED_MATCHES matches only the newest are ranked and counted, whatever
    the database: the best of them come first, an older match is on no page, and
    the page says there are more. Hidden stories take no place among the newest."""
    from articles import search

    monkeypatch.setattr(search, "RANKED_MATCHES", 4)
    oldest = make_article(headline="Curfew curfew curfew", publish_at=hours_ago(30))
    for n in range(5):
        make_article(
            headline=f"Brief {n}", body="<p>A curfew.</p>", publish_at=hours_ago(n + 1)
        )
    make_article(headline="Curfew in Hasakah", publish_at=hours_ago(2.5))
    make_article(headline="Curfew draft", status="draft", publish_at=None)

    response = client.get("/en/search/?q=curfew")

    titles = result_titles(response)
    assert titles[0] == "Curfew in Hasakah" and len(titles) == 4
    assert set(titles) == {"Curfew in Hasakah", "Brief 0", "Brief 1", "Brief 2"}
    assert oldest.headline not in titles
    assert summary(response).startswith("More than 4 stories match")
    assert client.get("/en/search/?q=curfew&page=2").status_code == 404

    # Exactly as many as it ranks: counted exactly.
    monkeypatch.setattr(search, "RANKED_MATCHES", 7)
    assert summary(client.get("/en/search/?q=curfew")).startswith("7 stories match")


def test_the_more_than_summary_is_translated(client, db, monkeypatch):
    from articles import search

    monkeypatch.setattr(search, "RANKED_MATCHES", 1)
    for n in range(2):
        make_article(
            headline=f"حظر التجول {n}", language="ar", publish_at=hours_ago(n + 1)
        )
        make_article(
            headline=f"قەدەغەی هاتوچۆ {n}", language="ckb", publish_at=hours_ago(n + 1)
        )

    arabic = summary(client.get("/ar/search/?q=حظر"))
    sorani = summary(client.get("/ckb/search/?q=قەدەغەی"))

    assert "يزيد عددها على" in arabic and "More" not in arabic
    assert "زیاتر لە" in sorani and "More" not in sorani
