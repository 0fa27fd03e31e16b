"""Request bodies the API reads: JSON as DRF reads it, and a clear 400 for what it cannot."""

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (RFC 8259 text, UTF-8), answering 400 for a body nested too
    deeply to read.

    Python's json module raises RecursionError, not ValueError, on a few thousand
    nested arrays or objects (`[[[[...]]]]`, a few kilobytes), which DRF does not
    catch: the client got a 500.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("JSON parse error: the body is nested too deeply.")
            ) from None
