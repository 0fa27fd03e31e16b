"""Cursor pagination for every API list: stable under inserts, and strict about input."""

import datetime
import re
from base64 import b64decode
from urllib.parse import parse_qs

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
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
        ordering = tuple(queryset.query.order_by) or tuple(
            queryset.model._meta.ordering
        )
        self.position_field = position_field(queryset, ordering[0].lstrip("-"))
        return ordering

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

    def decode_position(self, position: str):
        # PostgreSQL refuses NUL characters in any string.
        if "\x00" in position or len(position) > MAX_POSITION_LENGTH:
            raise self.invalid_cursor()
        try:
            value = self.position_field.to_python(position)
        except (DjangoValidationError, ValueError, OverflowError):
            raise self.invalid_cursor() from None
        if value is None:
            raise self.invalid_cursor()
        # A date no row can hold (year 1, year 9999) would overflow when moved
        # between time zones: no row has it, so no cursor can point at it.
        if isinstance(value, datetime.date) and not YEARS[0] <= value.year <= YEARS[1]:
            raise self.invalid_cursor()
        return value

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


def position_field(queryset, name: str):
    """The model field, or the annotation's output field, that a cursor position is a value of."""
    try:
        return queryset.model._meta.get_field(name)
    except FieldDoesNotExist:
        return queryset.query.annotations[name].output_field
