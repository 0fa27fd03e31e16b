"""schema.org NewsArticle for a story page (rendered by the `ld_json` filter)."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation

from articles.images import largest_rendition_url
from articles.models import Article
from readers.dates import machine_time


def news_article(article: Article, request) -> dict:
    """The story as search engines read it; only published stories reach this."""
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
                "name": author.name,
                "url": absolute(author_url(author, article.language)),
            }
            for author in article.byline
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": "Shafaq Coverage",
            "url": home,
            "logo": {
                "@type": "ImageObject",
                "url": absolute(static("img/publisher-logo.png")),
            },
        },
    }
    corrections = article.corrections.all()
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": f"{correction.get_kind_display()}: {correction.text}",
                "datePublished": machine_time(correction.created_at),
            }
            for correction in corrections
        ]
    if article.section:
        data["articleSection"] = article.section.name
    if article.lead_image:
        data["image"] = [absolute(largest_rendition_url(article.lead_image))]
    return data


def author_url(author, language: str) -> str:
    with translation.override(language):
        return reverse("articles:author", kwargs={"slug": author.slug})
