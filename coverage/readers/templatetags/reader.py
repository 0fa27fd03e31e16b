"""Presentation helpers for the reader pages; the work happens in articles/*.py."""

import functools
import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils import timezone, translation
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from articles.body import body_figures
from articles.images import renditions
from articles.models import slug_urls, view_url
from articles.search import highlight_snippet
from articles.text import escaped, xml_safe
from events.models import Event, format_date
from readers import pictures, timeline
from readers.dates import machine_time, shown
from sources.models import Source

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing in the data can close
# the <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter(name="xml_safe")
def xml_safe_filter(value):
    """`value` without the characters XML 1.0 forbids (for XML templates; still autoescaped)."""
    return xml_safe(value)


@register.filter
def ld_json(data):
    """`data` as a <script type="application/ld+json"> element, safely escaped."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)),  # escaped just above
    )


@register.simple_tag
def highlight(text, query, length=240):
    """An escaped excerpt of `text` around the words of `query`, each wrapped in <mark>."""
    return highlight_snippet(text, query, length=length)


@register.inclusion_tag("articles/picture.html")
def picture(image, alt, sizes="100vw", eager=False, css_class=""):
    """A responsive <picture>: WebP with a JPEG fallback at several widths."""
    versions = renditions(image)
    return {
        "webp": versions["webp"],
        "jpeg": versions["jpg"],
        "fallback": versions["jpg"][-1],
        "alt": alt,
        "sizes": sizes,
        "eager": eager,
        "css_class": css_class,
    }


@register.filter
def with_pictures(body):
    """A story body (sanitised and made canonical on save, articles/body.py) with
    each picture inside it as responsive renditions, its caption and credit."""
    if "data-body-image" not in (body or ""):
        return mark_safe(body or "")  # sanitised with nh3 when saved
    parts = [
        value
        if kind == "html"
        else render_to_string("articles/body_figure.html", {"image": value})
        for kind, value in body_figures(body)
    ]
    return mark_safe("".join(parts))  # sanitised parts and escaped templates


# Open Graph names a locale as language_TERRITORY (ogp.me: "en_US"); the outlet
# writes from Iraq in each edition's language.
OG_LOCALES = {"ar": "ar_IQ", "ckb": "ckb_IQ", "en": "en_US"}


@register.filter
def og_locale(language: str) -> str:
    """An edition's language as an Open Graph locale: "ar" -> "ar_IQ"."""
    return OG_LOCALES.get(language, language)


@register.simple_tag
def event_date(event):
    """An event's date (and end date) as <time> elements, each as exact as the date
    is known: <time datetime="2026-01">January 2026</time>. A tag rather than an
    included template: the timeline writes thirty of them a page."""
    return mark_safe(_event_date(event, translation.get_language()))  # escaped


def _event_date(event, language: str) -> str:
    """event_date()'s HTML in edition `language`, every value escaped."""
    precision = event.date_precision
    when = (
        f'<time datetime="{timeline.time_value(event.date, precision)}">'
        f"{_escape(format_date(event.date, precision, language))}</time>"
    )
    if not event.end_date:
        return when
    return (
        f'{when}–<time datetime="{timeline.time_value(event.end_date, precision)}">'
        f"{_escape(format_date(event.end_date, precision, language))}</time>"
    )


