"""Pictures inside a story's body: the one form they are stored in.

The rich-text editor inserts a picture uploaded through articles/uploads.py (see
BodyImage) as::

    <figure data-body-image="12"><img src="/media/body/..." alt="..." width="..."
    height="..."><figcaption>caption</figcaption></figure>

nh3 first removes everything the editor cannot produce (scripts, event handlers,
style, foreign attributes). `canonical_body` then rebuilds every figure from its
BodyImage row, so the picture, alt text and caption always come from the upload
pipeline and never from hand-written HTML: a figure naming no known picture and any
<img> outside such a figure are dropped. Readers get responsive renditions from
`body_figures` (see the reader template filter `with_pictures`).
"""

import re
from collections.abc import Iterator

from django.apps import apps
from django.utils.html import escape

FIGURE = re.compile(r"<figure\b[^>]*>.*?</figure>", re.DOTALL | re.IGNORECASE)
FIGURE_ID = re.compile(r"""data-body-image\s*=\s*["']?(\d+)""", re.IGNORECASE)
STRAY = re.compile(
    r"<img\b[^>]*>|<figcaption\b[^>]*>.*?</figcaption>|</?figure\b[^>]*>",
    re.DOTALL | re.IGNORECASE,
)


def figure_ids(html: str) -> list[int]:
    """The BodyImage keys the body's figures name, in order."""
    ids = []
    for figure in FIGURE.finditer(html or ""):
        found = FIGURE_ID.search(figure.group(0))
        if found:
            ids.append(int(found.group(1)))
    return ids


def _images(ids) -> dict:
    if not ids:
        return {}
    BodyImage = apps.get_model("articles", "BodyImage")
    return BodyImage.objects.in_bulk(ids)


def editor_figure(image) -> str:
    """The stored form of one picture (what the editor shows and saves)."""
    size = ""
    if image.image_width and image.image_height:
        size = f' width="{image.image_width}" height="{image.image_height}"'
    return (
        f'<figure data-body-image="{image.pk}">'
        f'<img src="{escape(image.image.url)}" alt="{escape(image.alt)}"{size}>'
        f"<figcaption>{escape(image.caption)}</figcaption></figure>"
    )


def _replace_figures(html: str, render) -> str:
    images = _images(figure_ids(html))
    pieces, last = [], 0
    for figure in FIGURE.finditer(html):
        pieces.append(STRAY.sub("", html[last : figure.start()]))
        found = FIGURE_ID.search(figure.group(0))
        image = images.get(int(found.group(1))) if found else None
        if image is not None:
            pieces.append(render(image))
        last = figure.end()
    pieces.append(STRAY.sub("", html[last:]))
    return "".join(pieces)


def canonical_body(html: str) -> str:
    """Sanitised body HTML with every picture rebuilt from its upload (see above)."""
    if not html or ("<img" not in html and "<fig" not in html):
        return html
    return _replace_figures(html, editor_figure)


def without_pictures(html: str) -> str:
    """Sanitised HTML with every picture removed: for text that shares the story
    body's editor (a live update) but has no picture pipeline behind it, so no typed
    <img> (a foreign or tracking address) survives the sanitiser's picture rules."""
    if not html or ("<img" not in html and "<fig" not in html):
        return html
    return STRAY.sub("", FIGURE.sub("", html))


def body_figures(html: str) -> Iterator[tuple[str, object]]:
    """The body cut at its pictures: ("html", text) and ("image", BodyImage) parts."""
    images = _images(figure_ids(html))
    last = 0
    for figure in FIGURE.finditer(html or ""):
        yield "html", html[last : figure.start()]
        found = FIGURE_ID.search(figure.group(0))
        image = images.get(int(found.group(1))) if found else None
        if image is not None:
            yield "image", image
        last = figure.end()
    yield "html", (html or "")[last:]


def syndicated_body(html: str, absolute) -> str:
    """The body as partners receive it (API, ninjs): each picture as a plain
    <figure> with an absolute address (`absolute(path) -> URL`), its alt text and
    size, and its caption and credit in the <figcaption>."""
    if "data-body-image" not in (html or ""):
        return html or ""

    def figure(image) -> str:
        size = ""
        if image.image_width and image.image_height:
            size = f' width="{image.image_width}" height="{image.image_height}"'
        return (
            f'<figure><img src="{escape(absolute(image.image.url))}" '
            f'alt="{escape(image.alt)}"{size}><figcaption>{escape(image.caption)} '
            f'<span class="credit">{escape(image.credit)}</span></figcaption></figure>'
        )

    return "".join(
        value if kind == "html" else figure(value) for kind, value in body_figures(html)
    )
