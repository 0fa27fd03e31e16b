from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.views.generic import DetailView

from articles.compiled import CompiledRead
from articles.models import Article
from events.models import Event, Figure, Place
from readers.cache import tag_page
from readers.figures import place_figures
from readers.filters import EventFilter
from readers.pagination import page_or_404
from readers.timeline import group_by_month, timeline_entries
from readers.views.articles import filter_context

TIMELINE_PAGE_SIZE = 30
# Stories linked under each event on the timeline; the event's page lists them all,
# a page at a time.
TIMELINE_COVERAGE = 3
# A place's page: its latest events and newest stories; the timeline and the story
# list (filtered by the place) hold the rest.
PLACE_EVENTS = 10
PLACE_STORIES = 12
# An event's page: its stories, a page at a time.
EVENT_STORIES = 20


def timeline(request):
    """Every event in date order, grouped by year and month, filterable, thirty
    events a page, each with its newest TIMELINE_COVERAGE stories (one more is read,
    to know whether to link to the rest), read as rows (readers.timeline)."""
    tag_page(request, "timeline")
    filterset = EventFilter(request.GET, queryset=Event.objects.chronological())
    context = filter_context(filterset, request)
    page = page_or_404(request, filterset.qs, TIMELINE_PAGE_SIZE)
    page.object_list = timeline_entries(
        page.object_list, coverage=TIMELINE_COVERAGE + 1
    )
    years = group_by_month(page)
    map_places = [event.place for event in page]
    return render(
        request,
        "events/timeline.html",
        {
            "years": years,
            "page_obj": page,
            "coverage_shown": TIMELINE_COVERAGE,
            "map_places": map_places,
            **context,
        },
    )


TIMELINEJS = "vendor/timelinejs-3.9.11"
# TimelineJS ships an Arabic locale (right to left); Sorani is ours, in static/js/.
TIMELINEJS_OWN_LOCALES = {"ckb": "js/timelinejs-locale/ckb.json"}


def timeline_interactive(request):
    """The events as an interactive TimelineJS timeline, in this edition's language
    and direction, fed by the partner API's TimelineJS JSON for this edition. The page
    holds no script of its own: static/js/timeline-interactive.js reads its data-
    attributes (strict CSP). Without JavaScript it links to the full timeline."""
    language = translation.get_language()
    own = TIMELINEJS_OWN_LOCALES.get(language)
    context = {
        "timelinejs": TIMELINEJS,
        "source_url": f"{reverse('api:timeline-list')}?{urlencode({'language': language})}",
        "timelinejs_language": static(own) if own else language,
        "script_path": static(f"{TIMELINEJS}/js/"),
    }
    return render(request, "events/timeline_interactive.html", context)


class EventDetailView(DetailView):
    """An event: what, when and where, its actors, figures and topics, and the
    published stories of this edition reporting it, newest first, EVENT_STORIES a
    page (an event as long as the detainee transfers gathers hundreds)."""

    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.for_timeline().prefetch_related(
            Prefetch(
                "figures", queryset=Figure.objects.public().select_related("source")
            ),
        )

    def get_context_data(self, **kwargs):
        tag_page(self.request, f"event:{self.object.pk}")
        stories = (
            self.object.articles.published().in_edition().newest_first().for_listing()
        )
        page = page_or_404(self.request, stories, EVENT_STORIES)
        return super().get_context_data(page_obj=page, **kwargs)


class PlaceDetailView(DetailView):
    """A place: its latest PLACE_EVENTS events (oldest first, each with its newest
    stories, the rest on the timeline), the figures reported there and the newest
    stories mentioning it. Its reads are compiled once (articles.compiled)."""

    template_name = "events/place_detail.html"
    context_object_name = "place"

    def get_object(self, queryset=None):
        found = PLACE(slug=self.kwargs["slug"])
        if not found:
            raise Http404
        return found[0]

    def get_context_data(self, **kwargs):
        place = self.object
        tag_page(self.request, f"place:{place.pk}")
        latest = place.events.order_by("-date", "-pk")[:PLACE_EVENTS]
        events = timeline_entries(latest, coverage=TIMELINE_COVERAGE + 1)[::-1]
        children = PLACE_CHILDREN(place=place.pk)
        return super().get_context_data(
            events=events,
            coverage_shown=TIMELINE_COVERAGE,
            stories=PLACE_STORIES_READ(
                place=place.pk, language=translation.get_language()
            ),
            figures=place_figures(place.pk),
            children=children,
            map_places=[place, *children],
            **kwargs,
        )


PLACE = CompiledRead(
    lambda slug: Place.objects.select_related("parent").filter(slug=slug), slug=str
)
PLACE_CHILDREN = CompiledRead(
    lambda place: Place.objects.filter(parent=place), place=int
)
# The newest public stories of an edition mentioning a place.
PLACE_STORIES_READ = CompiledRead(
    lambda place, language: (
        Article.objects.published()
        .filter(language=language, places=place)
        .newest_first()
        .for_listing()[:PLACE_STORIES]
    ),
    place=int,
    language=str,
)
