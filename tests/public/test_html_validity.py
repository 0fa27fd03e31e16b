"""The main pages are valid HTML according to the Nu HTML Checker (vnu.jar).

vnu.jar comes from the npm registry (package.json; `npm ci` in .ci/run) and runs on
Java. Without either, the test is skipped with the reason.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from readers.live import PAGE_UPDATES
from tests.factories import (
    make_article,
    make_author,
    make_body_image,
    make_live_article,
    png_bytes,
)

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"

# CI installs both, so there a missing tool fails instead of skipping.
IN_CI = bool(os.environ.get("CI"))
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not VNU.exists() and not IN_CI, reason="vnu.jar missing: run `npm ci`"
    ),
    pytest.mark.skipif(
        shutil.which("java") is None and not IN_CI, reason="no Java runtime"
    ),
]


def test_the_main_pages_have_no_html_errors(client, tmp_path):
    call_command("seed_demo")
    story = Article.objects.get(language="en", slug__startswith="ain-al-asad")
    author = make_author(job_title="Correspondent", bio="Reports from Anbar.")
    author.photo.save("portrait.png", ContentFile(png_bytes(200, 200)), save=True)
    picture = make_body_image()
    pictured = make_article(
        authors=[author],
        body=f'<p>Before.</p><figure data-body-image="{picture.pk}"></figure>',
    )
    long_live = make_live_article(slug="live-long", updates=PAGE_UPDATES + 2)
    oldest = long_live.live_updates.newest_first().last()
    oldest.is_key_event = True
    oldest.save()
    pages = {
        "live-story-bounded": long_live.get_absolute_url(),
        "live-earlier-updates": reverse(
            "articles:live_updates_page", kwargs={"slug": long_live.slug}
        )
        + "?page=2",
        "story-with-picture": pictured.get_absolute_url(),
        "author": author.get_absolute_url(),
        "home": "/en/",
        "stories": "/en/stories/?topic=isis",
        "story": story.get_absolute_url(),
        "live-story": "/en/stories/live-detainee-transfers-from-hasakah/",
        "arabic-home": "/ar/",
        "sources": "/en/sources/",
        "source": "/en/sources/nawal-al-moussawi/",
        "timeline": "/en/timeline/",
        "event": "/en/events/centcom-transfers-150-detainees-to-iraq/",
        "place": "/en/places/hasakah/",
        "topic": "/en/topics/isis/",
        "search": "/en/search/?q=detainees",
        "corrections": "/en/corrections/",
        "not-found": "/en/stories/no-such-story/",
    }
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))

    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )

    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
