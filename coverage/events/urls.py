from django.urls import path

from events import views
from shafaq.cache import cache_page_for_readers as cached

app_name = "events"

urlpatterns = [
    path("timeline/", cached(views.timeline), name="timeline"),
    path("events/<str:slug>/", cached(views.EventDetailView.as_view()), name="detail"),
    path("places/<str:slug>/", cached(views.PlaceDetailView.as_view()), name="place"),
]
