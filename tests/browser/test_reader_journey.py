"""A reader's journey in headless Chromium, with axe-core on every page.

Run it alone with `.venv/bin/pytest -m browser`; screenshots of home, a story and the
timeline at 360 and 1440 px land in screenshots/ at the repository root.
"""

import os
from pathlib import Path

import pytest

from tests.public.conftest import world  # noqa: F401 (the published world fixture)

# Playwright's sync API runs an event loop in this thread; Django's ORM then refuses
# to run here unless told that this test process knows what it is doing.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
WIDTHS = (360, 1440)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    # CI installs Chromium, so there a missing browser fails instead of skipping.
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="needs Debian's chromium at /usr/bin/chromium",
    ),
]


@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1440, "height": 900}
        )
        context.route(  # nothing may leave for another host
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith(live_server.url)
                else route.abort()
            ),
        )
        yield context.new_page()
        browser.close()


def assert_accessible(page) -> None:
    """axe-core finds no serious or critical violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    severe = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not severe, f"{page.url}\n" + "\n".join(severe)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_reader_goes_home_story_source_timeline_filters_and_searches(
    transactional_db,
    world,  # noqa: F811 (written before Playwright starts, so its connection closes)
    page,
):
    story = world["story"]

    page.goto("/en/")
    assert page.title().startswith("Shafaq Coverage")
    assert_accessible(page)
    screenshot(page, "home")

    page.get_by_role("link", name=story.headline).first.click()
    page.wait_for_url(f"**{story.get_absolute_url()}")
    assert page.locator("h1").inner_text() == story.headline
    assert_accessible(page)
    screenshot(page, "story")

    page.locator(".quote cite a").first.click()
    page.wait_for_url("**/en/sources/adnan-al-kinani/")
    assert page.locator("h1").inner_text() == "Adnan al-Kinani"
    assert_accessible(page)

    page.get_by_role("navigation", name="Primary").get_by_role(
        "link", name="Timeline"
    ).click()
    page.wait_for_url("**/en/timeline/")
    assert page.locator(".timeline-event").count() == 2
    assert_accessible(page)
    screenshot(page, "timeline")

    page.get_by_text("Filter the timeline").click()  # opens the filters
    page.select_option("#id_category", "withdrawal")
    page.select_option("#id_place", "ain-al-asad")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/en/timeline/?*category=withdrawal*")
    assert "place=ain-al-asad" in page.url
    titles = page.locator(".timeline-event__title").all_inner_texts()
    assert titles == ["US forces leave Ain al-Asad"]
    assert page.locator(".chip").count() == 2
    assert_accessible(page)

    page.locator("#site-search-q").fill("detainees")
    page.locator("#site-search-q").press("Enter")
    page.wait_for_url("**/en/search/?q=detainees")
    assert page.locator(".search-result__title mark").first.inner_text() == "detainees"
    assert_accessible(page)


@pytest.fixture
def editions_world(transactional_db):
    from tests.public.test_edition_interface import make_edition_story, make_vocabulary

    vocabulary = make_vocabulary()
    return {lang: make_edition_story(lang, vocabulary) for lang in ("ar", "ckb")}


@pytest.mark.parametrize("lang", ["ar", "ckb"])
def test_arabic_and_kurdish_pages_are_accessible_and_read_right_to_left(
    editions_world, page, lang
):
    story = editions_world[lang]
    pages = {
        "home": f"/{lang}/",
        "story": story.get_absolute_url(),
        "timeline": f"/{lang}/timeline/",
        "source": f"/{lang}/sources/adnan-al-kinani/",
        "topic": f"/{lang}/topics/isis/",
        "search": f"/{lang}/search/?q=" + story.headline.split()[0],
    }

    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(page)
        if name in ("home", "story", "timeline", "source"):
            screenshot(page, f"{lang}-{name}")
