from django.urls import path

from articles import views
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
