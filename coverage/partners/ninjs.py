"""Stories as IPTC ninjs 2.3 items (https://iptc.org/standards/ninjs/).

The 2.3 schema allows no top-level keys of our own, so everything maps onto ninjs
properties: the byline goes in `by`, the dateline in `located`, quoted sources in
`people`/`organisations` with rel "quoted", corrections in `descriptions` with role
"correction". `places[].geojson` is left out: it refers to a remote schema.
A body's `charcount` and `wordcount` count its stored plain text without figure
captions (as the schema defines them), words by the rule of the story's reading time
(articles.text.reading_text and count_words).
"""

import datetime

from django.utils.encoding import iri_to_uri
from rest_framework import serializers

from articles.body import syndicated_body
from articles.images import renditions
from articles.models import Article, live_update_urls, slug_url
from articles.text import count_words, reading_text
from partners.renderers import JSONRenderer
from partners.rows import in_language
from partners.serializers.articles import (
    byline,
    editions,
    related,
    story_rows,
    story_version,
)
from partners.serializers.base import absolute_url
from sources.models import Source

NINJS_VERSION = "2.3"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.3.json"
COPYRIGHT_HOLDER = "Shafaq News"


def item_uri(article: Article) -> str:
    """The story's ninjs identity: a URN from its UUID, which never changes."""
    return f"urn:uuid:{article.uuid}"


def timestamp(value) -> str:
    """RFC 3339, in UTC."""
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def pubstatus(article: Article) -> str:
    if article.status == Article.Status.PUBLISHED:
        return "usable"
    if article.status == Article.Status.UNPUBLISHED:
        return "canceled"
    return "withheld"


def article_to_ninjs(article: Article, *, api_url) -> dict:
    """One story as a ninjs 2.3 item; `api_url(name, key)` gives absolute API links."""
    first = article.published_at or article.created_at
    item = {
        "uri": item_uri(article),
        "type": "text",
        "profile": "text-photo" if article.lead_image else "text-only",
        "version": str(story_version(article)),
        "firstcreated": timestamp(first),
        "versioncreated": timestamp(max(article.last_updated_at or first, first)),
        "pubstatus": pubstatus(article),
        "language": article.language,
        "headlines": [{"role": "main", "value": article.headline}],
        "copyrightholder": COPYRIGHT_HOLDER,
        "copyrightnotice": f"© {first.year} {COPYRIGHT_HOLDER}. All rights reserved.",
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "renditions": [
            {
                "name": "web",
                "href": iri_to_uri(absolute_url(article.get_absolute_url())),
                "contenttype": "text/html",
                "title": article.headline,
            }
        ],
    }
    if article.is_scheduled:
        item["embargoed"] = timestamp(article.publish_at)
    descriptions = []
    if article.standfirst:
        descriptions.append({"role": "summary", "value": article.standfirst})
    for correction in related(article, "corrections"):
        descriptions.append(
            {
                "role": "correction",
                "value": f"{correction.get_kind_display()} "
                f"({timestamp(correction.created_at)}): {correction.text}",
            }
        )
    if descriptions:
        item["descriptions"] = descriptions
    if article.body:
        text = reading_text(article.body_text, article.body)
        item["bodies"] = [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": syndicated_body(article.body, absolute_url),
                "charcount": len(text),
                "wordcount": count_words(text),
            }
        ]
    if authors := byline(article):
        item["by"] = ", ".join(
            in_language(author, "name", article.language) for author in authors
        )
    if dateline := story_rows(article, "dateline_row"):
        item["located"] = dateline["name"]
    if topics := story_rows(article, "topic_rows"):
        item["subjects"] = [
            {"name": t["name"], "literal": t["slug"], "rel": "about"} for t in topics
        ]
    people, organisations = _quoted(article, api_url)
    if people:
        item["people"] = people
    if organisations:
        item["organisations"] = organisations
    if places := story_rows(article, "place_rows"):
        item["places"] = [
            {"name": p["name"], "literal": p["slug"], "rel": "mentioned"}
            for p in places
        ]
    if events := story_rows(article, "event_rows"):
        item["events"] = [
            {
                "name": e["title"],
                "literal": e["slug"],
                "uri": api_url("event-detail", e["slug"]),
            }
            for e in events
        ]
    associations = []
    if article.lead_image:
        associations.append(_picture(article))
    associations += [
        {
            "name": f"translation-{other.language}",
            "uri": item_uri(other),
            "type": "text",
            "language": other.language,
            "headlines": [{"value": other.headline}],
        }
        for other in editions(article)
    ]
    if article.live is not None:
        item["genres"] = [{"name": "Live coverage", "literal": "live-coverage"}]
        updates = related(article, "live_updates")
        if updates:
            url = live_update_urls(article)
            associations += [_live_update(article, u, url(u.pk)) for u in updates]
    if associations:
        item["associations"] = associations
    return item


