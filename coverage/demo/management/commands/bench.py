"""`make bench`: what each page and endpoint costs on a large generated archive, side
by side with the stack's ceiling (a minimal Django view under the same configuration).

1. Builds a throwaway database (never DATABASE_URL's own: a file in a temporary
   folder on SQLite, `--database-name` on PostgreSQL) and fills it with
   `--articles` stories (demo.generator), timing the generation.
2. In this process, per path: SQL queries (and any repeated within the request), the
   CPU milliseconds of a cold render (page cache off, median of `--renders`) and the
   size of the response.
3. Starts two gunicorn servers with production settings (DEBUG off) on 127.0.0.1: one
   with the page cache off (cold: every request renders), one with it on (warm:
   primed by one request per path). Runs wrk (Debian's `wrk` package, required) for
   `--duration` seconds per path with `--connections`, asking for the encodings
   browsers accept (BROWSER_ACCEPT_ENCODING), and prints requests per
   second, p50/p99 latency, server CPU ms per request (the workers' user + system
   time from /proc over the requests served) and the ratio to the minimal view's
   requests per second in the same server (the mean of its runs before and after
   the paths).
4. Prints each worker's resident memory after the run and writes everything as JSON
   and Markdown into `--output`.
5. Search, in this process: SEARCHES (words found in most stories, rare words, two
   words, Arabic) each rendered `--renders` times, cold; prints p50 and p95 of CPU ms
   and of wall ms (on PostgreSQL the database's own CPU shows only in wall time).
   `--search-only` runs this step alone (no wrk needed), e.g. with `--reuse`.

API throttles are lifted on the bench's servers (wrk is one client); the cache is
CACHE_URL's (use Redis, as in production; the default cache is the bench's own).
"""

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from articles.models import Article, LiveCoverage
from demo.content import generate_live_story
from demo.generator import generate_archive
from events.models import Event
from sources.models import Source

MINIMAL = "/bench/minimal/"

# The search spread, in two editions: words found in most generated stories (the
# generator's vocabulary), rare words (the demo coverage's own), two words, Arabic
# (with and without the definite article and hamza), and a word nothing contains.
SEARCHES = [
    "/en/search/?q=detainees",
    "/en/search/?q=border+prison",
    "/en/search/?q=Qamishli+withdrawal",
    "/en/search/?q=custody",
    "/en/search/?q=foreign+fighters",
    "/en/search/?q=nothing-holds-this-word",
    "/ar/search/?q=الأمن",
    "/ar/search/?q=امن",
    "/ar/search/?q=الحدود+السجن",
    "/ar/search/?q=داعش",
]


BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


def parse_wrk(output: str) -> dict:
    """Requests per second, p50/p99 latency (ms), requests and errors from
    `wrk --latency` output; raises ValueError when the output has none."""
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}

    def latency(percent: str) -> float:
        found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
        if not found:
            raise ValueError(f"wrk printed no {percent}% latency")
        return float(found[1]) * units[found[2]]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if not rate or not total:
        raise ValueError("wrk printed no request rate")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", output)
    return {
        "rps": float(rate[1]),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "requests": int(total[1]),
        "non_2xx": int(bad[1]) if bad else 0,
        "timeouts": int(errors[1]) if errors else 0,
    }


def repeated_queries(queries) -> int:
    """How many SQL statements ran more than once in one request (same text)."""
    counts = Counter(q["sql"] for q in queries)
    return sum(n - 1 for n in counts.values() if n > 1)


