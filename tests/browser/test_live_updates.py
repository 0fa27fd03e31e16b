"""A reader on a live story sees a new update arrive without reloading the page."""

import pytest

from articles import workflow
from tests.browser.test_reader_journey import CHROMIUM, CHROMIUM_ARGS, assert_accessible
from tests.factories import make_live_article, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not __import__("os").environ.get("CI"),
        reason="needs Debian's chromium at /usr/bin/chromium",
    ),
]


@pytest.fixture
def live_world(transactional_db):
    """Written before Playwright starts: a live story and an editor to post to it."""
    from tests.conftest import role_group

    editor = make_user(username="desk", is_staff=True)
    editor.groups.add(role_group("Editor"))
    article = make_live_article(
        headline="Live: convoy crosses the border", slug="live-convoy", updates=2
    )
    return article, editor


def test_a_new_update_appears_after_the_reader_asks_without_a_reload(
    live_world, live_server
):
    from playwright.sync_api import expect, sync_playwright

    article, editor = live_world
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(base_url=live_server.url)
        page.clock.install()  # the 30-second poll runs on a clock the test moves
        page.goto(article.get_absolute_url())
        expect(page.locator(".live__updates .live-update")).to_have_count(2)
        page.evaluate("window.__notReloaded = true")
        assert_accessible(page)

        workflow.post_live_update(
            article, by=editor, title="Convoy at the crossing", body="<p>Arrived.</p>"
        )
        page.clock.fast_forward(31_000)

        button = page.locator("[data-live-show]")
        expect(button).to_have_text("1 new update")
        # Announced, not inserted: nothing moved under the reader's eyes yet.
        expect(page.locator(".live__updates .live-update")).to_have_count(2)
        button.click()
        first = page.locator(".live__updates .live-update").first
        expect(first.locator(".live-update__title")).to_have_text(
            "Convoy at the crossing"
        )
        expect(button).to_be_hidden()
        assert page.evaluate("window.__notReloaded") is True
        assert_accessible(page)
        browser.close()


@pytest.fixture
def long_live_world(transactional_db):
    """A live story with a page and two more of updates, and an editor."""
    from readers.live import PAGE_UPDATES
    from tests.conftest import role_group

    editor = make_user(username="desk", is_staff=True)
    editor.groups.add(role_group("Editor"))
    article = make_live_article(
        headline="Live: a long day at the border",
        slug="live-long-border",
        updates=PAGE_UPDATES + 2,
    )
    return article, editor, PAGE_UPDATES


def test_on_a_bounded_page_new_updates_arrive_on_top_and_old_corrections_stay_away(
    long_live_world, live_server
):
    from playwright.sync_api import expect, sync_playwright

    article, editor, shown = long_live_world
    oldest = article.live_updates.newest_first().last()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(base_url=live_server.url)
        page.clock.install()
        page.goto(article.get_absolute_url())
        updates = page.locator(".live__updates .live-update")
        expect(updates).to_have_count(shown)
        expect(page.locator("[data-live-earlier]")).to_be_visible()

        oldest.body = "<p>Corrected far below.</p>"
        workflow.correct_live_update(oldest, by=editor, note="A typo.")
        workflow.post_live_update(
            article, by=editor, title="Gate reopens", body="<p>Open again.</p>"
        )
        page.clock.fast_forward(31_000)

        button = page.locator("[data-live-show]")
        expect(button).to_have_text("1 new update")
        button.click()
        expect(updates.first.locator(".live-update__title")).to_have_text(
            "Gate reopens"
        )
        expect(updates).to_have_count(shown + 1)
        expect(page.locator(f"#{oldest.anchor}")).to_have_count(0)

        page.locator("[data-live-earlier]").click()
        expect(page.locator(f"#{oldest.anchor}")).to_contain_text(
            "Corrected far below."
        )
        assert_accessible(page)
        browser.close()
