from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView

from articles.filters import ArticleFilter
from articles.jsonld import news_article
from articles.models import Article, Author, Correction, Section, Topic, Withdrawal
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
                notice = article.withdrawals.first()  # newest first
                return render(
                    request,
                    "articles/article_gone.html",
                    {"withdrawal": notice},
                    status=410,
                )
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
        return super().get_context_data(
            translations=translations,
            structured_data=news_article(article, self.request),
            **kwargs,
        )


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


class CorrectionListView(ListView):
    """The newsroom's public record, newest first: every correction, update and
    clarification of stories readers could read, and a notice for every story
    withdrawn after it was public (headline, dates, the public reason; never its
    text). Corrections of a withdrawn story stay listed, without a link."""

    template_name = "articles/correction_list.html"
    context_object_name = "entries"
    paginate_by = 30

    def get_queryset(self):
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
