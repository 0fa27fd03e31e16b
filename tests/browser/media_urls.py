"""The site's URLs plus uploaded media, for browser tests (DEBUG is off there, so
shafaq/urls.py serves no media; production leaves media to the web server)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

# The site's error handlers too: without them the browser tests would meet Django's
# default error pages where scripts and readers meet ours (JSON for the desk).
from shafaq.urls import handler400, handler403, handler404, handler500  # noqa: F401
from shafaq.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    *site_urlpatterns,
]
