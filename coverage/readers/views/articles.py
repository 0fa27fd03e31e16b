from django import forms
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles import permissions
from articles.models import Article, Author, Correction, Section, Topic, Withdrawal
from readers import live, pictures, story
from readers.cache import tag_page
from readers.filters import ArticleFilter
from readers.jsonld import news_article
from readers.pagination import PageOr404, count_up_to, page_or_404

STORIES_PER_PAGE = 20


def filter_context(filterset, request) -> dict:
    """What a filtered page shows: the form, each active filter with a link removing
    it, and the filters ignored because their value was bad (never a 500)."""
    form = filterset.form
    form.is_valid()  # invalid fields drop out of cleaned_data, so they filter nothing
    params = request.GET.copy()
    params.pop("page", None)
    active = []
    for name, value in form.cleaned_data.items():
        if value in (None, ""):
            continue
        field = form.fields[name]
        if hasattr(field.widget, "selected"):  # BoundedSelect: label it without a query
            field.widget.selected = value
        if isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
            value = dict(field.choices).get(value, value)
        without = params.copy()
        without.pop(name, None)
        active.append(
            {"label": field.label, "value": value, "remove_url": _url(request, without)}
        )
    ignored = [
        (form.fields[name].label, errors) for name, errors in form.errors.items()
    ]
    # The form shows each ignored filter empty with its message: a value the field
    # could not read must not go back into a typed input (type=date would hold
    # "garbage", which browsers and the HTML checker refuse), nor into the page.
    if form.errors:
        form.data = form.data.copy()
        for name in form.errors:
            form.data.pop(form.add_prefix(name), None)
    return {
        "filter_form": form,
        "active_filters": active,
        "ignored_filters": ignored,
        "clear_filters_url": request.path if params else "",
        "querystring": params.urlencode(),
    }


def _url(request, params) -> str:
    return f"{request.path}?{params.urlencode()}" if params else request.path


class ArticleListView(PageOr404, ListView):
    template_name = "articles/article_list.html"
    paginate_by = STORIES_PER_PAGE

    def get_queryset(self):
        stories = Article.objects.published().in_edition().newest_first().for_listing()
        self.filterset = ArticleFilter(self.request.GET, queryset=stories)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        # "events": the filter form names events, and an event edit touches no list.
        tag_page(self.request, f"stories:{translation.get_language()}", "events")
        context = super().get_context_data(**kwargs)
        return context | filter_context(self.filterset, self.request)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An old address of a renamed story redirects; an unpublished one is gone.
            state, article = Article.objects.retired(kwargs["slug"])
            if state == "moved":
                return redirect(article, permanent=True)
            if state == "gone":
                notice = article.withdrawals.first()  # newest first
                return render(
                    request,
                    "articles/article_gone.html",
                    {"withdrawal": notice},
                    status=410,
                )
            raise

    def get_object(self, queryset=None):
        """The published story at this address in this edition (readers.story)."""
        article = story.public_story(translation.get_language(), self.kwargs["slug"])
        if article is None:
            raise Http404
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        records = story.story_records(article, translation.get_language())
        shown = [article, *records.translations, *records.related]
        tag_page(self.request, *(f"story:{shown_story.pk}" for shown_story in shown))
        live_parts = live.page_context(article, self.request) if article.live else {}
        return super().get_context_data(
            story=records,
            translations=records.translations,
            origin=f"{self.request.scheme}://{self.request.get_host()}",
            structured_data=news_article(
                article,
                self.request,
                byline=records.byline,
                corrections=records.corrections,
                updates=live_parts.get("shown_updates"),
            ),
            map_places=records.map_places,
            **live_parts,
            **kwargs,
        )


def story_card(request, slug):
    """The story's social card (PNG), for Open Graph when it has no lead image."""
    article = story.public_story(translation.get_language(), slug)
    if article is None:
        raise Http404
    places = [
        article.dateline,
        *(event.place for event in story.EVENTS(story=article.pk)),
        *story.PLACES(story=article.pk),
    ]
    return HttpResponse(pictures.story_card(article, places), content_type="image/png")


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """A draft or scheduled story exactly as readers will see it, marked as a preview
    and never indexed or cached. Served in the admin, which checks who may see it."""

    def get(self, request, *args, **kwargs):
        language = get_object_or_404(Article.objects.only("language"), pk=kwargs["pk"])
        with translation.override(language.language):
            response = DetailView.get(self, request, *args, **kwargs)
            response.render()
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def get_object(self, queryset=None):
        article = story.any_story(self.kwargs["pk"])
        if article is None:
            raise Http404
        return article

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


@staff_member_required
def preview(request, pk):
    """The staff preview (the admin's Preview button shows this page): 404 for a story
    this user may not preview, so its existence is not revealed."""
    article = get_object_or_404(Article.objects.all(), pk=pk)
    if not permissions.can_preview(request.user, article):
        raise Http404
    return ArticlePreviewView.as_view()(request, pk=pk)


class StoriesOfView(PageOr404, ListView):
    """A section's, topic's or reporter's published stories in this edition, newest
    first; the page's object is in the context under its model's name."""

    model_of = None  # Section, Topic or Author: whose `articles` these are
    paginate_by = STORIES_PER_PAGE

    def get_queryset(self):
        self.owner = get_object_or_404(self.model_of, slug=self.kwargs["slug"])
        return self.owner.articles.published().in_edition().newest_first().for_listing()

    def get_context_data(self, **kwargs):
        name = self.model_of._meta.model_name
        tag_page(self.request, f"{name}:{self.owner.pk}")
        return super().get_context_data(**{name: self.owner}, **kwargs)


