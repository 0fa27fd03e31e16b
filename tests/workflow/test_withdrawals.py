"""A withdrawn story stays on the public record: a notice on /corrections/, never its text."""

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, Withdrawal
from tests.factories import hours_ago, hours_ahead, make_article, make_topic
from tests.workflow.admin_forms import change_form_data, change_url

pytestmark = pytest.mark.django_db


def test_an_unpublished_story_leaves_a_withdrawal_notice_with_the_public_reason(
    client, editor
):
    story = make_article(
        headline="Detainee numbers at al-Hol",
        body="<p>The figure we could not stand behind.</p>",
        publish_at=hours_ago(30),
    )
    story.add_correction(kind="correction", text="Corrects the camp's name.")

    workflow.unpublish_article(
        story,
        by=editor,
        note="Legal asked us to pull it.",
        public_reason="We could not verify the central figure.",
    )

    html = client.get("/en/corrections/").content.decode()
    assert "Detainee numbers at al-Hol" in html
    assert "We could not verify the central figure." in html
    assert "Corrects the camp" in html  # its corrections stay on the record
    assert "The figure we could not stand behind." not in html
    assert "Legal asked us" not in html  # the internal note stays internal
    assert story.get_absolute_url() not in html  # no link to a 410
    gone = client.get(story.get_absolute_url())
    assert gone.status_code == 410
    assert "We could not verify the central figure." in gone.content.decode()


def test_partners_still_see_the_withdrawal_in_the_changes_feed(api_client, editor):
    story = make_article()
    workflow.unpublish_article(story, by=editor, public_reason="Duplicate story.")

    changes = api_client.get("/api/v1/changes/").json()["results"]

    assert [c["kind"] for c in changes if c["uuid"] == str(story.uuid)][-1] == (
        "unpublished"
    )


def test_a_story_withdrawn_before_its_time_leaves_no_notice(client, editor):
    story = make_article(headline="Never went out", publish_at=hours_ahead(4))

    workflow.unpublish_article(story, by=editor)

    assert not Withdrawal.objects.exists()
    assert "Never went out" not in client.get("/en/corrections/").content.decode()


def test_the_notice_outlives_the_deleted_story_and_stays_in_its_edition(client, editor):
    story = make_article(headline="قصة سُحبت", language="ar")
    workflow.unpublish_article(story, by=editor)
    Article.objects.get(pk=story.pk).delete()

    assert "قصة سُحبت" in client.get("/ar/corrections/").content.decode()
    assert "قصة سُحبت" not in client.get("/en/corrections/").content.decode()


def test_the_record_pages_corrections_and_withdrawals_together_newest_first(
    client, editor, settings
):
    for n in range(3):
        story = make_article(headline=f"Withdrawn {n}")
        workflow.unpublish_article(story, by=editor)
    kept = make_article(headline="Still up")
    for n in range(30):
        kept.corrections.create(
            kind="update", text=f"Update {n}", created_at=hours_ago(50 - n)
        )

    first = client.get("/en/corrections/")
    second = client.get("/en/corrections/?page=2")

    assert first.status_code == second.status_code == 200
    html = first.content.decode()
    assert html.index("Withdrawn 2") < html.index("Update 29")
    assert "Update 0" in second.content.decode()
    assert timezone.now()


def test_the_admin_unpublish_button_takes_the_public_reason(editor_client):
    story = make_article(topics=[make_topic()])
    page = editor_client.get(change_url(story))
    assert 'name="withdrawal_reason"' in page.content.decode()

    editor_client.post(
        change_url(story),
        change_form_data(
            page, _workflow="unpublish", withdrawal_reason="Published in error."
        ),
    )

    assert Withdrawal.objects.get().reason == "Published in error."
