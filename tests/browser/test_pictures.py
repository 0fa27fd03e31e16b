"""Maps and charts as a reader sees them, in English and Arabic (headless Chromium).

Screenshots of a place page, the founding story and the explainer at 360 and 1440 px
go to screenshots/ (maps-*.png).
"""

import io
from urllib.parse import quote

from django.core.management import call_command

from articles.models import Article
from tests.browser.test_reader_journey import (  # noqa: F401 (the page fixture)
    assert_accessible,
    page,
    pytestmark,
    screenshot,
)


def test_reader_sees_maps_and_charts_in_english_and_arabic(transactional_db, page):  # noqa: F811
    call_command("seed_demo", stdout=io.StringIO())
    arabic = Article.objects.get(language="ar")
    pages = {
        "maps-place-en": "/en/places/hasakah/",
        "maps-story-en": "/en/stories/ain-al-asad-withdrawal-and-detainee-transfers-test-iraq/",
        "maps-explainer-en": "/en/stories/detainee-transfer-in-numbers/",
        "maps-place-ar": "/ar/places/hasakah/",
        "maps-story-ar": f"/ar/stories/{quote(arabic.slug)}/",
    }
    for name, url in pages.items():
        page.goto(url)
        box = page.locator(".map-figure svg").first.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100, url
        assert_accessible(page)
        screenshot(page, name)

    page.goto(pages["maps-explainer-en"])
    assert page.locator("svg.chart rect.chart-bar--estimate").count() >= 3
    assert page.locator(".figure-table tbody tr").count() == 5