def _cpu_seconds(pids) -> float:
    """User + system CPU time of `pids` so far (from /proc/<pid>/stat)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _rss_mib(pid) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _children(pid) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


class Server:
    """A gunicorn serving shafaq.bench_wsgi with production settings."""

    def __init__(self, *, port, workers, env, log):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "shafaq.bench_wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--preload",
            "--timeout",
            "120",
            "--no-control-socket",
        ]
        self.log = open(log, "w")
        self.process = subprocess.Popen(
            command,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
        )
        self._wait()

    def _wait(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CommandError(
                    f"gunicorn on {self.port} exited; see {self.log.name}"
                )
            try:
                with urllib.request.urlopen(self.url + MINIMAL, timeout=5) as answer:
                    if answer.status == 200 and len(self.workers()) > 0:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise CommandError(
            f"gunicorn on {self.port} did not answer; see {self.log.name}"
        )

    def workers(self) -> list[int]:
        return _children(self.process.pid)

    def get(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=120) as answer:
                return answer.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def search_summary(search: dict) -> str:
    """The search spread as Markdown: the percentiles, then each query's median."""
    counts = sorted({q["queries"] for q in search["queries"].values()})
    lines = [
        f"Search ({len(search['queries'])} queries x "
        f"{search['renders'] // len(search['queries'])} cold renders, in process): "
        f"CPU p50 {search['cpu_p50_ms']} ms, p95 {search['cpu_p95_ms']} ms; "
        f"wall p50 {search['wall_p50_ms']} ms, p95 {search['wall_p95_ms']} ms "
        f"(target p95 <= 150); queries per search: " + ", ".join(map(str, counts)),
        "",
    ]
    for path, q in search["queries"].items():
        lines.append(
            f"- `{path}`: {q['status']}, {q['queries']} queries, medians "
            f"{q['cpu_ms']} ms CPU, {q['wall_ms']} ms wall"
        )
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = "Benchmark pages and API on a generated archive, beside a minimal view."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=20_000)
        parser.add_argument(
            "--database-name",
            default="bench_shafaq",
            help="PostgreSQL: the throwaway database (dropped and rebuilt).",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Keep the generated database and print how to reuse it.",
        )
        parser.add_argument(
            "--reuse",
            metavar="DATABASE_URL",
            help="Benchmark this already generated database (no generation).",
        )
        parser.add_argument("--renders", type=int, default=7)
        parser.add_argument("--duration", type=int, default=3, help="seconds per path")
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--port", type=int, default=8180, help="and the next one")
        parser.add_argument("--output", default="bench-results")
        parser.add_argument(
            "--search-only",
            action="store_true",
            help="Only the in-process search spread (step 5; no wrk, no servers).",
        )
        parser.add_argument(
            "--polls",
            type=int,
            default=3000,
            help="Requests to a live story's polled endpoint (30 s of 100 readers).",
        )

    def handle(self, *args, **options):
        if not shutil.which("wrk") and not options["search_only"]:
            raise CommandError(
                "make bench needs wrk (Debian: apt-get install wrk) for its load runs."
            )
        setup_test_environment()
        self.options = options
        self.results = {"paths": {}}
        folder = Path(tempfile.mkdtemp(prefix="shafaq-bench-"))
        settings_dict = connection.settings_dict
        if options["reuse"]:
            database_url = options["reuse"]
            old_name = None
            import dj_database_url

            reused = dj_database_url.parse(database_url)
            if reused["ENGINE"] != settings_dict["ENGINE"]:
                # The connection's backend was chosen from DATABASE_URL at start-up.
                raise CommandError(
                    f"--reuse {database_url} is not a {connection.vendor} database: "
                    "set DATABASE_URL to the same URL as well."
                )
            settings_dict.update(reused)
            connection.close()
        else:
            # Its own throwaway database, never DATABASE_URL's, nor the test suite's.
            vendor = connection.vendor
            settings_dict["TEST"]["NAME"] = (
                str(folder / "bench.sqlite3")
                if vendor == "sqlite"
                else options["database_name"]
            )
            old_name = connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False
            )
            database_url = self._database_url()
        try:
            if not options["reuse"]:
                self._generate(options["articles"])
            self._run(database_url, folder)
        finally:
            if old_name is not None and not options["keep"]:
                connection.creation.destroy_test_db(old_name, verbosity=0)
            elif old_name is not None:
                self.stdout.write(f"kept: --reuse {database_url}")
            shutil.rmtree(folder, ignore_errors=True)

    def _database_url(self) -> str:
        s = connection.settings_dict
        if connection.vendor == "sqlite":
            return f"sqlite:///{s['NAME']}"
        return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"

    def _generate(self, count):
        started = time.perf_counter()

        def progress(done, total):
            sys.stderr.write(f"\rgenerating: {done:,}/{total:,} stories")
            sys.stderr.flush()

        generate_archive(count=count, progress=progress)
        seconds = time.perf_counter() - started
        generate_live_story(updates=200)
        sys.stderr.write("\n")
        self.results["generation_seconds"] = round(seconds, 1)
        self.stdout.write(
            f"{connection.vendor}: generated {count:,} stories in {seconds:.1f}s"
        )

    def _paths(self) -> list[str]:
        story = Article.objects.published().in_edition("en").newest_first().first()
        source = Source.objects.public().filter(quotes__article__language="en").first()
        topic = story.topics.first()
        place = story.places.first()
        event = Event.objects.filter(articles__language="en").order_by("-date").first()
        paths = [
            "/en/",
            "/en/stories/",
            "/en/stories/?page=50",
            f"/en/stories/{story.slug}/",
            f"/en/topics/{topic.slug}/",
            f"/en/places/{place.slug}/",
            f"/en/sources/{source.slug}/",
            "/en/timeline/",
            "/en/search/?q=detainees",
            "/en/search/?q=border+prison",
            "/en/feeds/stories.rss",
            "/sitemap.xml",
            "/api/v1/articles/?page_size=50",
            f"/api/v1/articles/{story.uuid}/",
            "/api/v1/timeline/",
        ]
        if event:
            paths.insert(8, f"/en/events/{event.slug}/")
        live = Article.objects.filter(slug="live-generated-coverage").first()
        if live is not None:
            # A live story with 200 updates: its page, its polled endpoint (first
            # visit, then a poll with nothing new), its feed and the partners' list.
            since = LiveCoverage.version_token(live.live.last_change())
            page = live.get_absolute_url()
            paths += [
                page,
                f"{page}updates.json",
                f"{page}updates.json?since={since}",
                f"{page}updates.rss",
                f"/api/v1/articles/{live.uuid}/updates/",
            ]
        return paths

    def _run(self, database_url, folder):
        vendor = connection.vendor
        self.results.update(
            database=vendor,
            articles=Article.objects.count(),
            published=Article.objects.published().count(),
        )
        self.stdout.write(
            f"{vendor}: {self.results['articles']:,} stories, "
            f"{self.results['published']:,} public"
        )
        call_command("collectstatic", interactive=False, verbosity=0)
        if self.options["search_only"]:
            self._search_spread()
            return
        paths = self._paths()
        self._in_process(paths)
        env = {
            **os.environ,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY")
            or "bench-only-secret-key-9d2f7c41a6b84e0f93c5d8a7b2e1f0c6",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "API_ANON_RATE": "off",
            "API_PARTNER_RATE": "off",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        port = self.options["port"]
        workers = self.options["workers"]
        rss = {}
        for mode, page_cache, offset in (("cold", "0", 0), ("warm", "300", 1)):
            server = Server(
                port=port + offset,
                workers=workers,
                env={**env, "PAGE_CACHE_SECONDS": page_cache},
                log=folder / f"gunicorn-{mode}.log",
            )
            try:
                if mode == "warm":
                    for path in paths:
                        server.get(path)  # prime the cache
                # The minimal view before and after the paths, the ratios to the
                # mean of the two: a machine that slows down (or speeds up) during
                # the run moves the ceiling as it moves the paths measured late.
                before = self._load(server, MINIMAL)
                for path in paths:
                    self.results["paths"][path][mode] = self._load(server, path)
                after = self._load(server, MINIMAL)
                ceiling = {
                    **before,
                    "rps": round((before["rps"] + after["rps"]) / 2, 1),
                    "rps_before": before["rps"],
                    "rps_after": after["rps"],
                }
                self.results.setdefault("minimal", {})[mode] = ceiling
                for path in paths:
                    result = self.results["paths"][path][mode]
                    result["ratio"] = round(result["rps"] / ceiling["rps"], 2)
                rss[mode] = [round(_rss_mib(pid), 1) for pid in server.workers()]
            finally:
                server.stop()
        self.results["worker_rss_mib"] = rss
        self._search_spread()
        self._report()
        if Article.objects.filter(slug="live-generated-coverage").exists():
            self._poll(self.options["polls"])

    def _in_process(self, paths):
        """Queries, repeats, cold CPU ms and size, rendered in this process."""
        client = Client(raise_request_exception=False)
        saved = settings.PAGE_CACHE_SECONDS
        settings.PAGE_CACHE_SECONDS = 0
        try:
            for path in paths:
                cache.clear()
                client.get(path)  # templates and translations loaded once
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                queries = list(captured.captured_queries)
                cpu = []
                for _ in range(self.options["renders"]):
                    began = time.process_time()
                    client.get(path)
                    cpu.append((time.process_time() - began) * 1000)
                self.results["paths"][path] = {
                    "status": response.status_code,
                    "queries": len(queries),
                    "repeated": repeated_queries(queries),
                    "cpu_ms": round(statistics.median(cpu), 1),
                    "kib": round(len(response.content) / 1024, 1),
                }
        finally:
            settings.PAGE_CACHE_SECONDS = saved

    def _search_spread(self):
        """Cold searches in this process: p50/p95 over SEARCHES x --renders."""
        client = Client(raise_request_exception=False)
        saved = settings.PAGE_CACHE_SECONDS
        settings.PAGE_CACHE_SECONDS = 0
        cpu, wall, per_query = [], [], {}
        try:
            for path in SEARCHES:
                client.get(path)  # templates and translations loaded once
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                queries = len(captured.captured_queries)  # the next request clears it
                mine, mine_wall = [], []
                for _ in range(self.options["renders"]):
                    began, began_wall = time.process_time(), time.perf_counter()
                    client.get(path)
                    mine.append((time.process_time() - began) * 1000)
                    mine_wall.append((time.perf_counter() - began_wall) * 1000)
                cpu += mine
                wall += mine_wall
                per_query[path] = {
                    "status": response.status_code,
                    "queries": queries,
                    "cpu_ms": round(statistics.median(mine), 1),
                    "wall_ms": round(statistics.median(mine_wall), 1),
                }
        finally:
            settings.PAGE_CACHE_SECONDS = saved

        def percentile(values, p):
            ordered = sorted(values)
            return round(ordered[min(len(ordered) - 1, int(len(ordered) * p))], 1)

        search = {
            "renders": len(cpu),
            "cpu_p50_ms": percentile(cpu, 0.5),
            "cpu_p95_ms": percentile(cpu, 0.95),
            "wall_p50_ms": percentile(wall, 0.5),
            "wall_p95_ms": percentile(wall, 0.95),
            "queries": per_query,
        }
        self.results["search"] = search
        self.stdout.write(search_summary(search))

    def _load(self, server, path) -> dict:
        before = _cpu_seconds(server.workers())
        command = [
            "wrk",
            "--latency",
            "-t1",
            f"-c{self.options['connections']}",
            f"-d{self.options['duration']}s",
            "--timeout",
            "30s",
            # What every browser sends: answers are compressed, as readers get them.
            "--header",
            f"Accept-Encoding: {BROWSER_ACCEPT_ENCODING}",
            server.url + path,
        ]
        output = subprocess.run(command, capture_output=True, text=True, check=True)
        result = parse_wrk(output.stdout)
        # Requests still queued when wrk stops (one per connection at most) are
        # served after it: wait until the workers are idle, count them in, so
        # the next path starts on idle workers and CPU is charged to its path.
        self._drain(server)
        spent = _cpu_seconds(server.workers()) - before
        served = result["requests"] + self.options["connections"]
        result["server_cpu_ms"] = round(spent * 1000 / served, 2)
        return result

    def _drain(self, server):
        deadline = time.monotonic() + 120
        last = _cpu_seconds(server.workers())
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = _cpu_seconds(server.workers())
            if now - last < 0.02:
                return
            last = now

    def _report(self):
        r = self.results
        lines = [
            f"# make bench: {r['database']}, {r['articles']:,} stories "
            f"({r['published']:,} public)",
            "",
        ]
        if "generation_seconds" in r:
            lines += [f"Generated in {r['generation_seconds']} s.", ""]
        head = (
            "| path | status | queries | repeated | in-process cold CPU ms | KiB "
            "| cold req/s | cold p50/p99 ms | cold server CPU ms/req | cold ratio "
            "| warm req/s | warm p50/p99 ms | warm server CPU ms/req | warm ratio |"
        )
        lines += [head, "|" + "---|" * (head.count("|") - 1)]
        minimal = r["minimal"]
        lines.append(
            f"| minimal view | 200 | 0 | 0 | | | {minimal['cold']['rps']:.0f} "
            f"| {minimal['cold']['p50_ms']:.1f}/{minimal['cold']['p99_ms']:.1f} "
            f"| {minimal['cold']['server_cpu_ms']} | 1.00 "
            f"| {minimal['warm']['rps']:.0f} "
            f"| {minimal['warm']['p50_ms']:.1f}/{minimal['warm']['p99_ms']:.1f} "
            f"| {minimal['warm']['server_cpu_ms']} | 1.00 |"
        )
        for path, p in r["paths"].items():
            cold, warm = p["cold"], p["warm"]
            lines.append(
                f"| `{path}` | {p['status']} | {p['queries']} | {p['repeated']} "
                f"| {p['cpu_ms']} | {p['kib']} "
                f"| {cold['rps']:.0f} | {cold['p50_ms']:.1f}/{cold['p99_ms']:.1f} "
                f"| {cold['server_cpu_ms']} | {cold['ratio']:.2f} "
                f"| {warm['rps']:.0f} | {warm['p50_ms']:.1f}/{warm['p99_ms']:.1f} "
                f"| {warm['server_cpu_ms']} | {warm['ratio']:.2f} |"
            )
        lines += [
            "",
            "Ratios are to the minimal view's mean requests per second, measured "
            "before and after the paths: cold "
            f"{minimal['cold']['rps_before']:.0f} and "
            f"{minimal['cold']['rps_after']:.0f}, warm "
            f"{minimal['warm']['rps_before']:.0f} and "
            f"{minimal['warm']['rps_after']:.0f}.",
        ]
        lines += ["", search_summary(r["search"])]
        lines += [
            "",
            "Worker RSS after the run (MiB): "
            + "; ".join(
                f"{mode}: {', '.join(map(str, values))}"
                for mode, values in r["worker_rss_mib"].items()
            ),
        ]
        markdown = "\n".join(lines) + "\n"
        self.stdout.write(markdown)
        output = Path(self.options["output"])
        output.mkdir(parents=True, exist_ok=True)
        stem = f"bench-{r['database']}-{r['articles']}"
        (output / f"{stem}.json").write_text(json.dumps(r, indent=2) + "\n")
        (output / f"{stem}.md").write_text(markdown)
        self.stdout.write(f"written: {output / stem}.json and .md")

    def _poll(self, polls: int) -> None:
        """A live story's readers polling: what one poll costs when nothing is new.

        100 readers polling every 30 s make 3,000 requests in 30 s; each sends the
        ETag it holds. Most are answered from the page cache with a 304 (one query:
        has the story changed since?).
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
