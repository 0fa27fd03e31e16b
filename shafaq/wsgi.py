"""WSGI config for Shafaq Coverage; gunicorn serves `shafaq.wsgi:application`.

The application is warmed up before it serves (shafaq.warmup): run gunicorn with
--preload so that happens once, in the master.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shafaq.settings")

application = get_wsgi_application()

from shafaq.warmup import warm_up  # noqa: E402 (needs the configured application)

warm_up()