@register.simple_tag
def timeline_events(events, heading_level=4, coverage_shown=None):
    """Each of `events` (readers.timeline.TimelineEntry) as the <li> a timeline and a
    place's page list: its date, title, category and place, summary, actors and its
    first `coverage_shown` stories (all without it), linking to the event's page when
    it has more; the heading at `heading_level`.

    Written in Python, every value escaped: thirty included templates a page were
    most of the timeline's render time. The words and addresses every entry repeats
    are made once per process and edition (_timeline_words())."""
    language = translation.get_language()
    words = _timeline_words(language, get_script_prefix(), get_urlconf())
    urls, story_urls, labels = words["urls"], words["story_urls"], words["labels"]
    event_url, place_url, source_url = urls["event"], urls["place"], urls["source"]
    comma, actors_label = words["comma"], words["actors"]
    coverage_label, more_label = words["coverage"], words["more"]
    parts = []
    for event in events:
        url = _escape(event_url(event.slug))
        category = event.category
        place = event.place
        if place is not None:
            place = (
                f' <a class="timeline-event__place" href="{_escape(place_url(place.slug))}">'
                f"<bdi>{_escape(place.name)}</bdi></a>"
            )
        summary = event.summary
        if summary:
            summary = (
                f'<p class="timeline-event__summary" dir="auto">{_escape(summary)}</p>'
            )
        actors = ""
        if event.actors:
            actors = comma.join(
                [
                    f'<a href="{_escape(source_url(actor["slug"]))}" dir="auto">'
                    f"{_escape(actor['name'])}</a>"
                    for actor in event.actors
                ]
            )
            actors = (
                '<p class="timeline-event__actors"><span class="timeline-event__label">'
                f"{actors_label}</span> {actors}</p>"
            )
        coverage = ""
        if event.coverage:
            shown = (
                event.coverage[:coverage_shown] if coverage_shown else event.coverage
            )
            links = []
            for story in shown:
                edition = story["language"]
                story_url = story_urls.get(edition)
                if story_url is None:
                    story_url = story_urls[edition] = slug_urls(
                        "articles:detail", edition
                    )
                links.append(
                    f'<li><a href="{_escape(story_url(story["slug"]))}">'
                    f"<bdi>{_escape(story['headline'])}</bdi></a></li>"
                )
            more = ""
            if coverage_shown and len(event.coverage) > coverage_shown:
                more = f'<p class="timeline-event__more"><a href="{url}">{more_label}</a></p>'
            coverage = (
                '<div class="timeline-event__coverage"><span class="timeline-event__label">'
                f"{coverage_label}</span>\n    <ul>{''.join(links)}</ul>\n    {more}\n  </div>"
            )
        parts.append(
            f'<li class="timeline-event" id="event-{_escape(event.slug)}">\n'
            f'  <p class="timeline-event__date">{_event_date(event, language)}</p>\n'
            f'  <h{heading_level} class="timeline-event__title"><a href="{url}">'
            f"<bdi>{_escape(event.title)}</bdi></a></h{heading_level}>\n"
            f'  <p class="timeline-event__meta"><span class="badge badge--{_escape(category)}">'
            f"{labels.get(category) or _escape(category)}</span>{place or ''}</p>\n"
            f"  {summary or ''}\n  {actors}\n  {coverage}\n</li>\n"
        )
    return mark_safe("".join(parts))  # every value escaped above


@register.simple_tag(takes_context=True)
def story_cards(context, stories, heading_level=3):
    """Each of `stories` (articles.Article, read with for_listing()) as a story
    card in its <li>: section and live badge, headline linking to the story,
    standfirst and first publication time, the heading at `heading_level`.

    Written in Python, every value escaped: an included template per card was a
    third of a story list's render time. The words and addresses the cards repeat
    are made once per page."""
    words = context.render_context.get(_CARD_WORDS)
    if words is None:
        words = context.render_context[_CARD_WORDS] = {
            "live": _escape(gettext("Live")),
            "urls": {},  # per language
        }
    urls, live_label = words["urls"], words["live"]
    parts = []
    for story in stories:
        language = story.language
        if language not in urls:
            urls[language] = slug_urls("articles:detail", language)
        section = story.section
        live = story.live
        kicker = ""
        if section is not None or (live is not None and live.is_live):
            badge = ""
            if live is not None and live.is_live:
                badge = f'<span class="badge badge--live">{live_label}</span> '
            name = f"<bdi>{_escape(section.name)}</bdi>" if section is not None else ""
            kicker = f'<p class="card__section">{badge}{name}</p>'
        standfirst = story.standfirst
        if standfirst:
            standfirst = (
                f'<p class="card__standfirst" dir="auto">{_escape(standfirst)}</p>'
            )
        published = story.first_published_at
        meta = ""
        if published:
            meta = (
                f'<p class="card__meta"><time datetime="{_escape(machine_time(published))}">'
                f"{_escape(shown(published, 'DATETIME_FORMAT'))}</time></p>"
            )
        parts.append(
            f'<li><article class="card">\n  {kicker}\n'
            f'  <h{heading_level} class="card__title"><a class="card__link" '
            f'href="{_escape(urls[language](story.slug))}"><bdi>{_escape(story.headline)}'
            f"</bdi></a></h{heading_level}>\n  {standfirst or ''}\n  {meta}\n</article>\n</li>"
        )
    return mark_safe("".join(parts))  # every value escaped above


