"""The site's FilterSets (stories, timeline); the API extends them (partners/filters.py).

Filters name things by slug, each declared once here (`slug_filter`), with its empty
choice and widget, so pages and API read the same declaration. An unknown slug or a malformed date makes the
FilterSet invalid: the API answers 400 naming the field, a page ignores the filter
and says so.
"""

import copy
import datetime
import html

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField

from articles.compiled import CompiledRead
from articles.models import Article, Section, Topic
from articles.translation import CompiledRows, translated_columns
from events.models import Event, Place, Precision, format_date, truncate_date
from readers.cache import remembered
from sources.models import Source

# Years a reader or partner can mean. Outside them, moving a date to or from
# Baghdad time overflows Python's datetime (year 1, year 9999): a 400, not a 500.
YEARS = (1900, 2999)


def check_year(value) -> None:
    if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
        raise ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": YEARS[0], "last": YEARS[1]},
        )


class DateField(forms.DateField):
    def validate(self, value):
        super().validate(value)
        check_year(value)


class DateTimeField(IsoDateTimeField):
    def validate(self, value):
        super().validate(value)
        check_year(value)


class DatePicker(forms.DateInput):
    """The browser's date picker: the HTML of Django's input.html and attrs.html
    templates, written in Python (each rendered through the template engine cost
    some 450 calls; lists and the timeline show two). Every value is escaped as
    the templates escape it."""

    input_type = "date"

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        parts = [
            f'<input type="{conditional_escape(self.input_type)}" '
            f'name="{conditional_escape(name)}"'
        ]
        if value is not None:
            parts.append(f' value="{conditional_escape(str(value))}"')
        for key, item in self.build_attrs(self.attrs, attrs).items():
            if item is True:
                parts.append(f" {conditional_escape(key)}")
            elif item is not False:
                parts.append(
                    f' {conditional_escape(key)}="{conditional_escape(str(item))}"'
                )
        parts.append(">")
        return mark_safe("".join(parts))  # every value escaped above


class DateFilter(django_filters.DateFilter):
    field_class = DateField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DatePicker)
        super().__init__(*args, **kwargs)


class DateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = DateTimeField


ANY = _("Any")  # the empty choice of every filter on the site

# A filter's menu lists at most this many choices, however large the archive grows
# (403 events at 20,000 stories made the story list's form 82 % of its time).
MENU_LENGTH = 25
# "Most used" means on this many of the newest stories or events: bounded work.
RECENT_WINDOW = 200


class PlainSelect(forms.Select):
    """A <select> written in Python: the same HTML as Django's select.html and
    select_option.html templates, without a template include, an option dictionary
    or a format_html call per option (a list page's menus were over a third of its
    render time). Every value and label is escaped."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        parts = [
            f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>'
        ]
        for option_value, label in self.options_shown():
            if isinstance(label, list | tuple):  # an <optgroup> of (value, label)
                parts.append(f'\n  <optgroup label="{escape(option_value)}">')
                parts += [_option(v, text, chosen) for v, text in label]
                parts.append("\n  </optgroup>")
            else:
                parts.append(_option(option_value, label, chosen))
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value and label escaped above

    def options_shown(self):
        """(value, label) pairs, or (group label, [(value, label), ...])."""
        return self.choices


def _option(value, label, chosen: set[str]) -> str:
    value = "" if value is None else str(value)
    selected = " selected" if value in chosen else ""
    # html.escape() is what django.utils.html.escape() returns, without its check
    # for lazy arguments (a hundred options a page).
    return (
        f'\n  <option value="{html.escape(value)}"{selected}>'
        f"{html.escape(str(label))}</option>"
    )


class ListedSelect(PlainSelect):
    """A <select> of every object of a small vocabulary (sections): the empty
    choice, then the (slug, label) pairs `rows()` reads, in the queryset's order:
    what the field's ModelChoiceIterator gives, without a model instance per
    option."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def options_shown(self):
        return [("", ANY), *self.rows()]


def named_rows(queryset):
    """A callable giving (slug, name in the active edition) for every object of
    `queryset` in its order, read through a statement compiled once
    (articles.translation.CompiledRows); the name is what str() of a vocabulary's
    object (a Section, Topic or Place) shows."""
    read = CompiledRows(lambda: queryset, ["slug", "name"])
    return lambda: [(row["slug"], row["name"]) for row in read()]


