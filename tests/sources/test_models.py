import pytest
from django.db import IntegrityError, transaction

from articles.models import Article
from sources.models import Quote, Source
from tests.factories import (
    hours_ago,
    hours_ahead,
    make_article,
    make_quote,
    make_source,
)

pytestmark = pytest.mark.django_db


def test_a_source_is_a_person_or_an_organisation():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(kind="rumour")


def test_two_sources_cannot_share_a_slug():
    make_source(slug="adnan-al-kinani")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_source(slug="adnan-al-kinani")


def test_aliases_and_transliterations_are_read_one_per_line():
    source = make_source(aliases="Adnan al-Kenani\n\n  عدنان الكناني  \n")
    assert source.alias_list == ["Adnan al-Kenani", "عدنان الكناني"]


def test_a_quoted_source_cannot_be_deleted_from_under_its_quotes():
    quote = make_quote(article=make_article())
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=quote.source_id).delete()


def test_a_quote_reads_as_its_source_and_its_words():
    quote = make_quote(
        source=make_source(name="Nawal al-Moussawi"),
        text="The coalition exited through the door, but it may return through the window",
    )
    assert str(quote) == (
        "Nawal al-Moussawi: “The coalition exited through the door, but it may return…”"
    )


def test_public_quotes_are_those_in_published_stories_newest_story_first():
    older = make_quote(article=make_article(publish_at=hours_ago(5)))
    newer = make_quote(article=make_article(publish_at=hours_ago(1)))
    make_quote(article=make_article(status=Article.Status.DRAFT, publish_at=None))
    make_quote(article=make_article(publish_at=hours_ahead(1)))
    make_quote(article=make_article(language="ar", publish_at=hours_ago(2)))

    assert list(Quote.objects.public(in_edition=True)) == [newer, older]
    assert len(Quote.objects.public()) == 3