_CARD_WORDS = "readers.story_cards"


@register.simple_tag
def source_quotes(quotes):
    """Each of `quotes` (sources.Quote, each with its story) as the <figure> a
    source's page lists: the words, then "In <story headline>, <date>" linking to
    the story, and the quote's context. Written in Python, every value escaped:
    thirty a page, each through a dozen template lookups and filters, were a
    third of the page's render time."""
    quoted_in, comma = _escape(gettext("In")), _escape(gettext(", "))
    urls = {}  # per language
    parts = []
    for quote in quotes:
        story = quote.article
        language = story.language
        if language not in urls:
            urls[language] = slug_urls("articles:detail", language)
        published = story.publish_at
        context = quote.context
        if context:
            context = (
                f' <span class="quote__context">(<bdi>{_escape(context)}</bdi>)</span>'
            )
        parts.append(
            '\n      <figure class="quote">\n        <blockquote class="quote__text">'
            f'<p dir="auto">{_escape(quote.text)}</p></blockquote>\n'
            f'        <figcaption class="quote__attribution">{quoted_in} '
            f'<a href="{_escape(urls[language](story.slug))}" dir="auto">'
            f"{_escape(story.headline)}</a>{comma}"
            f'<time datetime="{_escape(machine_time(published))}">'
            f"{_escape(shown(published, 'DATE_FORMAT'))}</time>{context or ''}"
            "</figcaption>\n      </figure>\n      "
        )
    return mark_safe("".join(parts))  # every value escaped above


@register.simple_tag
def source_cards(sources, counted_quotes):
    """Each of `sources` (rows of readers.views.sources.CARD_FIELDS with their
    "quote_count", counted up to `counted_quotes` + 1) as the source list's card
    in its <li>: kind, name linking to the source, role and affiliation, and how
    often this edition quotes them ("More than `counted_quotes` quotes" past it).

    Written in Python, every value escaped: sixty template cards, each through a
    plural translation and a dozen lookups, were most of the list's render time."""
    kinds = {value: _escape(label) for value, label in Source.Kind.choices}
    comma = _escape(gettext(", "))
    url = slug_urls("sources:detail")
    said = {}  # quote count -> what the card says
    parts = []
    for source in sources:
        role, affiliation = source["role"], source["affiliation"]
        details = ""
        if role or affiliation is not None:
            details = f"<bdi>{_escape(role)}</bdi>"
            if affiliation is not None:
                if role:
                    details += comma
                details += f"<bdi>{_escape(source['affiliation__name'])}</bdi>"
            details = f'<p class="card__standfirst">{details}</p>'
        count = source["quote_count"]
        quotes = said.get(count)
        if quotes is None:  # a few counts, many cards
            if count > counted_quotes:
                quotes = ngettext(
                    "More than %(counter)s quote",
                    "More than %(counter)s quotes",
                    counted_quotes,
                ) % {"counter": _escape(localize(counted_quotes))}
            else:
                quotes = ngettext("%(counter)s quote", "%(counter)s quotes", count) % {
                    "counter": _escape(localize(count))
                }
            said[count] = quotes
        kind = source["kind"]
        parts.append(
            '\n  <li>\n    <article class="card">\n'
            f'      <p class="card__section">{kinds.get(kind) or _escape(kind)}</p>\n'
            '      <h2 class="card__title"><a class="card__link" '
            f'href="{_escape(url(source["slug"]))}"><bdi>{_escape(source["name"])}'
            "</bdi></a></h2>\n"
            f"      {details}\n"
            f'      <p class="card__meta">{quotes}</p>\n    </article>\n  </li>\n  '
        )
    return mark_safe("".join(parts))  # every value escaped above


