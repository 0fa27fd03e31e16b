from django.urls import path

from events import views
from shafaq.cache import cache_page_for_readers as cached

app_name = "events"

urlpatterns = [
    path("timeline/", cached(views.timeline), name="timeline"),
    path(
        "events/<uslug:slug>/", cached(views.EventDetailView.as_view()), name="detail"
    ),
    path("places/<uslug:slug>/", cached(views.PlaceDetailView.as_view()), name="place"),
]