class SectionDetailView(StoriesOfView):
    model_of = Section
    template_name = "articles/section_detail.html"


class TopicDetailView(StoriesOfView):
    """Also the topic's latest events on the timeline."""

    model_of = Topic
    template_name = "articles/topic_detail.html"

    def get_context_data(self, **kwargs):
        events = list(self.owner.events.for_timeline().order_by("-date", "-pk")[:10])
        map_places = [event.place for event in events]
        return super().get_context_data(events=events, map_places=map_places, **kwargs)


class AuthorDetailView(StoriesOfView):
    """A reporter's profile and published stories. A profile with no published story
    in any edition is a 404, like a source quoted only in drafts: every staff account
    has one (made with the account), and its page would name an account (an
    administrator's user name) or give away a story still in draft."""

    model_of = Author
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        stories = super().get_queryset()
        if not self.owner.articles.published().exists():
            raise Http404
        return stories


class PublicRecord:
    """Corrections and withdrawals in one list, newest first, sliceable for a Paginator.

    Each item is ("correction", Correction) or ("withdrawal", Withdrawal). A slice
    reads at most its end from each log and merges them.
    """

    def __init__(self, corrections, withdrawals):
        self.corrections = corrections.order_by("-created_at", "-pk")
        self.withdrawals = withdrawals.order_by("-withdrawn_at", "-pk")

    def count(self) -> int:
        return self.corrections.count() + self.withdrawals.count()

    def count_up_to(self, limit: int) -> int:
        """min(self.count(), limit), reading at most `limit` entries of each log."""
        return min(
            limit,
            count_up_to(self.corrections, limit) + count_up_to(self.withdrawals, limit),
        )

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[tuple[str, object]]:
        end = window.stop
        entries = [("correction", c) for c in self.corrections[:end]] + [
            ("withdrawal", w) for w in self.withdrawals[:end]
        ]
        entries.sort(key=lambda entry: entry_time(entry), reverse=True)
        return entries[window]


def entry_time(entry):
    kind, item = entry
    return item.created_at if kind == "correction" else item.withdrawn_at


class CorrectionListView(PageOr404, ListView):
    """The newsroom's public record, newest first: every correction, update and
    clarification of stories readers could read, and a notice for every story
    withdrawn after it was public (headline, dates, the public reason; never its
    text). Corrections of a withdrawn story stay listed, without a link."""

    template_name = "articles/correction_list.html"
    context_object_name = "entries"
    paginate_by = 30

    def get_queryset(self):
        tag_page(self.request, f"stories:{translation.get_language()}")
        edition = Article.objects.in_edition()
        on_record = edition.published() | edition.filter(
            status=Article.Status.UNPUBLISHED, withdrawals__isnull=False
        )
        return PublicRecord(
            Correction.objects.filter(article__in=on_record).select_related("article"),
            Withdrawal.objects.filter(language=translation.get_language())
            .select_related("article")
            .annotate(
                is_public_again=Exists(
                    Article.objects.published().filter(pk=OuterRef("article_id"))
                )
            ),
        )


corrections = CorrectionListView.as_view()


def earlier_updates(request, slug):
    """A live story's updates, newest first, PAGE_UPDATES a page (?page=N, the
    readers.pagination rule: no such page is a 404, nothing counts them all): the
    story page shows page 1 and links here for page 2, each page to the next."""
    article = live.story_or_404(slug)
    tag_page(request, f"story:{article.pk}")
    updates = article.live_updates.newest_first().select_related("author")
    page = page_or_404(request, updates, live.PAGE_UPDATES)
    return render(
        request,
        "articles/live_updates_page.html",
        {
            "article": article,
            "live": article.live,
            "page_obj": page,
            "live_updates": page.object_list,
            "newer_updates_url": live.earlier_url(article, page.number - 1)
            if page.number > 1
            else "",
            "earlier_updates_url": live.earlier_url(article, page.number + 1)
            if page.has_next()
            else "",
            # Shared from here, an update is shared by its permalink: the page it
            # is on today is not the one it will be on tomorrow.
            "share_permalinks": True,
            "origin": f"{request.scheme}://{request.get_host()}",
        },
    )


def live_update(request, slug, pk):
    """An update's permalink: a redirect (302: pages move as updates arrive) to
    the page that shows it now, at its anchor; 404 for no such public update."""
    article = live.story_or_404(slug)
    update = get_object_or_404(
        article.live_updates.only("pk", "posted_at", "article_id"), pk=pk
    )
    page = live.page_of(article, update)
    return redirect(f"{live.earlier_url(article, page)}#{update.anchor}")


def live_updates(request, slug):
    """What changed on a live story since `?since=` (the token its page carries), for
    the page's script (see readers/live.py). Cached like the pages, with an ETag, so
    an unchanged poll is usually a 304 from the page cache (one indexed query); any
    change to the story (a new or corrected update) refreshes it.

    400 JSON for a malformed `since`; 404 for a story that is not public or not live.
    """
    article = live.story_or_404(slug)
    tag_page(request, f"story:{article.pk}")
    since = None
    if raw := request.GET.get("since"):
        since = live.parse_since(raw)
        if since is None:
            return JsonResponse(
                {"since": [gettext("Not a valid time, e.g. 2026-01-21T09:30:00Z.")]},
                status=400,
            )
    response = JsonResponse(
        live.poll_payload(article, since, request),
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = f"public, max-age={LIVE_POLL_MAX_AGE}"
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


LIVE_POLL_MAX_AGE = 15  # seconds; the page's script polls every 30
