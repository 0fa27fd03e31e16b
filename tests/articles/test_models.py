import pytest
from django.db import IntegrityError, transaction

from articles.models import Article, ArticleChange, StatusChange
from tests.factories import hours_ago, hours_ahead, make_article, make_correction

pytestmark = pytest.mark.django_db


def test_two_stories_in_one_edition_cannot_share_a_slug():
    make_article(slug="ain-al-asad", language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(slug="ain-al-asad", language="en")


def test_the_same_slug_is_allowed_in_another_edition():
    make_article(slug="ain-al-asad", language="en")
    assert make_article(slug="ain-al-asad", language="ar").pk


def test_a_published_story_must_have_a_publication_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(
            status=Article.Status.PUBLISHED, publish_at=None, first_published_at=None
        )


def test_a_lead_image_without_alt_text_is_rejected_by_the_database():
    article = make_article()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(lead_image="lead/photo.jpg")


def test_an_unknown_status_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article(status="leaked", publish_at=None)


def test_script_and_event_handlers_are_stripped_from_the_body_on_save():
    article = make_article(
        body='<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:x()">x</a></p>'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript:" not in article.body
    assert article.body_text == "Hi x"


def test_formatting_an_editor_may_use_survives_sanitising():
    html = "<h2>Inside</h2><p><strong>Bold</strong> and <em>italic</em></p><ul><li>one</li></ul>"
    assert make_article(body=html).body == html


def test_a_slug_is_made_from_the_headline_when_left_empty():
    make_article(headline="Border talks resume", slug="border-talks-resume")
    article = make_article(headline="Border talks resume", slug="")
    assert article.slug == "border-talks-resume-2"


def test_the_uuid_never_changes_when_a_story_is_edited():
    article = make_article()
    original = article.uuid
    article.headline = "A better headline"
    article.save()
    article.refresh_from_db()
    assert article.uuid == original


def test_published_includes_only_published_stories_whose_time_has_come(hidden_articles):
    live = make_article(publish_at=hours_ago(2))
    assert list(Article.objects.published()) == [live]


def test_is_published_agrees_with_the_queryset_for_every_state(hidden_articles):
    live = make_article()
    published_ids = set(Article.objects.published().values_list("pk", flat=True))
    for article in [*hidden_articles, live]:
        assert article.is_published == (article.pk in published_ids), article.status


def test_a_scheduled_story_becomes_public_when_its_time_passes_without_any_job():
    article = make_article(publish_at=hours_ahead(1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(publish_at=hours_ago(0.01))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_stamps_the_times_and_records_who_and_the_change(superuser):
    article = make_article(status=Article.Status.DRAFT, publish_at=None)
    article.publish(by=superuser)
    article.refresh_from_db()
    assert article.is_published
    assert article.first_published_at == article.publish_at
    change = StatusChange.objects.get(article=article)
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "published",
        superuser,
    )
    assert ArticleChange.objects.filter(
        article_uuid=article.uuid, kind="published"
    ).exists()


def test_a_correction_marks_the_story_updated_and_bumps_its_version():
    article = make_article()
    assert article.ninjs_version == 1
    correction = article.add_correction(kind="correction", text="We misspelt Qamishli.")
    article.refresh_from_db()
    assert article.updated_at == correction.created_at
    assert article.ninjs_version == 2
    assert ArticleChange.objects.filter(
        article_uuid=article.uuid, kind="corrected"
    ).exists()


def test_the_byline_keeps_the_editors_order():
    from tests.factories import make_author

    first, second = make_author(name="Zeina"), make_author(name="Ali")
    article = make_article(authors=[first, second])
    assert [a.name for a in article.byline] == ["Zeina", "Ali"]


def test_every_model_has_a_readable_name():
    correction = make_correction(kind="update")
    assert str(correction).startswith("Update: ")
    assert str(correction.article) == correction.article.headline


def test_djangos_latest_answers_the_newest_story_by_publication_time():
    newest = make_article(publish_at=hours_ago(1))
    make_article(publish_at=hours_ago(3))

    assert Article.objects.latest() == newest
    assert Article.objects.latest("publish_at") == newest
    assert list(Article.objects.newest_first())[0] == newest


def test_scheduled_stories_are_the_published_ones_whose_time_is_ahead():
    ahead = make_article(publish_at=hours_ahead(2))
    make_article(publish_at=hours_ago(2))
    make_article(status=Article.Status.DRAFT, publish_at=hours_ahead(2))

    assert list(Article.objects.scheduled()) == [ahead]
    assert not set(Article.objects.scheduled()) & set(Article.objects.published())


def test_a_storys_published_editions_are_the_same_with_and_without_prefetching():
    original = make_article(language="en", publish_at=hours_ago(3))
    arabic = make_article(
        language="ar", translation_of=original, publish_at=hours_ago(2)
    )
    kurdish = make_article(language="ckb", translation_of=original)
    make_article(
        language="ckb",
        translation_of=original,
        status=Article.Status.DRAFT,
        publish_at=None,
        slug="draft-translation",
    )

    expected = {
        original: [kurdish, arabic],  # its translations, newest first
        arabic: [original, kurdish],  # the original first, then its other editions
        kurdish: [original, arabic],
    }
    for story, editions in expected.items():
        prefetched = Article.objects.with_editions().get(pk=story.pk)
        assert story.published_editions() == editions
        assert prefetched.published_editions() == editions
