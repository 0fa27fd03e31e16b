"""The public site's URLs, composed here once, and served through the page cache.

`edition_urlpatterns` go under the edition prefix (/en/, /ar/, /ckb/: shafaq/urls.py
wraps them in i18n_patterns); `urlpatterns` are the site-wide sitemaps. Every view is
wrapped by `cached()` below, the one place the page cache (readers/cache.py) is
applied; only search (each query is its own page) stays outside it. The namespaces
(articles, sources, events, feeds) are the ones templates and get_absolute_url() use.
Slugs may be Arabic or Kurdish: <uslug:> (readers/converters.py) accepts them.
"""

from django.urls import URLResolver, include, path

from readers import feeds
from readers.cache import cache_page_for_readers
from readers.freshness import counts_removals
from readers.sitemaps import news_sitemap, sitemap_index, sitemap_section
from readers.views import articles, events, site, sources


def cached(patterns: list) -> list:
    """`patterns`, every view in them (included lists too) served from the page cache."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            cached(pattern.url_patterns)
        else:
            pattern.callback = cache_page_for_readers(pattern.callback)
    return patterns


article_patterns = [
    path("stories/", articles.ArticleListView.as_view(), name="list"),
    path("stories/<uslug:slug>/", articles.ArticleDetailView.as_view(), name="detail"),
    path("stories/<uslug:slug>/card.png", articles.story_card, name="card"),
    # A live story's updates: for its page's script (polled), and as feeds.
    path(
        "stories/<uslug:slug>/updates.json", articles.live_updates, name="live_updates"
    ),
    path(
        "stories/<uslug:slug>/updates/",
        articles.earlier_updates,
        name="live_updates_page",
    ),
    path(
        "stories/<uslug:slug>/updates/<int:pk>/",
        articles.live_update,
        name="live_update",
    ),
    path(
        "stories/<uslug:slug>/updates.rss",
        counts_removals(feeds.LiveUpdatesRss()),
        name="live_rss",
    ),
    path(
        "stories/<uslug:slug>/updates.atom",
        counts_removals(feeds.LiveUpdatesAtom()),
        name="live_atom",
    ),
    path(
        "sections/<uslug:slug>/", articles.SectionDetailView.as_view(), name="section"
    ),
    path("topics/<uslug:slug>/", articles.TopicDetailView.as_view(), name="topic"),
    path("authors/<uslug:slug>/", articles.AuthorDetailView.as_view(), name="author"),
    path("corrections/", articles.corrections, name="corrections"),
    # Staff only and never stored: the page cache passes signed-in users through.
    path("preview/<int:pk>/", articles.preview, name="preview"),
]

source_patterns = [
    path("sources/", sources.SourceListView.as_view(), name="list"),
    path("sources/<uslug:slug>/", sources.SourceDetailView.as_view(), name="detail"),
]

event_patterns = [
    path("timeline/", events.timeline, name="timeline"),
    path(
        "timeline/interactive/",
        events.timeline_interactive,
        name="timeline_interactive",
    ),
    path("events/<uslug:slug>/", events.EventDetailView.as_view(), name="detail"),
    path("places/<uslug:slug>/", events.PlaceDetailView.as_view(), name="place"),
]

# Story feeds and sitemaps date themselves by their newest item; counts_removals()
# moves that Last-Modified when a story is withdrawn or edited too (readers/freshness.py).
feed_patterns = [
    path("stories.rss", counts_removals(feeds.LatestStoriesRss()), name="stories_rss"),
    path(
        "stories.atom", counts_removals(feeds.LatestStoriesAtom()), name="stories_atom"
    ),
    path(
        "topics/<uslug:slug>.rss", counts_removals(feeds.TopicRss()), name="topic_rss"
    ),
    path("timeline.rss", feeds.TimelineRss(), name="timeline_rss"),
]

edition_urlpatterns = [
    path("search/", site.search, name="search"),
    *cached(
        [
            path("", site.home, name="home"),
            path("feeds/", include((feed_patterns, "feeds"))),
            path("", include((article_patterns, "articles"))),
            path("", include((source_patterns, "sources"))),
            path("", include((event_patterns, "events"))),
        ]
    ),
]

urlpatterns = cached(
    [
        path("sitemap-news.xml", news_sitemap, name="news_sitemap"),
        # An index of per-section sitemaps: one sitemap may hold at most 50,000 URLs,
        # and the archive outgrows that; each section pages itself with ?p=.
        path(
            "sitemap.xml",
            sitemap_index,
            {"sitemap_url_name": "sitemap_section"},
            name="sitemap",
        ),
        path(
            "sitemap-<section>.xml",
            counts_removals(sitemap_section, per_edition=False),
            name="sitemap_section",
        ),
    ]
)
