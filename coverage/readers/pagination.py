"""One rule for every paged list on the site: a page that does not exist is a 404.

Story lists, search, the timeline, topic, section, author, source and place pages
and the corrections log all page with ?page=N. A missing ?page is the first page;
?page=0, ?page=abc or a page past the last answers 404 ("No such page"), as
Django's ListView does, rather than quietly showing another page under that
address (crawlers would index it, a reader's link would lie). An empty list still
has its first page.
"""

from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def page_or_404(request, items, per_page: int, *, param: str = "page"):
    """The page of `items` that request.GET[param] names (default 1); Http404 when
    there is no such page."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get(param) or 1)
    except InvalidPage:
        raise Http404(_("No such page.")) from None


class PageOr404:
    """For a ListView: the same rule (ListView would also accept ?page=last)."""

    def paginate_queryset(self, queryset, page_size):
        page = page_or_404(self.request, queryset, page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()
