"""Cursor pagination for every API list: stable under inserts, and strict about input."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

MAX_PAGE_SIZE = 100


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
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise self.invalid_cursor() from None
        if cursor is None or cursor.position is None:
            return cursor
        # The position goes into a WHERE clause: it must be a value of the ordering
        # field, and PostgreSQL refuses NUL characters in any string.
        if "\x00" in cursor.position:
            raise self.invalid_cursor()
        try:
            position = self.position_field.to_python(cursor.position)
        except DjangoValidationError:
            raise self.invalid_cursor() from None
        if position is None:
            raise self.invalid_cursor()
        return cursor._replace(position=position)

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
