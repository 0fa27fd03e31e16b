from django.urls import path

from articles import views
from articles.feeds import LiveUpdatesAtom, LiveUpdatesRss
from shafaq.cache import cache_page_for_readers as cached

app_name = "articles"

# Slugs may be Arabic or Kurdish: <uslug:> (articles/converters.py) accepts them.
urlpatterns = [
    path("stories/", cached(views.ArticleListView.as_view()), name="list"),
    path(
        "stories/<uslug:slug>/",
        cached(views.ArticleDetailView.as_view()),
        name="detail",
    ),
    # A live story's updates: for its page's script (polled), and as feeds.
    path(
        "stories/<uslug:slug>/updates.json",
        cached(views.live_updates),
        name="live_updates",
    ),
    path("stories/<uslug:slug>/updates.rss", cached(LiveUpdatesRss()), name="live_rss"),
    path(
        "stories/<uslug:slug>/updates.atom",
        cached(LiveUpdatesAtom()),
        name="live_atom",
    ),
    path(
        "sections/<uslug:slug>/",
        cached(views.SectionDetailView.as_view()),
        name="section",
    ),
    path("topics/<uslug:slug>/", cached(views.TopicDetailView.as_view()), name="topic"),
    path(
        "authors/<uslug:slug>/", cached(views.AuthorDetailView.as_view()), name="author"
    ),
    path("corrections/", cached(views.corrections), name="corrections"),
]
