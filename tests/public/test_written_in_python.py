"""Parts of the reader pages written in Python (readers' template tags and
readers.dates) write exactly what the templates they replaced wrote: every kind
of value, hostile text included, in every edition.

The templates below are the former includes/article_card.html and the quote loop
of sources/source_detail.html, kept here as the reference the tags must match.
"""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from articles.models import Article
from readers.dates import shown
from readers.templatetags.reader import source_quotes, story_cards
from sources.models import Quote
from tests.factories import (
    hours_ago,
    make_article,
    make_live_article,
    make_quote,
    make_section,
    make_source,
)

pytestmark = pytest.mark.django_db

EDITIONS = ["en", "ar", "ckb"]
HOSTILE = "<script>alert('x')</script> & \"quoted\" ‹›"

CARD_TEMPLATE = (
    "{% load i18n reader %}"
    "{% for article in stories %}<li>"
    '<article class="card">\n'
    '  {% if article.section or article.live.is_live %}<p class="card__section">'
    '{% if article.live.is_live %}<span class="badge badge--live">{% translate "Live" %}'
    "</span> {% endif %}{% if article.section %}<bdi>{{ article.section.name }}</bdi>"
    "{% endif %}</p>{% endif %}\n"
    '  <h{{ heading_level|default:2 }} class="card__title"><a class="card__link" '
    'href="{{ article.get_absolute_url }}"><bdi>{{ article.headline }}</bdi></a>'
    "</h{{ heading_level|default:2 }}>\n"
    '  {% if article.standfirst %}<p class="card__standfirst" dir="auto">'
    "{{ article.standfirst }}</p>{% endif %}\n"
    '  {% if article.first_published_at %}<p class="card__meta"><time datetime="'
    '{{ article.first_published_at|machine_time }}">'
    '{{ article.first_published_at|date:"DATETIME_FORMAT" }}</time></p>{% endif %}\n'
    "</article>\n"
    "</li>{% endfor %}"
)

QUOTES_TEMPLATE = (
    "{% load i18n reader %}"
    '{% translate "In" as quoted_in %}{% translate ", " as comma %}'
    "{% for quote in quotes %}\n"
    '      <figure class="quote">\n'
    '        <blockquote class="quote__text"><p dir="auto">{{ quote.text }}</p>'
    "</blockquote>\n"
    '        <figcaption class="quote__attribution">{{ quoted_in }} <a href="'
    '{{ quote.article.get_absolute_url }}" dir="auto">{{ quote.article.headline }}</a>'
    '{{ comma }}<time datetime="{{ quote.article.publish_at|machine_time }}">'
    '{{ quote.article.publish_at|date:"DATE_FORMAT" }}</time>{% if quote.context %} '
    '<span class="quote__context">(<bdi>{{ quote.context }}</bdi>)</span>{% endif %}'
    "</figcaption>\n"
    "      </figure>\n"
    "      {% endfor %}"
)


def every_kind_of_card(language: str) -> list[Article]:
    """Stories of `language` covering every branch a card has, read as lists read them."""
    made = [
        make_article(language=language),
        make_article(language=language, section=None, standfirst=""),
        make_article(
            language=language,
            headline=HOSTILE,
            standfirst=HOSTILE,
            section=make_section(name=HOSTILE),
        ),
        make_live_article(language=language),
        make_live_article(language=language, section=None),
        # Published at midnight, noon and a minute past, Baghdad time.
        make_article(
            language=language,
            publish_at=datetime.datetime(2026, 1, 20, 21, 0, tzinfo=datetime.UTC),
        ),
        make_article(
            language=language,
            publish_at=datetime.datetime(2026, 1, 21, 9, 0, 30, tzinfo=datetime.UTC),
        ),
        make_article(
            language=language,
            publish_at=datetime.datetime(2025, 12, 31, 21, 1, tzinfo=datetime.UTC),
        ),
    ]
    # A story whose first publication is not recorded shows no time.
    Article.objects.filter(pk=made[1].pk).update(first_published_at=None)
    return list(
        Article.objects.filter(pk__in=[story.pk for story in made])
        .for_listing()
        .order_by("pk")
    )


@pytest.mark.parametrize("language", EDITIONS)
def test_story_cards_write_what_the_card_template_wrote_for_every_kind_of_story(
    language,
):
    with translation.override(language):
        stories = every_kind_of_card(language)
        expected = Template(CARD_TEMPLATE).render(
            Context({"stories": stories, "heading_level": 3})
        )
        written = story_cards(Context(), stories)

    assert written == expected
    assert "<script>" not in written and "&lt;script&gt;" in written


@pytest.mark.parametrize("language", EDITIONS)
def test_source_quotes_write_what_the_quote_loop_wrote_for_every_kind_of_quote(
    language,
):
    source = make_source()
    with translation.override(language):
        for story, context in [
            (make_article(language=language), ""),
            (make_article(language=language, headline=HOSTILE), HOSTILE),
            (make_article(language=language, publish_at=hours_ago(30)), "briefing"),
        ]:
            make_quote(article=story, source=source, text=HOSTILE, context=context)
        quotes = list(
            Quote.objects.public(in_edition=True)
            .filter(source=source)
            .only(
                "text",
                "context",
                "article__headline",
                "article__slug",
                "article__language",
                "article__publish_at",
            )
        )
        expected = Template(QUOTES_TEMPLATE).render(Context({"quotes": quotes}))
        written = source_quotes(quotes)

    assert len(quotes) == 3
    assert written == expected
    assert source_quotes([]) == ""


INSTANTS = [
    datetime.datetime(2026, 1, 20, 21, 0, tzinfo=datetime.UTC),  # local midnight
    datetime.datetime(2026, 1, 21, 9, 0, tzinfo=datetime.UTC),  # local noon
    datetime.datetime(2026, 1, 21, 9, 5, 7, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2024, 2, 29, 20, 59, 59, tzinfo=datetime.UTC),  # leap day
    datetime.datetime(2026, 12, 31, 22, 30, tzinfo=datetime.UTC),  # next year locally
]
FORMATS = [
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    r"D, jS F Y \a\t g:i:s.u A (l, b, E, N, n, m, M, y, w, W, z, t, L, o, f, P, a, h, H)",
    "c",  # the whole instant: written whole
    "r O T e Z I U",  # the time zone: written whole
]


@pytest.mark.parametrize("language", EDITIONS)
def test_shown_writes_what_the_date_filter_writes_for_every_format_and_instant(
    language,
):
    template = Template("{{ value|date:format_name }}")
    with translation.override(language):
        for format_name in FORMATS:
            for value in INSTANTS:
                expected = template.render(
                    Context({"value": value, "format_name": format_name})
                )
                assert shown(value, format_name) == expected, (format_name, value)
        assert shown(None, "DATETIME_FORMAT") == ""


def test_shown_follows_the_active_time_zone():
    value = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC)
    template = Template('{{ value|date:"DATETIME_FORMAT" }}')
    in_baghdad = shown(value, "DATETIME_FORMAT")

    with timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        in_london = shown(value, "DATETIME_FORMAT")
        assert in_london == template.render(Context({"value": value}))

    assert in_london != in_baghdad
