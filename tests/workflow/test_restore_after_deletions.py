"""Restoring a revision whose references were deleted since: what exists comes back,
what does not is named on the page; never a 500, never half a story."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles import revisions
from articles.models import Article, Author, Byline, Section, Topic
from events.models import Place
from sources.models import Source
from tests.factories import (
    make_article,
    make_author,
    make_place,
    make_section,
    make_source,
    make_topic,
)
from tests.workflow.admin_forms import change_form_data, change_url, open_and_post

pytestmark = pytest.mark.django_db


def restore(client, article, version):
    return client.post(
        reverse("admin:articles_article_restore", args=[article.pk, version.pk]),
        follow=True,
    )


def warning_text(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request)) + (
        response.content.decode()
    )


def test_a_quote_whose_source_was_deleted_is_named_and_the_rest_restored(
    editor_client, superuser, client
):
    article = make_article(topics=[make_topic()], headline="With the quote")
    source = make_source(name="Nawal al-Moussawi")
    article.quotes.create(source=source, text="The transfer is on schedule.")
    open_and_post(editor_client, article, headline="With the quote")  # revision 1
    first = revisions.versions_of(article).first()
    page = editor_client.get(change_url(article))
    editor_client.post(
        change_url(article),
        change_form_data(page, headline="Quote removed", **{"quotes-0-DELETE": "on"}),
    )  # revision 2
    assert article.quotes.count() == 0
    client.force_login(superuser)
    client.post(
        reverse("admin:sources_source_delete", args=[source.pk]), {"post": "yes"}
    )
    assert not Source.objects.filter(pk=source.pk).exists()

    response = restore(editor_client, article, first)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "With the quote"
    assert article.quotes.count() == 0
    text = warning_text(response)
    assert "The transfer is on schedule." in text
    assert "Nawal al-Moussawi" in text  # named from the admin's deletion log


def test_every_kind_of_reference_deleted_since_is_left_out_and_named(editor):
    """Sweeps every reference a restore brings back: section, dateline, translation,
    topics, places, related stories, byline authors and quote sources."""
    old_section, old_topic, old_place = make_section(), make_topic(), make_place()
    old_author, old_source = make_author(name="Gone Reporter"), make_source()
    original = make_article(headline="The original")
    related = make_article(headline="A related story")
    article = make_article(
        headline="Everything attached",
        section=old_section,
        topics=[old_topic],
        places=[old_place],
        authors=[old_author],
        dateline=old_place,
        translation_of=original,
    )
    article.related_articles.add(related)
    article.quotes.create(source=old_source, text="Words from a deleted source.")
    article.save_as_revision(by=editor)
    first = revisions.versions_of(article).first()
    # Revision 2 lets go of every one of them, and they are deleted.
    keep_section, keep_topic, keep_author = make_section(), make_topic(), make_author()
    article.section, article.dateline, article.translation_of = keep_section, None, None
    article.topics.set([keep_topic])
    article.places.clear()
    article.related_articles.clear()
    article.quotes.all().delete()
    Byline.objects.filter(article=article).delete()
    Byline.objects.create(article=article, author=keep_author)
    article.headline = "Stripped"
    article.save_as_revision(by=editor)
    for row in [old_section, old_topic, old_place, old_author, old_source]:
        row.delete()
    original.delete()
    related.delete()

    missing = revisions.restore_version(
        Article.objects.get(pk=article.pk), first, by=editor
    )

    article.refresh_from_db()
    assert article.headline == "Everything attached"
    assert article.section == keep_section  # kept what it has
    assert list(article.topics.all()) == []
    assert article.byline == []
    assert article.quotes.count() == 0
    joined = " ".join(missing)
    for label in ["section", "dateline", "translation of", "topics", "places"]:
        assert label in joined, label
    assert "related stories" in joined
    assert "Words from a deleted source." in joined
    assert "byline" in joined
    assert Section.objects.filter(pk=old_section.pk).count() == 0
    assert Topic.objects.count() and Place.objects.count() >= 0
    assert not Author.objects.filter(pk=old_author.pk).exists()


def test_a_topic_deleted_since_does_not_stop_the_restore(editor_client, editor):
    topic, other = make_topic(name="Sinjar"), make_topic(name="Border")
    article = make_article(topics=[topic], headline="Tagged Sinjar")
    article.save_as_revision(by=editor)
    first = revisions.versions_of(article).first()
    article.topics.set([other])
    article.headline = "Retagged"
    article.save_as_revision(by=editor)
    topic.delete()

    response = restore(editor_client, article, first)

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.headline == "Tagged Sinjar"
    assert list(article.topics.all()) == []
    assert "topic #" in warning_text(response)


def test_a_restore_that_fails_midway_changes_nothing(editor, monkeypatch):
    article = make_article(headline="Before", topics=[make_topic()])
    article.save_as_revision(by=editor)
    first = revisions.versions_of(article).first()
    article.headline = "After"
    article.save_as_revision(by=editor)

    def fail(self, *args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Article, "announce_update", fail)
    with pytest.raises(RuntimeError):
        revisions.restore_version(article, first, by=editor)

    article.refresh_from_db()
    assert article.headline == "After"
