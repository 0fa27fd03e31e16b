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
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.body import body_figures
from articles.images import renditions
from articles.models import view_url
from articles.search import highlight_snippet
from articles.text import xml_safe
from readers import pictures, timeline
from readers.dates import machine_time

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
    when = format_html(
        '<time datetime="{}">{}</time>',
        timeline.time_value(event.date, event.date_precision),
        event.date_display,
    )
    if not event.end_date:
        return when
    return format_html(
        '{}–<time datetime="{}">{}</time>',
        when,
        timeline.time_value(event.end_date, event.date_precision),
        event.end_date_display,
    )


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
            url = translate_url(request.get_full_path(), code)
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
    path = request.get_full_path()
    return [
        {"code": code, "url": request.build_absolute_uri(translate_url(path, code))}
        for code, _name in settings.LANGUAGES
    ]


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
