"""The site's URLs plus uploaded media, for browser tests (DEBUG is off there, so
shafaq/urls.py serves no media; production leaves media to the web server)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from shafaq.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    *site_urlpatterns,
]
