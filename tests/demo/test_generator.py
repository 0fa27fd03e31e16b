from collections import Counter

import pytest

from articles.models import Article
from demo.generator import generate_archive
from demo.management.commands.bench import parse_wrk, repeated_queries
from events.models import Event, Precision
from sources.models import Quote


@pytest.mark.django_db
def test_the_generated_archive_has_a_newsrooms_mix():
    done = []
    generate_archive(count=300, progress=lambda n, total: done.append((n, total)))

    stories = Article.objects.filter(slug__startswith="archive-1-")
    assert stories.count() == 300
    assert done[-1] == (300, 300)
    assert set(stories.values_list("language", flat=True)) == {"en", "ar", "ckb"}
    statuses = Counter(stories.values_list("status", flat=True))
    assert statuses["published"] > statuses["draft"] > 0
    assert statuses["unpublished"] > 0 and statuses["in_review"] > 0
    assert stories.filter(translation_of__isnull=False).exists()
    # A story has at most one translation per edition (the demo's and the archive's).
    editions = Counter(
        Article.objects.filter(translation_of__isnull=False).values_list(
            "translation_of", "language"
        )
    )
    assert max(editions.values()) == 1
    assert Article.objects.scheduled().filter(slug__startswith="archive-").exists()
    topics = Counter(
        Article.topics.through.objects.filter(article__in=stories).values_list(
            "article", flat=True
        )
    )
    assert min(topics.values()) >= 2 and max(topics.values()) <= 5
    quotes = Counter(
        Quote.objects.filter(article__in=stories).values_list("article", flat=True)
    )
    assert max(quotes.values()) <= 6
    precisions = set(
        Event.objects.filter(slug__startswith="generated-event-").values_list(
            "date_precision", flat=True
        )
    )
    assert precisions == {Precision.DAY, Precision.MONTH, Precision.YEAR}


@pytest.mark.django_db
def test_generated_stories_are_searchable(client):
    generate_archive(count=60)

    response = client.get("/en/search/?q=border")

    assert response.status_code == 200
    assert b"search-result__title" in response.content


WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8180/en/
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.01ms    3.02ms  40.10ms   90.00%
  Latency Distribution
     50%   11.50ms
     75%   12.80ms
     90%   14.00ms
     99%    1.20s
  1000 requests in 3.01s, 11.50MB read
  Non-2xx or 3xx responses: 2
Requests/sec:    332.10
Transfer/sec:      3.82MB
"""


def test_the_bench_reads_wrks_report():
    assert parse_wrk(WRK_OUTPUT) == {
        "rps": 332.1,
        "p50_ms": 11.5,
        "p99_ms": 1200.0,
        "requests": 1000,
        "non_2xx": 2,
        "timeouts": 0,
    }
    with pytest.raises(ValueError):
        parse_wrk("wrk: connection refused")


def test_the_bench_counts_repeated_queries():
    queries = [{"sql": "A"}, {"sql": "B"}, {"sql": "A"}, {"sql": "A"}]

    assert repeated_queries(queries) == 2


def test_warm_up_compiles_templates_without_the_database():
    # No django_db mark: any query here would fail the test.
    from shafaq.warmup import warm_up

    assert warm_up() > 20
