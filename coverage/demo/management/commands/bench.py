"""Benchmark the public pages and the API on a large generated archive.

Builds a throwaway test database (never the one in DATABASE_URL), fills it with
--articles stories, then requests each page cold (cache cleared) and warm, and
prints the SQL query count, median and 95th-percentile time, response size and
the peak Python memory a request allocates.
"""

import logging
import statistics
import time
import tracemalloc

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from articles.models import Article, LiveCoverage
from demo.content import generate_archive, generate_live_story


class Command(BaseCommand):
    help = "Print query counts, timings and memory per page on a generated archive."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument("--requests", type=int, default=15)
        parser.add_argument(
            "--polls",
            type=int,
            default=3000,
            help="Requests to a live story's polled endpoint (30 s of 100 readers).",
        )

    def handle(self, *args, articles, requests, polls, **options):
        setup_test_environment()
        # The table shows each status code; the per-request log lines would bury it.
        logging.getLogger("django.request").setLevel(logging.CRITICAL)
        # Its own throwaway database, never DATABASE_URL's and never the test suite's.
        connection.settings_dict["TEST"]["NAME"] = (
            None if connection.vendor == "sqlite" else "bench_shafaq"
        )
        old_name = connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
        try:
            self._run(articles, requests)
            self._poll(polls)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _run(self, count, requests):
        started = time.perf_counter()
        generate_archive(count=count)
        self.stdout.write(
            f"{connection.vendor}: generated {count:,} stories "
            f"in {time.perf_counter() - started:.1f}s"
        )
        story = Article.objects.published().in_edition("en").newest_first().first()
        live = generate_live_story(updates=200)
        live_since = LiveCoverage.version_token(live.live.last_change())
        urls = [
            "/en/",
            "/en/stories/",
            "/en/stories/?page=100",
            "/en/stories/?topic=isis",
            f"/en/stories/{story.slug}/",
            "/en/timeline/",
            "/en/search/?q=detainees+border",
            "/en/search/?q=ghwayran",
            "/en/topics/isis/",
            "/en/sources/us-central-command/",
            "/en/feeds/stories.rss",
            "/sitemap.xml",
            "/api/v1/articles/",
            "/api/v1/articles/?page_size=100",
            f"/api/v1/articles/{story.uuid}/?format=ninjs",
            "/api/v1/timeline/",
            # A live story with 200 updates: its page, its polled endpoint (first
            # visit, then a poll with nothing new), its feed and the partners' list.
            f"{live.get_absolute_url()}",
            f"{live.get_absolute_url()}updates.json",
            f"{live.get_absolute_url()}updates.json?since={live_since}",
            f"{live.get_absolute_url()}updates.rss",
            f"/api/v1/articles/{live.uuid}/updates/",
        ]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE articles_article")
            # A rare word: for words in most stories a sequential scan is cheaper.
            plan = Article.objects.published().search("ghwayran").explain()
            uses_gin = "article_search_gin" in plan
            self.stdout.write(
                f"search uses the GIN index: {'yes' if uses_gin else 'NO'}"
            )
        client = Client(raise_request_exception=False)
        header = (
            f"{'page':45} {'status':>6} {'queries':>7} {'cold ms':>8} {'p95':>7} "
            f"{'warm ms':>8} {'KiB':>6} {'peak MiB':>8}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for url in urls:
            cache.clear()
            tracemalloc.start()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            # Count now: the capture reads the connection's log lazily, and the next
            # request clears that log.
            query_count = len(queries)
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            cold = []
            for _ in range(requests):
                cache.clear()
                began = time.perf_counter()
                client.get(url)
                cold.append((time.perf_counter() - began) * 1000)
            warm = []
            for _ in range(requests):
                began = time.perf_counter()
                client.get(url)
                warm.append((time.perf_counter() - began) * 1000)
            p95 = statistics.quantiles(cold, n=20)[-1] if len(cold) > 1 else cold[0]
            self.stdout.write(
                f"{url[:45]:45} {response.status_code:>6} {query_count:>7} "
                f"{statistics.median(cold):>8.1f} {p95:>7.1f} {statistics.median(warm):>8.1f} "
                f"{len(response.content) / 1024:>6.1f} {peak:>8.1f}"
            )

    def _poll(self, polls: int) -> None:
        """A live story's readers polling: what one poll costs when nothing is new.

        100 readers polling every 30 s make 3,000 requests in 30 s; each sends the
        ETag it holds. Most are answered from the page cache with a 304 and no query.
        """
        live = Article.objects.get(slug="live-generated-coverage")
        since = LiveCoverage.version_token(live.live.last_change())
        url = f"{live.get_absolute_url()}updates.json?since={since}"
        client = Client(raise_request_exception=False)
        cache.clear()
        etag = client.get(url)["ETag"]
        statuses, times = {}, []
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            for _ in range(polls):
                start = time.perf_counter()
                response = client.get(url, HTTP_IF_NONE_MATCH=etag)
                times.append((time.perf_counter() - start) * 1000)
                statuses[response.status_code] = (
                    statuses.get(response.status_code, 0) + 1
                )
            elapsed = time.perf_counter() - began
        times.sort()
        self.stdout.write(
            f"live poll ({polls:,} conditional requests, one process): "
            f"{polls / elapsed:,.0f} req/s, median {statistics.median(times):.2f} ms, "
            f"p99 {times[int(len(times) * 0.99) - 1]:.2f} ms, "
            f"{len(queries) / polls:.3f} queries/request, "
            f"{len(response.content)} bytes/answer, statuses {statuses}"
        )
