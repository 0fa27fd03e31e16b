from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles.feeds import LatestStoriesAtom, LatestStoriesRss, TopicRss
from events.feeds import TimelineRss
from shafaq import views
from shafaq.cache import cache_page_for_readers as cached
from shafaq.sitemaps import SITEMAPS, news_sitemap

feeds = (
    [
        path("stories.rss", cached(LatestStoriesRss()), name="stories_rss"),
        path("stories.atom", cached(LatestStoriesAtom()), name="stories_atom"),
        path("topics/<uslug:slug>.rss", cached(TopicRss()), name="topic_rss"),
        path("timeline.rss", cached(TimelineRss()), name="timeline_rss"),
    ],
    "feeds",
)

# Site-wide URLs that belong to no edition: admin, API, sitemaps, robots, health.
urlpatterns = [
    # Before the admin's own URLs, which would otherwise answer for /admin/2fa/.
    path("admin/2fa/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("shafaq.api_urls")),
    path("sitemap-news.xml", cached(news_sitemap), name="news_sitemap"),
    # An index of per-section sitemaps: one sitemap may hold at most 50,000 URLs,
    # and the archive outgrows that; each section pages itself with ?p=.
    path(
        "sitemap.xml",
        cached(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
]

# Reader-facing pages live under the edition prefix (/en/, /ar/, /ckb/); "/" is
# redirected to an edition by LocaleMiddleware.
urlpatterns += i18n_patterns(
    path("", cached(views.home), name="home"),
    path("search/", views.search, name="search"),
    path("feeds/", include(feeds)),
    path("", include("articles.urls")),
    path("", include("sources.urls")),
    path("", include("events.urls")),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
