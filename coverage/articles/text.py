"""Text as people paste it, made safe to store and to write into XML.

Word processors and PDFs leave characters behind that a page hides but XML 1.0
forbids (https://www.w3.org/TR/xml/#charsets): a vertical tab for a manual line break,
a backspace, a form feed, C1 controls from mis-decoded Windows text, lone surrogates
from broken JSON escapes. One of them in a headline used to take every feed down.

- `clean_text()` is applied on input to every text field of every model in the
  coverage apps (the `pre_save` receiver below, so the admin, the write API, imports,
  the demo and the shell alike). Line breaks stay line breaks in multi-line fields
  and become spaces in one-line fields.
- Directional formatting characters (embeddings, overrides, isolates) are kept only
  in pairs: an override opened and never closed (U+202E pasted into a headline)
  reverses whatever a page, a browser tab or a feed reader shows after it, such as
  the site's name after a headline in <title>. Marks (LRM, RLM, ALM) stay.
- `xml_safe()` is for writers: feeds and sitemaps pass every value through it, so a
  row stored before this rule still yields well-formed XML.
- `plain_text()` is the one way stored HTML (a story's body, a live update's text)
  becomes plain text: what `body_text` stores and search, snippets, JSON-LD, feeds,
  the admin and revision diffs read. `reading_text()` and `count_words()` are the one
  word rule: what the reading time and partners' ninjs counts count.
"""

import functools
import html
import re
from pathlib import Path

from django.apps import apps
from django.db import models
from django.utils.html import strip_tags

# Everything XML 1.0 refuses, plus DEL and the C1 controls it merely discourages.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)
# What various programs mean by "new line": CRLF, CR, vertical tab (Word's manual line
# break), form feed (page break), NEL, and Unicode's line and paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")


# Unicode's explicit directional formatting (UAX #9, 2.1-2.6): openers and closers.
_EMBEDDINGS = "\u202a\u202b\u202d\u202e"  # LRE, RLE, LRO, RLO; closed by PDF
_ISOLATES = "\u2066\u2067\u2068"  # LRI, RLI, FSI; closed by PDI
_PDF, _PDI = "\u202c", "\u2069"
_DIRECTIONAL = re.compile(f"[{_EMBEDDINGS}{_ISOLATES}{_PDF}{_PDI}]")


def clean_text(value: str, *, multiline: bool) -> str:
    """`value` with line breaks unified to "\\n" (or spaces if not `multiline`),
    XML-forbidden characters removed and unpaired directional formatting dropped."""
    value = _LINE_BREAKS.sub("\n" if multiline else " ", value)
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    value = _FORBIDDEN.sub("", value)
    if _DIRECTIONAL.search(value):
        value = "\n".join(_paired_directions(line) for line in value.split("\n"))
    return value


def _paired_directions(line: str) -> str:
    """`line` without the directional openers it never closes and the closers it
    never opened (a line ends every embedding and isolate: UAX #9, rule X8)."""
    unpaired, stack = set(), []  # positions; stack holds (position, is_isolate)
    for position, char in enumerate(line):
        if char in _EMBEDDINGS or char in _ISOLATES:
            stack.append((position, char in _ISOLATES))
        elif char == _PDF:
            if stack and not stack[-1][1]:
                stack.pop()
            else:
                unpaired.add(position)
        elif char == _PDI:
            if any(is_isolate for _position, is_isolate in stack):
                # A PDI also ends the embeddings opened inside its isolate (X6a).
                while not stack.pop()[1]:
                    pass
            else:
                unpaired.add(position)
    unpaired.update(position for position, _is_isolate in stack)
    if not unpaired:
        return line
    return "".join(c for position, c in enumerate(line) if position not in unpaired)


def escaped(value) -> str:
    """`value` as text escaped for HTML: what django.utils.html.escape() gives
    (html.escape(), quotes too), unmarked, without its check for lazy arguments, and
    the text itself when it holds nothing to escape (most names, titles and slugs:
    pages and documents that write hundreds build them in Python)."""
    if value.__class__ is not str:
        value = str(value)
    return html.escape(value) if _NEEDS_ESCAPE(value) else value


