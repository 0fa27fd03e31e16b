"""The site's URLs plus a minimal view, for `make bench` only (see shafaq.bench_wsgi).

/bench/minimal/ returns two bytes through the same settings and middleware as every
page: its requests per second are the stack's ceiling on the machine, what Django,
the middleware and gunicorn cost before any work of ours.
"""

from django.http import HttpResponse
from django.urls import path

from shafaq.urls import urlpatterns as site_urlpatterns


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *site_urlpatterns]
