"""A large archive of generated coverage, for `make bench` and for trying the site at scale.

`generate_archive(count=N)` adds N stories in the mix a newsroom's archive has: three
editions (English, Arabic, Central Kurdish; some stories translations of others), a
spread of statuses (mostly published, some drafts, stories in review, scheduled and
withdrawn ones), 2–5 topics and 1–3 places each, 0–6 quotes, bylines, figures, and
events dated to the day, the month or the year. Sources, places, topics and events
grow with the archive, as they do in a real one.

Rows are written with bulk inserts in chunks of CHUNK stories, one transaction per
chunk, so memory stays flat whatever N is; `progress(done, total)` is called after
each chunk. The demo coverage (seed_demo) is loaded first. Text is made of a small
vocabulary of our own words, so search and snippets have something to match.
"""

import datetime
import random

from django.db import reset_queries, transaction
from django.utils import timezone

from articles.models import Article, Author, Byline, Section, Topic
from articles.statistics import refresh_planner_statistics
from articles.text import plain_text
from demo.content import cleaned, seed_demo_coverage
from events.models import Event, Figure, Place, Precision, truncate_date
from sources.models import Quote, Source

CHUNK = 1000

WORDS = {
    "en": (
        "border security detainees transfer airbase withdrawal coalition Baghdad "
        "Anbar Nineveh Hasakah Qamishli prison camp intelligence sovereignty "
        "parliament cells patrol frontier officials analysts ministry forces "
        "handover training advisers"
    ).split(),
    "ar": (
        "الحدود الأمن المعتقلين نقل القاعدة الانسحاب التحالف بغداد الأنبار نينوى "
        "الحسكة السجن المخيم الاستخبارات السيادة البرلمان الخلايا الدورية "
        "المسؤولين الوزارة القوات التسليم التدريب"
    ).split(),
    "ckb": (
        "سنوور ئاسایش دەستگیرکراوان گواستنەوە بنکە کشانەوە هاوپەیمانی بەغدا "
        "زیندان کەمپ هەواڵگری سەروەری پەرلەمان پاسەوان بەرپرسان وەزارەت هێزەکان"
    ).split(),
}
LANGUAGES = ["en"] * 7 + ["ar"] * 2 + ["ckb"]
# Out of 100 stories: their status and whether publish_at is past or future.
STATUSES = (
    [("published", "past")] * 90
    + [("draft", None)] * 4
    + [("in_review", None)] * 2
    + [("published", "future")] * 2
    + [("unpublished", "past")] * 2
)
# Seven in ten events known to the day, two to the month, one to the year; in this
# order, so even a small archive has all three.
PRECISIONS = [Precision.DAY, Precision.MONTH, Precision.DAY, Precision.YEAR]
PRECISIONS += [Precision.DAY, Precision.MONTH] + [Precision.DAY] * 4


def _words(rng, language: str, n: int) -> str:
    vocabulary = WORDS[language]
    return " ".join(rng.choice(vocabulary) for _ in range(n))