_NEEDS_ESCAPE = re.compile("[&<>\"']").search


def xml_safe(value):
    """`value` without the characters XML 1.0 forbids; non-strings are returned as they are."""
    if not isinstance(value, str):
        return value
    return _FORBIDDEN.sub("", _LINE_BREAKS.sub("\n", value))


# Tags that end a line of text as a reader sees it: blocks, list items, table cells,
# line breaks, pictures and their captions. Opening and closing tags both count, so
# "<li>Hasakah</li><li>Qamishli</li>" and "over.</p><p>Prisons" never run together.
_BLOCK_TAG = re.compile(
    r"<(?:/?(?:address|article|aside|blockquote|caption|dd|div|dl|dt|figcaption|"
    r"figure|footer|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|"
    r"tfoot|th|thead|tr|ul)\b[^>]*|br\b[^>]*)>",
    re.IGNORECASE,
)
_SOURCE_SPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace but a line break (NBSP too)
_CAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.DOTALL | re.I)
# A word for counting: letters and digits of any script (Arabic and Sorani letters
# with their marks), joined by apostrophes and hyphens. desk-form.js counts alike.
_WORD = re.compile(r"[\w\u0600-\u06FF'’-]+")


def plain_text(value: str) -> str:
    """Stored HTML as plain text: one line per block (paragraph, heading, list item,
    quotation, table cell, line break, figure caption), runs of spaces made one space,
    entities decoded (``&amp;`` is "&", ``&lt;`` is "<"), no empty lines, no markup,
    cleaned as `clean_text` cleans typed text (so the result is XML-safe).

    Plain, not safe: every output escapes it for its own context (templates, the
    JSON-LD script, feeds' XML). Built on Django's strip_tags and the standard
    library's html.unescape, as nh3 (our sanitiser) keeps text as HTML and has no
    block boundaries to offer; strip_tags runs after the boundaries are marked, and
    unescaping runs last so decoded "<" and "&" are text, never read as tags.
    """
    if not value:
        return ""
    # A line break in the HTML source is a space; only the tags above end lines.
    value = _BLOCK_TAG.sub("\n", _SOURCE_SPACE.sub(" ", value))
    # Decoded text is cleaned as typed text is: "&#12;" must not bring back a form
    # feed, so bulk writers (the demo, migrations) store what save() would.
    text = clean_text(html.unescape(strip_tags(value)), multiline=True)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def reading_text(text: str, body: str) -> str:
    """`text` (the `plain_text` of `body`) without the body's figure captions: what a
    reader reads through, and what ninjs counts (its charcount and wordcount exclude
    figure captions, ninjs 2.3 `bodies`). Search keeps the captions; counts do not."""
    if "<figcaption" not in (body or ""):
        return text
    lines = text.split("\n")
    for caption in _CAPTION.findall(body):
        if (line := plain_text(caption)) in lines:
            lines.remove(line)
    return "\n".join(lines)


def count_words(text: str) -> int:
    """Words in plain text, by the one rule of the reading time and ninjs wordcount."""
    return len(_WORD.findall(text))


def normalise_text_fields(instance: models.Model) -> None:
    """Clean every CharField and TextField value of `instance` in place (see clean_text)."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            cleaned = clean_text(value, multiline=isinstance(field, models.TextField))
            if cleaned != value:
                setattr(instance, field.attname, cleaned)


@functools.cache
def _coverage_app_labels() -> frozenset[str]:
    folder = Path(apps.get_app_config("articles").path).parent
    return frozenset(
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).parent == folder
    )


def _normalise_on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loaddata: fixtures are written as they are
        return
    # By label, so data migrations' historical models are cleaned too.
    if sender._meta.app_label in _coverage_app_labels():
        normalise_text_fields(instance)


def connect_signals() -> None:
    """Called from ArticlesConfig.ready(): every model of every app in coverage/."""
    models.signals.pre_save.connect(_normalise_on_save, dispatch_uid="clean-text")
