"""The syndication API (issue 4): /api/v1/..., the OpenAPI schema and its docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import routers

from partners.api.articles import (
    ArticleViewSet,
    ChangeListView,
    DraftViewSet,
    LiveUpdateListView,
    SectionViewSet,
    TopicViewSet,
)
from partners.api.events import EventViewSet, PlaceViewSet, TimelineViewSet
from partners.api.sources import SourceViewSet
from partners.throttling import throttle_cached_read
from readers.cache import cache_page_for_readers

app_name = "api"

router = routers.SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("sources", SourceViewSet, basename="source")
router.register("events", EventViewSet, basename="event")
router.register("places", PlaceViewSet, basename="place")
router.register("topics", TopicViewSet, basename="topic")
router.register("sections", SectionViewSet, basename="section")
router.register("timeline", TimelineViewSet, basename="timeline")
router.register("drafts", DraftViewSet, basename="draft")

# The story list and detail, a live story's updates and the TimelineJS document are
# served from the readers' page cache, with the same
# invalidation as the pages (readers/cache.py), for anonymous reads; a hit is still
# counted against the anonymous rate.
CACHED = {"article-list", "article-detail", "timeline-list"}
for pattern in router.urls:
    if pattern.name in CACHED:
        pattern.callback = cache_page_for_readers(
            pattern.callback, before_hit=throttle_cached_read
        )

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/changes/", ChangeListView.as_view(), name="changes"),
    path(
        "v1/articles/<uuid:uuid>/updates/",
        cache_page_for_readers(
            LiveUpdateListView.as_view(), before_hit=throttle_cached_read
        ),
        name="article-updates",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: our CSP allows no inline script.
    path(
        "docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"
    ),
]
