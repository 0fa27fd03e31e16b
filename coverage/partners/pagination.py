"""Cursor pagination for every API list: stable under inserts, and strict about input.

Keyset pagination: a cursor holds the last (or, walking back, the first) item's
values of every ordering field, the primary key last, so no two items share a
position and each is visited once in either direction.
"""

import datetime
import json
import re
from base64 import b64decode
from urllib.parse import parse_qs

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import Cursor

MAX_PAGE_SIZE = 100
CURSOR_TOKENS = {"o", "r", "p"}
OFFSET = re.compile(r"[0-9]{1,9}")
# Positions are values of the ordering field: dates, numbers, names, slugs.
MAX_POSITION_LENGTH = 500
# The years a stored date can fall in (the filters accept the same).
YEARS = (1900, 2999)


class CursorPagination(pagination.CursorPagination):
    """Pages in the queryset's own order (or the model's); bad input is a 400 naming the field.

    DRF's version answers a broken cursor with 404 and silently clamps page_size;
    partners should be told instead.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Must be a whole number from 1 to %(max)d.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_ordering(self, request, queryset, view):
        """The queryset's own order (or the model's), made total with the primary key.

        The cursor's position is the last item's value of *every* ordering field, so
        items sharing a value (45 wire stories with one publish_at) are each visited
        once, walking forwards or backwards; DRF's single-field position with an
        offset skipped and repeated them when walking back.
        """
        ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        names = [name.lstrip("-") for name in ordering]
        if not {"pk", queryset.model._meta.pk.attname} & set(names):
            descending = bool(ordering) and ordering[0].startswith("-")
            ordering.append("-pk" if descending else "pk")
        self.position_fields = [
            position_field(queryset, name.lstrip("-")) for name in ordering
        ]
        return tuple(ordering)

    def paginate_queryset(self, queryset, request, view=None, *, read=list):
        """The page of `queryset` the request asks for, as `read(sliced queryset)`
        gives it: model instances by default, or rows (dicts keyed by field name,
        the ordering's fields among them) for a view that renders rows."""
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        self.cursor = self.decode_cursor(request)
        reverse = bool(self.cursor and self.cursor.reverse)
        position = self.cursor.position if self.cursor else None
        walk = _reversed(self.ordering) if reverse else self.ordering
        queryset = queryset.order_by(*walk)
        if position is not None:
            queryset = queryset.filter(after(walk, position))
        results = read(queryset[: self.page_size + 1])
        self.page = results[: self.page_size]
        more = len(results) > self.page_size
        if reverse:
            self.page.reverse()
            self.has_previous, self.has_next = more, True
        else:
            self.has_previous, self.has_next = position is not None, more
        return self.page

    def paginate_read(self, request, queryset, read) -> list | None:
        """The page the request asks for from `read(limit, position)`: the first
        `limit` items of `queryset`'s query in its order (the primary key last)
        strictly after `position` (the cursor's values of the ordering fields, or
        None for the first page), e.g. a compiled read that skips building the
        queryset. The same page, links and errors as paginate_queryset(); None
        for a cursor walking back (a previous link), which only that pages."""
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, None)
        self.cursor = self.decode_cursor(request)
        if self.cursor and self.cursor.reverse:
            return None
        position = self.cursor.position if self.cursor else None
        results = read(self.page_size + 1, position)
        self.page = results[: self.page_size]
        self.has_previous = position is not None
        self.has_next = len(results) > self.page_size
        return self.page

    def get_next_link(self):
        if not self.has_next or not self.page:
            return None
        last = self.position_of(self.page[-1])
        return self.encode_cursor(pagination.Cursor(0, False, last))

    def get_previous_link(self):
        if not self.has_previous or not self.page:
            return None
        first = self.position_of(self.page[0])
        return self.encode_cursor(pagination.Cursor(0, True, first))

    def position_of(self, instance) -> str:
        """The item's values of every ordering field, as a JSON list of strings;
        the item is a model instance or a row (a dict keyed by field name)."""
        values = []
        for name in self.ordering:
            field = name.lstrip("-")
            if type(instance) is dict:  # a row, keyed as order_by() names fields
                value = instance[field]
            else:
                value = instance
                for part in field.split("__"):
                    value = getattr(value, "pk" if part == "pk" else part)
            values.append(None if value is None else str(getattr(value, "pk", value)))
        return json.dumps(values)

    def decode_cursor(self, request):
        """The client's cursor, checked token by token before any of it reaches SQL.

        DRF's decoder drops characters that are not base64 (so `!!!` read as no
        cursor: the first page, silently) and passes the position through as text.
        Here anything but an exact base64 query string of o (offset), r (reverse)
        and p (position) tokens is a 400, and the position must be a value of the
        ordering field that a row could hold.
        """
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None or encoded == "":
            return None
        try:
            querystring = b64decode(encoded.encode("ascii"), validate=True).decode(
                "ascii"
            )
            tokens = parse_qs(querystring, keep_blank_values=True, strict_parsing=True)
        except ValueError:  # binascii.Error and UnicodeError are ValueErrors
            raise self.invalid_cursor() from None
        if set(tokens) - CURSOR_TOKENS or any(len(v) != 1 for v in tokens.values()):
            raise self.invalid_cursor()
        offset = tokens.get("o", ["0"])[0]
        reverse = tokens.get("r", ["0"])[0]
        if not OFFSET.fullmatch(offset) or reverse not in ("0", "1"):
            raise self.invalid_cursor()
        position = tokens.get("p", [None])[0]
        if position is not None:
            position = self.decode_position(position)
        return Cursor(
            offset=min(int(offset), self.offset_cutoff),
            reverse=reverse == "1",
            position=position,
        )

    def decode_position(self, position: str) -> list:
        """The values of every ordering field, from the cursor's JSON list of strings.

        They go into a WHERE clause: each must be a value its field could hold (a
        date no row can hold, year 1 or 9999, would overflow when moved between time
        zones), and PostgreSQL refuses NUL characters in any string. Anything else
        is a 400.
        """
        if len(position) > MAX_POSITION_LENGTH * len(self.position_fields):
            raise self.invalid_cursor()
        try:
            raw = json.loads(position)
        except ValueError:
            raise self.invalid_cursor() from None
        if (
            not isinstance(raw, list)
            or len(raw) != len(self.position_fields)
            or not all(isinstance(value, str) for value in raw)
            or any("\x00" in value for value in raw)
        ):
            raise self.invalid_cursor()
        try:
            values = [
                field.to_python(value)
                for field, value in zip(self.position_fields, raw, strict=True)
            ]
        except (DjangoValidationError, ValueError, OverflowError):
            raise self.invalid_cursor() from None
        for value in values:
            if value is None:
                raise self.invalid_cursor()
            if (
                isinstance(value, datetime.date)
                and not YEARS[0] <= value.year <= YEARS[1]
            ):
                raise self.invalid_cursor()
        return values

    def invalid_cursor(self) -> ValidationError:
        return ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    minimum=1, maximum=self.max_page_size, default=self.page_size
                )
        return parameters


def _reversed(ordering) -> tuple:
    return tuple(name[1:] if name.startswith("-") else f"-{name}" for name in ordering)


def after(ordering, position) -> Q:
    """Rows strictly after `position` in `ordering` (a row comparison, spelled out):
    (a > x) or (a = x and b > y) or ..., with < for descending fields."""
    condition = Q(pk__in=[])
    equal = Q()
    for name, value in zip(ordering, position, strict=True):
        field = name.lstrip("-")
        lookup = "lt" if name.startswith("-") else "gt"
        condition |= equal & Q(**{f"{field}__{lookup}": value})
        equal &= Q(**{field: value})
    return condition


def position_field(queryset, name: str):
    """The model field (following relations), or the annotation's output field, that
    a cursor position is a value of."""
    if name in queryset.query.annotations:
        return queryset.query.annotations[name].output_field
    model, field = queryset.model, None
    for part in name.split("__"):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        model = field.related_model or model
    return field
