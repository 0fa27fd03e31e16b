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
    number = request.GET.get(param) or 1
    try:
        if hasattr(items, "prepare"):
            # A list that answers its total with a page (articles.search.RankedSearch):
            # one query for both instead of a count and a page.
            items.prepare((_positive(number) - 1) * per_page, per_page)
        return paginator.page(number)
    except InvalidPage:
        raise Http404(_("No such page.")) from None


def _positive(number) -> int:
    """The page number as Paginator.validate_number reads it, before any count."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        number = int(number)
    except (TypeError, ValueError):
        raise InvalidPage from None
    if number < 1:
        raise InvalidPage
    return number


class PageOr404:
    """For a ListView: the same rule (ListView would also accept ?page=last)."""

    def paginate_queryset(self, queryset, page_size):
        page = page_or_404(self.request, queryset, page_size)
        return page.paginator, page, page.object_list, page.has_other_pages()
