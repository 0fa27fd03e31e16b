"""The Arabic and Sorani editions in headless Chromium: translated names, a Sorani
search, and the interactive timeline right to left under the strict CSP, with axe-core
on every page. Screenshots at 360 and 1440 px land in screenshots/."""

import pytest

from tests.browser.test_reader_journey import (  # noqa: F401 (fixtures and marks)
    assert_accessible,
    page,
    pytestmark,
    screenshot,
)
from tests.factories import make_article
from tests.public.conftest import world  # noqa: F401
from tests.public.test_edition_content import translated_world  # noqa: F401

HEADLINES = {
    "ar": "العراق يتسلم قاعدة عين الأسد",
    "ckb": "عێراق بنکەی عەین ئەسەد وەردەگرێتەوە",
}


@pytest.mark.parametrize("edition", ["ar", "ckb"])
def test_a_reader_of_each_edition_reads_names_searches_and_uses_the_timeline(
    transactional_db,
    translated_world,  # noqa: F811
    page,  # noqa: F811
    edition,
):
    story = make_article(
        headline=HEADLINES[edition],
        slug=f"ain-al-asad-{edition}",
        language=edition,
        body="<p>وصلت القوات إلى كركوك وديالى.</p>",
        section=translated_world["section"],
        topics=[translated_world["topic"]],
        translation_of=translated_world["story"],
    )
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto(f"/{edition}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)

    page.goto(story.get_absolute_url())
    kicker = {"ar": "أمن", "ckb": "ئاسایش"}[edition]
    assert page.locator(".story__kicker").inner_text().strip() == kicker
    assert page.locator(".story__translations a[hreflang=en]").count() == 1
    assert_accessible(page)
    screenshot(page, f"story-{edition}")

    page.goto(f"/{edition}/search/?q=کرکوک")
    assert page.locator(".search-result__title").count() == 1
    assert_accessible(page)

    page.goto(f"/{edition}/sources/adnan-al-kinani/")
    assert_accessible(page)
    page.goto(f"/{edition}/topics/isis/")
    assert_accessible(page)

    page.goto(f"/{edition}/timeline/interactive/")
    page.wait_for_selector(".tl-timeline.tl-rtl .tl-slide", timeout=20_000)
    assert page.locator(".tl-timenav").count() == 1
    assert_accessible(page)
    screenshot(page, f"timeline-interactive-{edition}")
    assert not violations, violations
