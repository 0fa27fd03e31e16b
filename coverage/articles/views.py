from django import forms
from django.db.models import Prefetch, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles.filters import ArticleFilter
from articles.jsonld import news_article
from articles.models import (
    Article,
    Author,
    Correction,
    LiveCoverage,
    Section,
    Topic,
)
from events.models import Event, Figure
from sources.models import Quote

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
        if isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
            value = dict(field.choices).get(value, value)
        without = params.copy()
        without.pop(name, None)
        active.append(
            {"label": field.label, "value": value, "remove_url": _url(request, without)}
        )
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget.input_type = "date"  # the browser's date picker
        elif isinstance(field, forms.ModelChoiceField):
            field.empty_label = _("Any")
        elif isinstance(field, forms.ChoiceField):
            field.choices = [("", _("Any")), *(c for c in field.choices if c[0] != "")]
    return {
        "filter_form": form,
        "active_filters": active,
        "ignored_filters": [
            (form.fields[name].label, errors) for name, errors in form.errors.items()
        ],
        "clear_filters_url": request.path if params else "",
        "querystring": params.urlencode(),
    }


def _url(request, params) -> str:
    return f"{request.path}?{params.urlencode()}" if params else request.path


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    paginate_by = STORIES_PER_PAGE

    def get_queryset(self):
        stories = Article.objects.published().in_edition().latest().for_listing()
        self.filterset = ArticleFilter(self.request.GET, queryset=stories)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
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
                return render(request, "articles/article_gone.html", status=410)
            raise

    def get_queryset(self):
        return self.with_page_relations(Article.objects.published().in_edition())

    def with_page_relations(self, articles):
        """Everything the story page shows, in a fixed number of queries."""
        return articles.for_listing().prefetch_related(
            "topics",
            "corrections",
            Prefetch("quotes", queryset=Quote.objects.select_related("source")),
            Prefetch(
                "events",
                queryset=Event.objects.select_related("place").chronological(),
            ),
            Prefetch("figures", queryset=Figure.objects.select_related("source")),
            Prefetch(
                "related_articles",
                queryset=Article.objects.published().in_edition().for_listing(),
                to_attr="related_stories",
            ),
        )

    def get_context_data(self, **kwargs):
        article = self.object
        original = article.translation_of_id or article.pk
        translations = (
            Article.objects.published()
            .filter(Q(pk=original) | Q(translation_of=original))
            .exclude(pk=article.pk)
            .only("slug", "language")
        )
        live = self.live_context(article) if article.live else {}
        return super().get_context_data(
            translations=translations,
            structured_data=news_article(
                article, self.request, updates=live.get("live_updates")
            ),
            **live,
            **kwargs,
        )

    def live_context(self, article) -> dict:
        """A live story's coverage and updates, newest first (one more query)."""
        updates = list(article.live_updates.newest_first().select_related("author"))
        coverage = article.live
        changed = max([coverage.modified_at, *(u.modified_at for u in updates)])
        return {
            "live": coverage,
            "live_updates": updates,
            "pinned_update": next((u for u in updates if u.is_pinned), None),
            "key_events": [u for u in updates if u.is_key_event],
            "live_since": LiveCoverage.version_token(changed),
            "share_base": self.request.build_absolute_uri(article.get_absolute_url()),
        }


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

    def get_queryset(self):
        return self.with_page_relations(Article.objects.all())

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


class SectionDetailView(ListView):
    """A section's stories, newest first."""

    template_name = "articles/section_detail.html"
    paginate_by = STORIES_PER_PAGE

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["slug"])
        return self.section.articles.published().in_edition().latest().for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class TopicDetailView(ListView):
    """A topic's stories, newest first, and its events on the timeline."""

    template_name = "articles/topic_detail.html"
    paginate_by = STORIES_PER_PAGE

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return self.topic.articles.published().in_edition().latest().for_listing()

    def get_context_data(self, **kwargs):
        events = self.topic.events.for_timeline().order_by("-date", "-pk")[:10]
        return super().get_context_data(topic=self.topic, events=events, **kwargs)


class AuthorDetailView(ListView):
    """A reporter's stories, newest first."""

    template_name = "articles/author_detail.html"
    paginate_by = STORIES_PER_PAGE

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return self.author.articles.published().in_edition().latest().for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class CorrectionListView(ListView):
    """Every correction, update and clarification on published stories, newest first."""

    template_name = "articles/correction_list.html"
    context_object_name = "corrections"
    paginate_by = 30

    def get_queryset(self):
        return (
            Correction.objects.filter(
                article__in=Article.objects.published().in_edition()
            )
            .select_related("article")
            .order_by("-created_at", "-pk")
        )


corrections = CorrectionListView.as_view()


def live_updates(request, slug):
    """What changed on a live story since `?since=` (the token its page carries), for
    the page's script: the updates rendered as on the page, the new `since`, and a
    translated announcement. Cached like the pages (so a poll usually costs no
    query) with an ETag, so an unchanged poll is a 304 with no body.

    400 JSON for a malformed `since`; 404 for a story that is not public or not live.
    """
    article = get_object_or_404(
        Article.objects.published().in_edition().select_related("live_coverage"),
        slug=slug,
    )
    coverage = article.live
    if coverage is None:
        raise Http404
    since = None
    if raw := request.GET.get("since"):
        since = _parse_since(raw)
        if since is None:
            return JsonResponse(
                {"since": [gettext("Not a valid time, e.g. 2026-01-21T09:30:00Z.")]},
                status=400,
            )
    updates = article.live_updates.newest_first().select_related("author")
    changed = list(updates.changed_since(since) if since else updates[:20])
    new = sum(1 for u in changed if since is None or u.created_at > since)
    share_base = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "status": coverage.status,
        "since": LiveCoverage.version_token(coverage.last_change()),
        "new": new,
        "changed": len(changed),
        "announcement": ngettext("%(count)d new update", "%(count)d new updates", new)
        % {"count": new}
        if new
        else (gettext("Updates were corrected") if changed else ""),
        "updates": [
            {
                "id": u.anchor,
                "posted": int(u.posted_at.timestamp()),
                "pinned": u.is_pinned,
                "html": render_to_string(
                    "articles/live_update.html",
                    {"update": u, "share_base": share_base},
                    request=request,
                ),
            }
            for u in changed
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = f"public, max-age={LIVE_POLL_MAX_AGE}"
    set_response_etag(response)
    return get_conditional_response(request, etag=response["ETag"], response=response)


LIVE_POLL_MAX_AGE = 15  # seconds; the page's script polls every 30


def _parse_since(raw: str):
    try:
        when = parse_datetime(raw.replace(" ", "+"))
    except ValueError:
        return None
    if when is None or when.tzinfo is None:
        return None
    return when
