"""Load what a worker needs before it takes traffic.

The first request a fresh gunicorn worker served took 2–4 s (a page that costs 36 ms
warm): importing every view, building the URL resolver, reading three languages'
translation catalogues and compiling templates. `warm_up()` does that at start-up,
without touching the database or the cache (with `gunicorn --preload` it runs once in
the master, before the workers are forked, so they share the loaded memory).
"""

from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver, reverse
from django.utils import translation


def warm_up() -> int:
    """Import the views, load every language's catalogue, compile the templates in
    TEMPLATES' DIRS; returns how many templates were compiled."""
    get_resolver().check()  # imports every urls.py and view module
    for language, name in settings.LANGUAGES:
        with translation.override(language):
            reverse("home")
            str(name)  # a lazy translation: loads this language's catalogue
    compiled = 0
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            try:
                get_template(path.relative_to(folder).as_posix())
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue  # an admin override that extends what it replaces, etc.
            compiled += 1
    return compiled
