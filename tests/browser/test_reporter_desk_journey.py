"""A new reporter files a complete story in the admin, in headless Chromium.

She writes it with a picture in the body, adds a new source and a quote, attaches an
event, watches the word count, previews before saving and submits; an editor sends it
back with a note; she sees the note on her desk and on the form, loses her tab
mid-edit and gets the text back, fixes and resubmits; the editor schedules the story
and moves the schedule; the story appears at its time. Screenshots of the desk and
the story form at 1440 px go to screenshots/.
"""

import datetime
import io
import os
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from articles.models import Article, Autosave
from events.models import Event
from sources.models import Source
from tests.browser.test_reader_journey import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS
from tests.factories import ensure_roles, make_section, make_topic, make_user

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="needs Debian's chromium at /usr/bin/chromium",
    ),
]

PASSWORD = "a long desk password 42"
BAGHDAD = datetime.timezone(datetime.timedelta(hours=3))  # Asia/Baghdad, no DST
NOTE = "Say who counted the detainees, and add the date of the transfer."
FIRST_LINE = "Iraqi forces took over the last hangars at Ain al-Asad on Tuesday."


def photo_bytes() -> bytes:
    """A JPEG with a GPS position in its EXIF, as a phone in the field makes."""
    image = Image.new("RGB", (1200, 800), (90, 120, 40))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (33.0, 47.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def newsroom(transactional_db, settings):
    """Accounts and coverage written before Playwright starts. The roles are
    migration data, which an earlier transactional test's flush removed."""
    settings.ROOT_URLCONF = "tests.browser.media_urls"
    ensure_roles()
    reporter = make_user(
        username="rana",
        first_name="Rana",
        last_name="Saleh",
        password=PASSWORD,
        is_staff=True,
    )
    reporter.groups.add(Group.objects.get(name="Reporter"))
    editor = make_user(
        username="omar",
        first_name="Omar",
        last_name="Hadi",
        password=PASSWORD,
        is_staff=True,
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    make_section(name="Security", slug="security")
    make_topic(name="US withdrawal", slug="us-withdrawal")
    event = Event.objects.create(
        title="US forces leave Ain al-Asad",
        slug="us-leave-ain-al-asad",
        date=datetime.date(2026, 1, 1),
        date_precision="month",
    )
    return {"reporter": reporter, "editor": editor, "event": event}


@pytest.fixture
def browser(live_server, newsroom):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        browser.base_url = live_server.url
        yield browser
        browser.close()


def open_page(browser):
    context = browser.new_context(
        base_url=browser.base_url, viewport={"width": 1440, "height": 900}
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(browser.base_url)
            else route.abort()
        ),
    )
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda m: (
            "Content Security Policy" in m.text and page.csp_errors.append(m.text)
        ),
    )
    return page


def sign_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def pick(page, select_id, text):
    """Choose `text` in one of the admin's autocomplete (select2) fields."""
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def editor_area(page):
    return page.locator(".field-body .ProseMirror[contenteditable=true]")


def shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 900})
    page.screenshot(path=SCREENSHOTS / f"{name}-1440.png", full_page=True)


