"""WSGI config for Shafaq Coverage; gunicorn serves `shafaq.wsgi:application`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shafaq.settings")

application = get_wsgi_application()
