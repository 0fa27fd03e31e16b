from django.urls import path

from articles import views
from shafaq.cache import cache_page_for_readers as cached

app_name = "articles"

# Slugs may be Arabic or Kurdish (allow_unicode), which the <slug:> converter refuses.
urlpatterns = [
    path("stories/", cached(views.ArticleListView.as_view()), name="list"),
    path(
        "stories/<str:slug>/", cached(views.ArticleDetailView.as_view()), name="detail"
    ),
    path(
        "sections/<str:slug>/",
        cached(views.SectionDetailView.as_view()),
        name="section",
    ),
    path("topics/<str:slug>/", cached(views.TopicDetailView.as_view()), name="topic"),
    path(
        "authors/<str:slug>/", cached(views.AuthorDetailView.as_view()), name="author"
    ),
    path("corrections/", cached(views.corrections), name="corrections"),
]
