from django.urls import path

from shafaq.cache import cache_page_for_readers as cached
from sources import views

app_name = "sources"

urlpatterns = [
    path("sources/", cached(views.SourceListView.as_view()), name="list"),
    path(
        "sources/<uslug:slug>/", cached(views.SourceDetailView.as_view()), name="detail"
    ),
]