def _grow_vocabulary(rng, count: int, seed: int) -> None:
    """Sources, places, topics, authors and events in proportion to the archive."""
    Source.objects.bulk_create(
        cleaned(
            Source(
                kind=rng.choice(Source.Kind.values),
                name=f"Generated source {seed}-{n}",
                slug=f"generated-source-{seed}-{n}",
            )
            for n in range(count // 100)
        )
    )
    Place.objects.bulk_create(
        cleaned(
            Place(
                kind=rng.choice(Place.Kind.values),
                name=f"Generated place {seed}-{n}",
                slug=f"generated-place-{seed}-{n}",
            )
            for n in range(count // 250)
        )
    )
    Topic.objects.bulk_create(
        cleaned(
            Topic(
                name=f"Generated topic {seed}-{n}", slug=f"generated-topic-{seed}-{n}"
            )
            for n in range(count // 1000)
        )
    )
    Author.objects.bulk_create(
        cleaned(
            Author(
                name=f"Generated reporter {seed}-{n}",
                slug=f"generated-reporter-{seed}-{n}",
            )
            for n in range(max(5, count // 2000))
        )
    )
    places = list(Place.objects.values_list("pk", flat=True))
    events = []
    for n in range(max(1, count // 50)):
        precision = PRECISIONS[n % len(PRECISIONS)]
        day = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randrange(2400))
        events.append(
            Event(
                title=f"Generated event {n}: {_words(rng, 'en', 4)}",
                slug=f"generated-event-{seed}-{n}",
                summary=_words(rng, "en", 20),
                date=truncate_date(day, precision),
                date_precision=precision,
                category=rng.choice(Event.Category.values),
                place_id=rng.choice(places),
                importance=rng.choice([1, 2, 2, 3]),
            )
        )
        if len(events) == CHUNK:
            Event.objects.bulk_create(cleaned(events))
            events = []
    Event.objects.bulk_create(cleaned(events))


def generate_archive(*, count: int, seed: int = 1, progress=None) -> int:
    """Add `count` generated stories (see the module docstring); returns `count`.

    `progress(done, total)`, if given, is called after each chunk. Statistics for
    the query planner are refreshed at the end (ANALYZE).
    """
    rng = random.Random(seed)
    seed_demo_coverage()
    with transaction.atomic():
        _grow_vocabulary(rng, count, seed)
    pools = {
        "section": list(Section.objects.values_list("pk", flat=True)),
        "topic": list(Topic.objects.values_list("pk", flat=True)),
        "place": list(Place.objects.values_list("pk", flat=True)),
        "source": list(Source.objects.values_list("pk", flat=True)),
        "author": list(Author.objects.values_list("pk", flat=True)),
        "event": list(Event.objects.values_list("pk", flat=True)),
        "translated": set(
            Article.objects.filter(translation_of__isnull=False).values_list(
                "translation_of_id", "language"
            )
        ),
        "english": list(
            Article.objects.published()
            .in_edition("en")
            .values_list("pk", flat=True)[:CHUNK]
        ),
    }
    now = timezone.now()
    for start in range(0, count, CHUNK):
        with transaction.atomic():
            _chunk(rng, seed, range(start, min(count, start + CHUNK)), pools, now)
        # With DEBUG on, Django keeps the last 9,000 statements' SQL: bulk inserts of
        # whole stories made that 1.5 GB at 100,000 stories. Memory stays flat.
        reset_queries()
        if progress:
            progress(min(count, start + CHUNK), count)
    refresh_planner_statistics()
    return count


def _chunk(rng, seed: int, numbers: range, pools: dict, now) -> None:
    stories = []
    english = pools.setdefault("english", [])  # published English stories' ids
    translated = pools["translated"]  # (original's id, language) already translated
    for n in numbers:
        language = rng.choice(LANGUAGES)
        status, when = rng.choice(STATUSES)
        # Newest first by number, about 48 stories a day, with jitter.
        minutes = 30 * n + rng.randrange(30)
        publish_at = None
        if when == "past":
            publish_at = now - datetime.timedelta(minutes=minutes + 60)
        elif when == "future":
            publish_at = now + datetime.timedelta(hours=rng.randrange(2, 72))
        body = " ".join(
            f"<p>{_words(rng, language, rng.randrange(40, 90))}.</p>"
            for _ in range(rng.randrange(3, 9))
        )
        story = Article(
            language=language,
            headline=f"{_words(rng, language, 6)} {n}"[:200],
            slug=f"archive-{seed}-{n}",
            standfirst=_words(rng, language, 18),
            body=body,
            body_text=plain_text(body),  # as Article.save() derives it
            section_id=rng.choice(pools["section"]),
            dateline_id=rng.choice(pools["place"]),
            status=status,
            publish_at=publish_at,
            first_published_at=publish_at if when == "past" else None,
        )
        if language != "en" and english and rng.random() < 0.4:
            # A story has at most one translation per edition, as in a newsroom.
            original = rng.choice(english)
            if (original, language) not in translated:
                translated.add((original, language))
                story.translation_of_id = original
        stories.append(story)
    Article.objects.bulk_create(cleaned(stories))
    # Later chunks translate recent English stories (a bounded pool).
    english.extend(a.pk for a in stories if a.language == "en" and a.publish_at)
    del english[:-CHUNK]

    Topics, Places = Article.topics.through, Article.places.through
    Coverage = Event.articles.through
    Topics.objects.bulk_create(
        Topics(article=a, topic_id=t)
        for a in stories
        for t in rng.sample(pools["topic"], min(len(pools["topic"]), rng.randint(2, 5)))
    )
    Places.objects.bulk_create(
        Places(article=a, place_id=p)
        for a in stories
        for p in rng.sample(pools["place"], rng.randint(1, 3))
    )
    Byline.objects.bulk_create(
        Byline(article=a, author_id=rng.choice(pools["author"]), position=0)
        for a in stories
    )
    Quote.objects.bulk_create(
        cleaned(
            Quote(
                article=a,
                source_id=rng.choice(pools["source"]),
                text=_words(rng, a.language, rng.randrange(8, 25)),
                position=position,
            )
            for a in stories
            for position in range(rng.randint(0, 6))
        )
    )
    Coverage.objects.bulk_create(
        (
            Coverage(event_id=rng.choice(pools["event"]), article=a)
            for a in stories
            if rng.random() < 0.3
        ),
        ignore_conflicts=True,
    )
    Figure.objects.bulk_create(
        cleaned(
            Figure(
                value=rng.randrange(1, 5000),
                unit=rng.choice(["detainees", "km", "troops", "people"]),
                counts=_words(rng, "en", 6),
                as_of=truncate_date(now.date(), Precision.MONTH),
                as_of_precision=Precision.MONTH,
                source_id=rng.choice(pools["source"]),
                place_id=rng.choice(pools["place"]),
                event_id=rng.choice(pools["event"]),
                article=a,
            )
            for a in stories
            if rng.random() < 0.1
        )
    )