def _live_update(article: Article, update, path: str) -> dict:
    """One update of a live story as an associated ninjs item (name "update-<id>");
    `path` is its permalink (update.get_absolute_url())."""
    text = update.body_text  # a live update has no pictures, so no captions
    entry = {
        "name": update.anchor,
        "uri": f"{item_uri(article)}#{update.anchor}",
        "type": "text",
        "firstcreated": timestamp(update.posted_at),
        "versioncreated": timestamp(update.corrected_at or update.posted_at),
        "language": article.language,
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": update.body,
                "charcount": len(text),
                "wordcount": count_words(text),
            }
        ],
        "renditions": [
            {
                "name": "web",
                "href": iri_to_uri(absolute_url(path)),
                "contenttype": "text/html",
            }
        ],
    }
    if update.title:
        entry["headlines"] = [{"role": "main", "value": update.title}]
    if update.author:
        entry["by"] = update.author.name
    genres = []
    if update.is_key_event:
        genres.append({"name": "Key event", "literal": "key-event"})
    if update.is_pinned:
        genres.append({"name": "Pinned", "literal": "pinned"})
    if genres:
        entry["genres"] = genres
    if update.is_corrected:
        note = f": {update.correction_note}" if update.correction_note else ""
        entry["descriptions"] = [
            {
                "role": "correction",
                "value": f"Corrected ({timestamp(update.corrected_at)}){note}",
            }
        ]
    return entry


def _quoted(article: Article, api_url) -> tuple[list, list]:
    """Sources quoted in the story, once each, split into people and organisations."""
    people, organisations, seen = [], [], set()
    for quote in story_rows(article, "quote_rows"):
        source = quote["source"]
        if source["slug"] in seen:  # a source's slug is unique
            continue
        seen.add(source["slug"])
        entry = {
            "name": source["name"],
            "rel": "quoted",
            "literal": source["slug"],
            "uri": api_url("source-detail", source["slug"]),
        }
        kind = source["kind"]
        (people if kind == Source.Kind.PERSON else organisations).append(entry)
    return people, organisations


def _picture(article: Article) -> dict:
    image = article.lead_image
    picture = {
        "name": "leadimage",
        "uri": iri_to_uri(absolute_url(image.url)),
        "type": "picture",
        "descriptions": [{"role": "alt", "value": article.lead_image_alt}],
        "renditions": [
            {
                "name": "original",
                "href": iri_to_uri(absolute_url(image.url)),
                "width": article.lead_image_width,
                "height": article.lead_image_height,
            }
        ],
    }
    if article.lead_image_caption:
        picture["descriptions"].append(
            {"role": "caption", "value": article.lead_image_caption}
        )
    if article.lead_image_credit:
        picture["by"] = article.lead_image_credit
    content_types = {"webp": "image/webp", "jpg": "image/jpeg"}
    for extension, items in renditions(image).items():
        for r in items:
            picture["renditions"].append(
                {
                    "name": f"{extension}-{r.width}w",
                    "href": iri_to_uri(absolute_url(r.url)),
                    "contenttype": content_types[extension],
                    "width": r.width,
                    "height": r.height,
                }
            )
    return picture


class NinjsRenderer(JSONRenderer):
    """`?format=ninjs`: the same endpoints, items in ninjs 2.3."""

    format = "ninjs"


class NinjsArticleSerializer(serializers.BaseSerializer):
    """Read-only: a story as a ninjs item (the view picks it for ?format=ninjs)."""

    def to_representation(self, article):
        api_url = self.__dict__.get("_api_url")
        if api_url is None:
            api_url = self._api_url = api_urls(self.context["request"])
        return article_to_ninjs(article, api_url=api_url)


def api_urls(request):
    """`api_url(name, slug)` for article_to_ninjs(): the absolute address of the API
    view `name` for `slug` on the request's host, as reverse() and
    build_absolute_uri() give it, from one address per view (slug_url())."""
    host = request.build_absolute_uri("/")[:-1]

    def api_url(view_name, key):
        return iri_to_uri(host + slug_url(f"api:{view_name}", key))

    return api_url
