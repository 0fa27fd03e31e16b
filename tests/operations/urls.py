"""The site's URLs plus one view that fails, to see how an error is logged."""

from django.urls import path

from shafaq.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("the printing press jammed")


urlpatterns = [path("fail/", fail), *site_urlpatterns]