def baghdad_fields(moment):
    local = moment.astimezone(BAGHDAD)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def test_a_new_reporter_files_a_story_that_goes_out_at_its_time(browser, newsroom):
    from playwright.sync_api import expect

    # The reporter writes her first story.
    page = open_page(browser)
    sign_in(page, "rana")
    expect(page.locator("#site-name")).to_contain_text("Shafaq Coverage desk")
    page.get_by_role("link", name="Write a new story").click()
    page.wait_for_url("**/admin/articles/article/add/")
    page.fill("#id_headline", "Iraq takes the last hangars at Ain al-Asad")
    page.fill("#id_standfirst", "The handover ends two decades of US presence.")
    body = editor_area(page)
    # The editor's own styles loaded under the CSP: spaces around bold text hold,
    # and the writing area is a comfortable size, not one 31 px line.
    assert body.evaluate("e => getComputedStyle(e).whiteSpace") == "break-spaces"
    assert body.bounding_box()["height"] > 350
    body.click()
    page.keyboard.type(FIRST_LINE)
    page.keyboard.press("Enter")
    page.keyboard.type("Officials said the transfer was orderly.")
    expect(page.locator(".desk-wordcount")).to_have_text(
        re.compile(r"^18 words · about 1 min read$")
    )

    # A picture inside the body, through the upload pipeline.
    page.get_by_role("button", name="Insert a picture").click()
    dialog = page.locator("dialog.desk-picture-dialog")
    dialog.locator("input[name=image]").set_input_files(
        {"name": "hangars.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    dialog.locator("input[name=alt]").fill("Empty hangars under a grey sky")
    dialog.locator("input[name=caption]").fill("The last hangars, handed over")
    dialog.locator("input[name=credit]").fill("Rana Saleh")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(body.locator("figure[data-body-image] img")).to_be_visible()

    pick(page, "id_section", "Security")
    pick(page, "id_topics", "US withdrawal")

    # A new source, added from the quote's "+" without leaving the story.
    page.get_by_role("button", name="Add another Quote").click()
    with page.expect_popup() as popup_info:
        page.locator("#add_id_quotes-0-source").click()
    popup = popup_info.value
    popup.select_option("#id_kind", "person")
    popup.fill("#id_name_en", "Hawre Karim")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    page.fill("#id_quotes-0-text", "Every hangar was counted and signed for.")
    page.get_by_role("button", name="Add another Event covered").click()
    pick(page, "id_Event_articles-0-event", "US forces leave Ain al-Asad")

    # Preview before saving: the unsaved form as readers will see it.
    with page.expect_popup() as preview_info:
        page.locator("button.desk-preview").click()
    preview = preview_info.value
    preview.wait_for_load_state()
    expect(preview.locator("h1")).to_have_text(
        "Iraq takes the last hangars at Ain al-Asad"
    )
    expect(preview.locator(".prose figure picture img")).to_be_visible()
    expect(preview.locator(".quote cite")).to_have_text("Hawre Karim")
    expect(preview.locator(".preview-banner")).to_be_visible()
    preview.close()
    assert not Article.objects.exists()  # nothing was saved by the preview

    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    page.locator("button[value=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("In review")
    story = Article.objects.get()
    assert story.byline[0].user == newsroom["reporter"]
    assert Source.objects.get(name="Hawre Karim").needs_review
    assert list(story.events.all()) == [newsroom["event"]]
    assert page.csp_errors == []

    # The editor sends it back with a note.
    desk = open_page(browser)
    sign_in(desk, "omar")
    desk.get_by_role("link", name=story.headline).first.click()
    desk.fill("#id_workflow_note", NOTE)
    desk.locator("button[value=send_back]").click()
    expect(desk.locator(".messagelist")).to_contain_text("Draft")

    # She sees the note on her desk and at the top of her form.
    page.goto("/admin/")
    expect(page.locator(".desk-queue--sent-back")).to_contain_text(NOTE)
    shot(page, "desk-dashboard")
    page.locator(".desk-queue--sent-back").get_by_role(
        "link", name=story.headline
    ).click()
    expect(page.locator(".desk-send-back")).to_contain_text(NOTE)
    shot(page, "desk-story-form")

    # She fixes the story; the tab dies mid-edit; the text comes back.
    body = editor_area(page)
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    fix = "The US Central Command counted 150 detainees on 21 January."
    page.keyboard.type(fix)
    expect(page.locator(".desk-autosave-status")).to_contain_text("Autosaved at")
    assert fix in Autosave.objects.get(user=newsroom["reporter"]).body
    page.reload()
    expect(page.locator(".desk-autosave-offer")).to_be_visible()
    expect(editor_area(page)).not_to_contain_text(fix)
    page.get_by_role("link", name="Restore it into the form").click()
    expect(editor_area(page)).to_contain_text(fix)
    page.locator("button[value=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("In review")
    assert not Autosave.objects.exists()

    # The editor schedules it for tomorrow, then moves it to a few seconds from now.
    desk.goto(f"/admin/articles/article/{story.pk}/change/")
    date, time = baghdad_fields(timezone.now() + datetime.timedelta(days=1))
    desk.fill("#id_publish_at_0", date)
    desk.fill("#id_publish_at_1", time)
    desk.locator("button[value=schedule]").click()
    expect(desk.locator(".messagelist")).to_contain_text("Scheduled for")
    public_url = Article.objects.get().get_absolute_url()
    assert desk.request.get(browser.base_url + public_url).status == 404

    soon = timezone.now() + datetime.timedelta(seconds=8)
    date, time = baghdad_fields(soon)
    desk.fill("#id_publish_at_0", date)
    desk.fill("#id_publish_at_1", time)
    desk.locator("button[value=reschedule]").click()
    expect(desk.locator(".messagelist")).to_contain_text("Scheduled for")
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED and story.is_scheduled
    assert story.status_changes.filter(note__startswith="Schedule moved").exists()
    assert desk.request.get(browser.base_url + public_url).status == 404

    # At its time the story is public, picture and all, with no job to run.
    reader = open_page(browser)
    wait = (story.publish_at - timezone.now()).total_seconds() + 1
    reader.wait_for_timeout(max(wait, 0) * 1000)
    reader.goto(public_url)
    expect(reader.locator("h1")).to_have_text(story.headline)
    expect(reader.locator(".prose figure figcaption")).to_contain_text("Rana Saleh")
    expect(reader.locator(".story__byline")).to_contain_text("Rana Saleh")
    expect(reader.locator(".prose")).to_contain_text(fix)


def test_a_save_refused_by_an_expired_session_keeps_the_words_in_the_tab(
    browser, newsroom
):
    from django.contrib.sessions.models import Session
    from playwright.sync_api import expect

    from tests.factories import make_article

    story = make_article(
        status=Article.Status.DRAFT,
        publish_at=None,
        created_by=newsroom["reporter"],
        body="<p>The first paragraph.</p>",
    )
    page = open_page(browser)
    sign_in(page, "rana")
    page.goto(f"/admin/articles/article/{story.pk}/change/")
    Session.objects.all().delete()  # her session expires while she writes
    body = editor_area(page)
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Words written after the session ended.")
    page.locator("input[name=_continue]").click()  # refused: she must sign in

    page.wait_for_url("**/admin/login/**")
    page.fill("#id_username", "rana")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/admin/articles/article/{story.pk}/change/")
    page.get_by_role("button", name="Restore them into the form").click()
    expect(editor_area(page)).to_contain_text("Words written after the session ended.")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    story.refresh_from_db()
    assert "Words written after the session ended." in story.body
    expect(page.locator(".desk-autosave-offer")).to_have_count(0)