class BoundedSelect(PlainSelect):
    """A <select> of a few choices: the empty one, the value chosen now, then the
    (slug, label) pairs `shown(memo)` returns (a bounded list; `memo` is a dict the
    menus of one form share, see SharedMenus).

    Any other value still works when typed into the address (?event=<slug>):
    the field validates against its whole queryset with one query by slug. The page
    hands the chosen object to `selected` after validation (readers.views'
    filter_context), so its label costs no second query.
    """

    def __init__(self, *args, shown=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = shown
        self.selected = None
        self.memo = {}  # shared by the menus of one form (SharedMenus)

    def options_shown(self):
        choices = [("", ANY)]
        if self.selected is not None:
            choices.append((self.selected.slug, str(self.selected)))
        chosen = {slug for slug, _label in choices}
        shown = self.shown(self.memo)
        return choices + [(s, label) for s, label in shown if s not in chosen]


class SharedMenus:
    """A FilterSet mixin: the BoundedSelect menus of one form share a memo, so the
    topic, place and source menus read their one query (`_menus`) once per page."""

    @property
    def form(self):
        fresh = not hasattr(self, "_form")
        form = super().form
        if fresh:
            memo = {}
            for field in form.fields.values():
                if isinstance(field.widget, BoundedSelect):
                    field.widget.memo = memo
        return form


def menu(name: str, tag, rows):
    """A callable for BoundedSelect: the (slug, label) pairs `rows()` reads (a
    bounded list) in the active edition, remembered by every page that shows this
    menu until `tag(language)` changes (readers.cache.remembered): the story list's
    five menus cost a third of its render, whatever its filters or page."""

    def shown(memo: dict):
        language = translation.get_language()
        return remembered(f"menu:{name}:{language}", [tag(language)], rows)

    return shown


# The menus drawn from what the newest stories or events mention: each menu's model
# and the path from it to a story ("stories") or an event ("events").
MENU_PATHS = {
    "topic": (Topic, {"stories": "articles", "events": "events"}),
    "place": (Place, {"stories": "articles", "events": "events"}),
    "source": (Source, {"stories": "quotes__article", "events": "events"}),
}


def most_used_recently(kind: str, *, on: str):
    """A BoundedSelect menu of the MENU_LENGTH topics, places or sources (`kind`)
    found most often on the newest RECENT_WINDOW published stories of this edition
    (`on="stories"`) or the latest events (`on="events"`); ties by name, then age."""

    def shown(memo: dict):
        language = translation.get_language()
        key = f"menus:{on}:{language}"
        if key not in memo:
            memo[key] = remembered(key, [_menu_tag(on)(language)], lambda: _menus(on))
        return memo[key][kind]

    return shown


def _menus(on: str) -> dict[str, list[tuple[str, str]]]:
    """{kind: [(slug, name in the active edition), ...]} for every menu of MENU_PATHS,
    from one query: a UNION ALL of one grouped count per kind over the same recent
    window, read as rows (a model instance per option cost more than the counting)."""
    names = {
        kind: translated_columns(model, "name")
        for kind, (model, _p) in MENU_PATHS.items()
    }
    found = {kind: [] for kind in MENU_PATHS}
    for pk, slug, *labels, kind, uses in MENUS[on]():
        found[kind].append((-uses, names[kind].first(labels), pk, slug))
    return {
        kind: [(slug, label) for _uses, label, _pk, slug in sorted(rows)[:MENU_LENGTH]]
        for kind, rows in found.items()
    }


def _menus_query(on: str):
    from django.db.models import Count, Value

    if on == "stories":
        recent = (
            Article.objects.published()
            .in_edition()
            .newest_first()
            .values("pk")[:RECENT_WINDOW]
        )
    else:
        recent = Event.objects.order_by("-date", "-pk").values("pk")[:RECENT_WINDOW]
    arms = [
        model.objects.rewrite(False)  # the columns in the order asked for
        .filter(**{f"{paths[on]}__in": recent})
        .annotate(menu=Value(kind))
        .values_list("pk", "slug", *translated_columns(model, "name").columns, "menu")
        .annotate(uses=Count("pk"))
        .order_by()
        for kind, (model, paths) in MENU_PATHS.items()
    ]
    return arms[0].union(*arms[1:], all=True)


# The menus' queries, compiled to SQL once per process, database and edition and
# then only run (articles.compiled): compiling them cost the ORM three times what
# the database spends answering. published() compares with the database's own
# clock, so the SQL is the same at every hour.
MENUS = {
    "stories": CompiledRead(lambda: _menus_query("stories")),
    "events": CompiledRead(lambda: _menus_query("events")),
}


def _menu_tag(on: str):
    """What a menu drawn from stories or from events changes with (readers.cache)."""
    if on == "stories":
        return lambda language: f"stories:{language}"
    return lambda language: "events"


def _latest_events():
    """The MENU_LENGTH latest events as (slug, "title (date as precise as known)")."""
    title = translated_columns(Event, "title")
    return [
        (slug, f"{title.first(titles)} ({format_date(date, precision)})")
        for slug, date, precision, *titles in LATEST_EVENTS()
    ]


def _latest_events_query():
    return (
        Event.objects.rewrite(False)
        .order_by("-date", "-pk")
        .values_list(
            "slug",
            "date",
            "date_precision",
            *translated_columns(Event, "title").columns,
        )[:MENU_LENGTH]
    )


LATEST_EVENTS = CompiledRead(_latest_events_query)

latest_events = menu("events:latest", _menu_tag("events"), _latest_events)


def slug_filter(
    queryset, label, shown=None, **kwargs
) -> django_filters.ModelChoiceFilter:
    """A filter naming one object by its slug (?topic=isis); an unknown slug is invalid.

    With `shown` (a callable returning bounded (slug, label) pairs, see
    BoundedSelect), the form's menu lists only those objects and the chosen one;
    without, every object (for vocabularies that do not grow with the archive, such
    as sections)."""
    if shown is None:
        kwargs["widget"] = ListedSelect(rows=named_rows(queryset))
    else:
        kwargs["widget"] = BoundedSelect(shown=shown)
    return SlugFilter(
        to_field_name="slug",
        queryset=queryset,
        label=label,
        empty_label=ANY,
        by_slug=CompiledRead(lambda slug: queryset.filter(slug=slug), slug=str),
        **kwargs,
    )


class SlugChoiceField(django_filters.fields.ModelChoiceField):
    """ModelChoiceField for a slug typed into the address: the same answers as
    `queryset.get(slug=value)` (the object, or the "invalid_choice" error), read
    through `by_slug`, that lookup compiled once (articles.compiled): building it
    cost a filtered list more than its page of stories."""

    def __init__(self, *args, by_slug, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_slug = by_slug

    def to_python(self, value):
        if not isinstance(value, str) or value in self.empty_values:
            return super().to_python(value)
        if self.null_label is not None and value == self.null_value:
            return value
        self.validate_no_null_characters(value)
        found = self.by_slug(slug=value)
        if len(found) != 1:  # slugs are unique: none found
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found[0]


class SlugFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField

    def __deepcopy__(self, memo):
        # Every FilterSet copies its filters; a queryset is only ever chained, never
        # changed in place, so the copies share it (copying rebuilt its query,
        # Source.objects.public()'s subqueries included, for every filter and page).
        queryset = self.extra.get("queryset")
        if queryset is not None:
            memo[id(queryset)] = queryset
        clone = copy.copy(self)
        clone.__dict__ = copy.deepcopy(self.__dict__, memo)
        return clone


def topic_filter(field_name="topics", on="stories"):
    return slug_filter(
        Topic.objects.all(),
        _("Topic"),
        shown=most_used_recently("topic", on=on),
        field_name=field_name,
    )


def place_filter(field_name, on="stories"):
    return slug_filter(
        Place.objects.all(),
        _("Place"),
        shown=most_used_recently("place", on=on),
        field_name=field_name,
    )


def source_filter(field_name, label, on="stories"):
    # Sources quoted in published stories or acting in events are public by
    # Source.objects.public()'s own rule, so the menu need not apply it again.
    return slug_filter(
        Source.objects.public(),
        label,
        shown=most_used_recently("source", on=on),
        field_name=field_name,
        distinct=True,
    )


class ArticleFilter(SharedMenus, django_filters.FilterSet):
    topic = topic_filter()
    section = slug_filter(Section.objects.all(), _("Section"))
    place = place_filter("places")
    source = source_filter("quotes__source", _("Source quoted"))
    event = slug_filter(
        Event.objects.all(), _("Event"), shown=latest_events, field_name="events"
    )
    # "from" is a Python keyword, so these two go straight into the class namespace;
    # declared this way they are real filters of the class (subclasses and the
    # OpenAPI schema see "from" and "to", not renamed per instance).
    vars()["from"] = DateFilter(method="filter_from", label=_("Published from"))
    vars()["to"] = DateFilter(method="filter_to", label=_("Published until"))

    class Meta:
        model = Article
        fields = ["topic", "section", "place", "source", "event"]

    # Whole days in Baghdad time, compared on the raw column so the index serves it.
    def filter_from(self, queryset, name, value):
        return queryset.filter(publish_at__gte=start_of_day(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(
            publish_at__lt=start_of_day(value + datetime.timedelta(days=1))
        )


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class EventFilter(SharedMenus, django_filters.FilterSet):
    """The timeline's filters: the page, the events API and the TimelineJS feed."""

    category = django_filters.ChoiceFilter(
        choices=Event.Category.choices,
        label=_("Category"),
        empty_label=ANY,
        widget=PlainSelect,
    )
    place = place_filter("place", on="events")
    topic = topic_filter(on="events")
    source = source_filter("actors", _("Actor"), on="events")
    # "from" and "to" as on ArticleFilter, on the event's own dates, by overlap: an
    # event matches when any day it may have happened on lies within from-to. One
    # known only as "January 2026" matches from=2026-01-15 (it may be the 20th) and
    # to=2026-01-15 (it may be the 3rd); an end date extends it.
    vars()["from"] = DateFilter(method="filter_from", label=_("From"))
    vars()["to"] = DateFilter(method="filter_to", label=_("To"))

    class Meta:
        model = Event
        fields = ["category", "place", "topic", "source"]

    def filter_from(self, queryset, name, value):
        """Events whose last possible day is on or after `value`. Dates are stored
        truncated to their precision, so compare with `value` truncated the same way."""
        may_end_after = Q()
        for precision in Precision:
            start = truncate_date(value, precision)
            last = Q(end_date__gte=start) | Q(end_date__isnull=True, date__gte=start)
            may_end_after |= Q(date_precision=precision) & last
        return queryset.filter(may_end_after)

    def filter_to(self, queryset, name, value):
        """Events whose first possible day (the stored, truncated date) is on or
        before `value`."""
        return queryset.filter(date__lte=value)
