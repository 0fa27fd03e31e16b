"""manage.py generate_content --articles N: add a large generated archive (demo.generator)."""

import sys
import time

from django.core.management.base import BaseCommand

from demo.generator import generate_archive


class Command(BaseCommand):
    help = (
        "Add N generated stories (three editions, a spread of statuses, topics, "
        "places, quotes, events and figures) to the database, in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles, seed, **options):
        started = time.perf_counter()
        show = sys.stderr.isatty() or options["verbosity"] > 1

        def progress(done, total):
            if not show:
                return
            elapsed = time.perf_counter() - started
            width = 30
            filled = width * done // total
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} "
                f"stories, {done / elapsed:,.0f}/s"
            )
            sys.stderr.flush()

        generate_archive(count=articles, seed=seed, progress=progress)
        if show:
            sys.stderr.write("\n")
        self.stdout.write(
            f"Generated {articles:,} stories in {time.perf_counter() - started:.1f}s."
        )
