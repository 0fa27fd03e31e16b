"""API errors are JSON, whatever the client's Accept header asked for."""

from rest_framework.views import exception_handler

from partners.renderers import JSONRenderer


def json_exception_handler(exc, context):
    """DRF's handler, with the answer rendered as JSON even for a browser.

    The browsable API is kept for successful reads; an error page in HTML would
    break every partner that parses our errors (`{"field": ["message"]}` or
    `{"detail": "message"}`). Exceptions DRF does not handle are left to Django,
    whose handler500 for /api/ answers JSON too (shafaq.views.server_error).
    """
    response = exception_handler(exc, context)
    if response is not None:
        request = context["request"]
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response
