"""Presentation helpers for the reader pages; the work happens in articles/*.py."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.images import renditions
from articles.search import highlight_snippet
from events import timeline

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing in the data can close
# the <script> element or open a comment.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


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


@register.simple_tag
def time_value(date, precision):
    """A <time datetime> value as exact as the date is known: 2026, 2026-01 or 2026-01-21."""
    return timeline.time_value(date, precision)