@functools.lru_cache(maxsize=64)
def _timeline_words(language: str, script_prefix: str, urlconf) -> dict:
    # In `language`, the active one, with the script prefix and the URL
    # configuration in the key (called only from timeline_events()).
    return {
        "urls": {
            "event": slug_urls("events:detail", language),
            "place": slug_urls("events:place", language),
            "source": slug_urls("sources:detail", language),
        },
        "story_urls": {},  # per language, as stories of other editions appear
        "labels": {value: _escape(label) for value, label in Event.Category.choices},
        "comma": _escape(gettext(", ")),
        "actors": _escape(gettext("Actors:")),
        "coverage": _escape(gettext("Coverage:")),
        "more": _escape(gettext("All coverage of this event")),
    }


@register.simple_tag
def figure_table(figures):
    """The table of `figures` (events.Figure, or readers.figures.FigureEntry rows):
    each number with what it counts, its basis, source and date. Written in Python,
    every value escaped: a place can show dozens of figures."""
    comma = _escape(gettext(", "))
    according_to = _escape(gettext("according to"))
    as_of = _escape(gettext("as of"))
    figure_heading = _escape(gettext("Figure"))
    basis_heading = _escape(gettext("Basis, source and date"))
    rows = []
    for figure in figures:
        source = figure.source
        if source:
            source = (
                f"{comma}{according_to} "
                f'<a href="{_escape(source.get_absolute_url())}" dir="auto">'
                f"{_escape(source.name)}</a>"
            )
        when = ""
        if figure.as_of:
            when = f"{comma}{as_of} <bdi>{_escape(figure.as_of_display)}</bdi>"
        rows.append(
            "\n  <tr>\n"
            f'    <th scope="row"><strong><bdi>{_escape(figure.value_display)}</bdi>'
            f"</strong> <bdi>{_escape(figure.counts)}</bdi></th>\n"
            f'    <td class="meta">{_escape(figure.get_basis_display())}'
            f"{source or ''}{when}</td>\n  </tr>\n  "
        )
    return mark_safe(  # every value escaped above
        '<table class="data-table figure-table">\n'
        f'  <thead><tr><th scope="col">{figure_heading}</th>'
        f'<th scope="col">{basis_heading}</th></tr>'
        f"</thead>\n  <tbody>\n  {''.join(rows)}\n  </tbody>\n</table>"
    )


# django.utils.html.escape()'s text, cheaper (thousands of values a timeline page).
_escape = escaped


@register.simple_tag
def time_value(date, precision):
    """A <time datetime> value as exact as the date is known: 2026, 2026-01 or 2026-01-21."""
    return timeline.time_value(date, precision)


@register.simple_tag
def address(view_name):
    """What {% url view_name %} gives for a page taking no arguments, reversed once
    per process and edition (articles.models.view_url): the header and footer of
    every page link to the same dozen pages."""
    return view_url(view_name)


# The primary navigation marks these pages as the current one.
_NAV_PAGES = {
    "articles:list",
    "events:timeline",
    "sources:list",
    "articles:corrections",
}


@register.simple_tag
def site_nav(current):
    """The primary navigation (includes/site_nav.html), `current` the view name of
    the page: rendered once per process, edition and page it marks."""
    return _fragment(
        "includes/site_nav.html", current=current if current in _NAV_PAGES else ""
    )


@register.simple_tag
def site_footer():
    """The site footer (includes/site_footer.html): rendered once per process,
    edition and year."""
    return _fragment("includes/site_footer.html", year=timezone.localtime().year)


def _fragment(template_name: str, **context) -> str:
    """`template_name` rendered with `context` (hashable values) in the active
    edition, remembered: it shows nothing but its translated words and addresses."""
    return _rendered_fragment(
        template_name,
        tuple(sorted(context.items())),
        translation.get_language(),
        get_script_prefix(),
        get_urlconf(),
    )


