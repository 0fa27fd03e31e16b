"""Pages that span the domain apps: home and search."""

from django.shortcuts import render
from django.utils import translation
from django.utils.http import urlencode

from articles.models import Article, Topic
from articles.search import name_matches
from events.models import Event, Place
from readers.cache import tag_page
from readers.pagination import page_or_404
from sources.models import Source

HOME_STORIES = 9
HOME_EVENTS = 6
SEARCH_RESULTS_PER_PAGE = 20


def home(request):
    """The lead story, the latest stories, the latest events and the main topics."""
    tag_page(request, f"stories:{translation.get_language()}", "events")
    stories = list(
        Article.objects.published()
        .in_edition()
        .newest_first()
        .for_listing(with_picture=True)[:HOME_STORIES]
    )
    events = Event.objects.select_related("place").order_by("-date", "-pk")
    context = {
        "lead": stories[0] if stories else None,
        "latest": stories[1:],
        "events": events[:HOME_EVENTS],
        "topics": Topic.objects.filter(is_featured=True),
    }
    return render(request, "home.html", context)


def search(request):
    """Published stories matching ?q=, best first, plus matching sources, topics and places."""
    query = request.GET.get("q", "").strip()[:200]
    stories = (
        Article.objects.published()
        .in_edition()
        .for_listing(with_text=True)
        .ranked_search(query)
    )
    page = page_or_404(request, stories, SEARCH_RESULTS_PER_PAGE)
    context = {
        "query": query,
        "page_obj": page,
        "stories": page.object_list,
        "sources": name_matches(Source.objects.public(), query)[:10],
        "topics": name_matches(Topic.objects.all(), query)[:10],
        "places": name_matches(Place.objects.all(), query)[:10],
        "querystring": urlencode({"q": query}),
    }
    return render(request, "search.html", context)
