"""schema.org NewsArticle (or LiveBlogPosting) for a story page (rendered by the
`ld_json` filter)."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from articles.images import largest_rendition_url
from articles.models import Article
from readers.dates import machine_time


def news_article(
    article: Article, request, *, byline, corrections, updates=None
) -> dict:
    """The story as search engines read it; only published stories reach this.
    `byline` is its authors in order, `corrections` its corrections oldest first.

    A live story (`updates` given, newest first) is a schema.org LiveBlogPosting
    (https://schema.org/LiveBlogPosting): coverage start and end times and one
    BlogPosting per update in liveBlogUpdate.
    """
    absolute = request.build_absolute_uri
    url = absolute(article.get_absolute_url())
    # A preview of a story never published has no publication time yet.
    published = article.published_at or article.modified_at
    with translation.override(article.language):
        home = absolute(reverse("home"))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.standfirst,
        "inLanguage": article.language,
        "datePublished": machine_time(published),
        "dateModified": machine_time(article.last_updated_at or published),
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "author": [
            {
                "@type": "Person",
                "name": author.name_in(article.language),
                "url": absolute(author_url(author, article.language)),
            }
            for author in byline
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": translation.gettext("Shafaq Coverage"),
            "url": home,
            "logo": {
                "@type": "ImageObject",
                "url": absolute(static("img/publisher-logo.png")),
            },
        },
    }
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": f"{correction.get_kind_display()}: {correction.text}",
                "datePublished": machine_time(correction.created_at),
            }
            for correction in corrections
        ]
    if updates is not None:
        data |= live_blog(article, updates, url)
        modified = [article.updated_at or published]
        modified += [u.corrected_at or u.posted_at for u in updates]
        data["dateModified"] = machine_time(max(modified))
    if article.section:
        data["articleSection"] = article.section.name
    if article.lead_image:
        data["image"] = [absolute(largest_rendition_url(article.lead_image))]
    elif article.is_published:
        # A story with no photograph is shared with its drawn card (readers.cards).
        with translation.override(article.language):
            card = reverse("articles:card", kwargs={"slug": article.slug})
        data["image"] = [absolute(card)]
    return data


def author_url(author, language: str) -> str:
    with translation.override(language):
        return reverse("articles:author", kwargs={"slug": author.slug})


def live_blog(article: Article, updates, url: str) -> dict:
    """The LiveBlogPosting properties of a live story (see news_article)."""
    coverage = article.live
    data = {
        "@type": "LiveBlogPosting",
        "coverageStartTime": machine_time(coverage.started_at),
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "@id": f"{url}#{update.anchor}",
                "url": f"{url}#{update.anchor}",
                "headline": update.title or Truncator(update.body_text).words(12),
                "articleBody": update.body_text,
                "datePublished": machine_time(update.posted_at),
                "dateModified": machine_time(update.corrected_at or update.posted_at),
                **(
                    {"author": {"@type": "Person", "name": update.author.name}}
                    if update.author
                    else {}
                ),
            }
            for update in updates
        ],
    }
    if coverage.ended_at:
        data["coverageEndTime"] = machine_time(coverage.ended_at)
    return data