@functools.lru_cache(maxsize=512)
def _rendered_fragment(template_name, context, language, script_prefix, urlconf):
    # Rendered while `language`, the script prefix and the URL configuration in the
    # key are the active ones (called only from _fragment()).
    return mark_safe(render_to_string(template_name, dict(context)).strip("\n"))


def _clear_fragments(**kwargs):
    _rendered_fragment.cache_clear()
    _timeline_words.cache_clear()
    _translated.cache_clear()


# Settings a test changes (templates, addresses, languages) render them anew.
setting_changed.connect(_clear_fragments)


# Pages whose address holds a slug that differs between editions: their equivalent in
# another edition is a translation (when one is published) or that edition's home.
_PER_EDITION_PAGES = {"articles:detail"}


@register.simple_tag(takes_context=True)
def edition_links(context):
    """One link per edition to this page in that edition: plain links, so public
    pages carry no form, no CSRF token and no cookie, and stay cacheable."""
    request = context["request"]
    current = translation.get_language()
    view_name = getattr(request.resolver_match, "view_name", "")
    translated = {
        t.language: t.get_absolute_url() for t in context.get("translations", ())
    }
    links = []
    for code, _name in settings.LANGUAGES:
        name, bidi = _edition_name(code)
        if code == current:
            url = request.get_full_path()
        elif view_name in _PER_EDITION_PAGES:
            url = translated.get(code) or view_url("home", code)
        else:
            url = _translated_path(request, code)
        links.append(
            {
                "code": code,
                "name": name,
                "bidi": bidi,
                "url": url,
                "is_current": code == current,
            }
        )
    return links


@functools.cache
def _edition_name(code: str) -> tuple[str, bool]:
    """An edition's name in its own language and whether it is written right to left."""
    info = translation.get_language_info(code)
    return info["name_local"], info["bidi"]


@register.simple_tag(takes_context=True)
def edition_alternates(context):
    """`<link rel="alternate" hreflang>` targets for a page that exists in every
    edition at the same address (home, lists, timeline, topic/place/source pages):
    a list of {"code", "url"} with absolute URLs, the current edition included, as
    search engines expect (each page lists itself too). Empty on pages whose
    equivalents differ per edition (a story: its translations) and on error pages.
    """
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name in _PER_EDITION_PAGES:
        return []
    return [
        {
            "code": code,
            "url": request.build_absolute_uri(_translated_path(request, code)),
        }
        for code, _name in settings.LANGUAGES
    ]


def _translated_path(request, code: str) -> str:
    """translate_url() of the request's full path into edition `code`, found once
    per request: the edition links and the alternates both ask (each costs a
    resolve and a reverse)."""
    paths = getattr(request, "_edition_paths", None)
    if paths is None:
        paths = request._edition_paths = {}
    if code not in paths:
        paths[code] = _translated(
            request.get_full_path(),
            code,
            translation.get_language(),
            get_script_prefix(),
            get_urlconf(),
        )
    return paths[code]


@functools.lru_cache(maxsize=1024)
def _translated(path: str, code: str, language: str, script_prefix, urlconf) -> str:
    # translate_url() (a resolve and a reverse, some 450 calls) of `path` while
    # the language (it resolves the edition's prefix), script prefix and URL
    # configuration in the key are the active ones (called only from
    # _translated_path()): every page asks it for each edition.
    return translate_url(path, code)


register.filter("machine_time", machine_time)


@register.simple_tag
def place_map(places, id, wide=False, link=True):
    """An inline SVG locator map of `places`, a list or one place (readers.pictures)."""
    if hasattr(places, "pk"):
        places = [places]
    return pictures.place_map(places, id_prefix=id, wide=wide, link=link)


@register.simple_tag
def figure_chart(figures, id):
    """An inline SVG chart of `figures` (readers.pictures.figure_chart)."""
    return pictures.figure_chart(figures, id_prefix=id)
