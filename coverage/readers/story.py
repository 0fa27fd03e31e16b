"""Everything a story page shows, in a fixed number of queries compiled once per
process (articles.compiled): the story with its section, live coverage and
dateline, then one read per list it shows.

The same records, in the same order, as the ten prefetches they replaced; on the
20,000-story archive those spent some 8 ms of the page's 14 building and compiling
SQL and running prefetch_related()'s machinery.
"""

from dataclasses import dataclass

from django.db.models import Q

from articles.compiled import CompiledRead, run_together
from articles.models import EDITION_FIELDS, Article, Author, Correction, Topic
from events.models import Event, Figure, Place
from sources.models import Quote

# The story (+ section, live coverage, dateline): readers' by edition and address,
# a preview's by key in any state.
_WITH_STORY = ("section", "live_coverage", "dateline")
PUBLIC_STORY = CompiledRead(
    lambda language, slug: (
        Article.objects.published()
        .filter(language=language, slug=slug)
        .select_related(*_WITH_STORY)
    ),
    language=str,
    slug=str,
)
ANY_STORY = CompiledRead(
    lambda pk: Article.objects.filter(pk=pk).select_related(*_WITH_STORY), pk=int
)

BYLINE = CompiledRead(
    lambda story: Author.objects.filter(bylines__article=story).order_by(
        "bylines__position", "bylines__pk"
    ),
    story=int,
)
TOPICS = CompiledRead(lambda story: Topic.objects.filter(articles=story), story=int)
CORRECTIONS = CompiledRead(
    lambda story: Correction.objects.filter(article=story), story=int
)
QUOTES = CompiledRead(
    lambda story: Quote.objects.filter(article=story).select_related("source"),
    story=int,
)
EVENTS = CompiledRead(
    lambda story: (
        Event.objects.filter(articles=story).select_related("place").chronological()
    ),
    story=int,
)
FIGURES = CompiledRead(
    lambda story: Figure.objects.filter(article=story).select_related("source"),
    story=int,
)
PLACES = CompiledRead(lambda story: Place.objects.filter(articles=story), story=int)
# Related stories as cards (what the story_cards template tag shows), public and in
# the page's edition only.
RELATED = CompiledRead(
    lambda story, language: (
        Article.objects.published()
        .filter(language=language, article=story)
        .for_listing()
    ),
    story=int,
    language=str,
)
# The story's other editions (Article.editions_among()): the original, its
# translations and this story's own; `original` 0 for a story that is one.
EDITIONS = CompiledRead(
    lambda story, original: (
        Article.objects.published()
        .only(*EDITION_FIELDS)
        .filter(Q(translation_of=story) | Q(pk=original) | Q(translation_of=original))
        .order_by()
    ),
    story=int,
    original=int,
)


@dataclass
class StoryRecords:
    """What a story page lists beside the story, each in the page's order."""

    story: Article
    byline: list[Author]
    topics: list[dict]  # {"name", "url"}
    corrections: list[Correction]
    quotes: list[dict]  # {"text", "context", "source": {"name", "role", "url"}}
    events: list[Event]  # oldest first, each with its place
    figures: list[Figure]  # each with its source
    places: list[Place]  # those it mentions
    related: list[Article]  # as cards
    translations: list[Article]  # its other published editions

    @property
    def map_places(self) -> list:
        """The places a story is about: its dateline, its events' and those it
        mentions (readers.pictures draws each once)."""
        return [
            self.story.dateline,
            *(event.place for event in self.events),
            *self.places,
        ]


def public_story(language: str, slug: str) -> Article | None:
    """The published story at `slug` in edition `language`, or None."""
    found = PUBLIC_STORY(language=language, slug=slug)
    return found[0] if found else None


def any_story(pk: int) -> Article | None:
    """The story with key `pk` in any state (a preview), or None."""
    found = ANY_STORY(pk=pk)
    return found[0] if found else None


def story_records(article: Article, language: str) -> StoryRecords:
    """Everything `article`'s page lists, read for edition `language` (in one round
    trip on PostgreSQL, articles.compiled.run_together)."""
    story = {"story": article.pk}
    byline, topics, corrections, quotes, events, figures, places, related, editions = (
        run_together(
            (BYLINE, story),
            (TOPICS, story),
            (CORRECTIONS, story),
            (QUOTES, story),
            (EVENTS, story),
            (FIGURES, story),
            (PLACES, story),
            (RELATED, story | {"language": language}),
            (EDITIONS, story | {"original": article.translation_of_id or 0}),
        )
    )
    return StoryRecords(
        story=article,
        byline=byline,
        topics=[_topic_row(topic) for topic in topics],
        corrections=corrections,
        quotes=[_quote_row(quote) for quote in quotes],
        events=events,
        figures=figures,
        places=places,
        related=related,
        translations=article.editions_among(editions),
    )


# Topics and quotes reach the template as dicts: every story shows several, and a
# template reads a dict's keys for a fraction of what a model instance's attributes
# cost it (translated names resolved here once, by modeltranslation's own rule).
def _topic_row(topic: Topic) -> dict:
    return {"name": topic.name, "url": topic.get_absolute_url()}


def _quote_row(quote: Quote) -> dict:
    source = quote.source
    return {
        "text": quote.text,
        "context": quote.context,
        "source": {
            "name": source.name,
            "role": source.role,
            "url": source.get_absolute_url(),
        },
    }
