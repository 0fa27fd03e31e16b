"""WSGI application for `make bench`: the site with shafaq.bench's URLs. Never deployed
(production serves shafaq.wsgi); the bench starts gunicorn on it."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shafaq.settings")
settings.ROOT_URLCONF = "shafaq.bench"

application = get_wsgi_application()

from shafaq.warmup import warm_up  # noqa: E402 (needs the configured application)

warm_up()
