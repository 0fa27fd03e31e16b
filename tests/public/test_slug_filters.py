"""Every slug filter of the site's FilterSets (stories, timeline; the API extends
them) reads the slug typed into the address through a compiled lookup, and
answers what `queryset.get(slug=value)` answers."""

import copy

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from readers.filters import ArticleFilter, EventFilter, SlugChoiceField
from tests.factories import (
    make_article,
    make_event,
    make_place,
    make_quote,
    make_section,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db


def slug_fields():
    for filterset in (ArticleFilter, EventFilter):
        form = filterset({}).form
        for name, field in form.fields.items():
            if isinstance(field, SlugChoiceField):
                yield filterset.__name__, name, field


def test_every_slug_filter_of_the_site_reads_through_a_compiled_lookup():
    names = {(filterset, name) for filterset, name, _f in slug_fields()}

    assert names == {
        ("ArticleFilter", "topic"),
        ("ArticleFilter", "section"),
        ("ArticleFilter", "place"),
        ("ArticleFilter", "source"),
        ("ArticleFilter", "event"),
        ("EventFilter", "place"),
        ("EventFilter", "topic"),
        ("EventFilter", "source"),
    }


@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
def test_every_slug_filter_answers_what_its_queryset_answers(language):
    place, topic, hidden = make_place(), make_topic(), make_source()
    story = make_article(topics=[topic], places=[place])
    make_quote(article=story)
    make_quote(article=make_article(status="draft"), source=hidden)  # not public
    make_event(actors=[make_source()], articles=[story])

    with translation.override(language):
        for filterset, name, field in slug_fields():
            model = field.queryset.model
            for value in [*model.objects.values_list("slug", flat=True), "nope"]:
                try:
                    expected = field.queryset.get(slug=value)
                except model.DoesNotExist:
                    expected = None
                try:
                    found = field.clean(value)
                except ValidationError as error:
                    assert error.code == "invalid_choice", (filterset, name, value)
                    found = None
                assert found == expected, (filterset, name, value)
            assert field.clean("") is None
            with pytest.raises(ValidationError):
                field.clean("a\x00b")


def test_a_hidden_source_is_no_valid_filter_value():
    hidden = make_source()
    make_quote(article=make_article(status="draft"), source=hidden)
    form = ArticleFilter({"source": hidden.slug}).form

    assert not form.is_valid()
    assert form.errors["source"][0].startswith("Select a valid choice")


def test_copies_of_a_slug_filter_share_its_compiled_lookup():
    field = ArticleFilter({}).form.fields["topic"]

    assert copy.deepcopy(field).by_slug is field.by_slug


@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
def test_the_section_menu_lists_what_the_fields_own_choices_list(language):
    make_section(name="Security", name_ar="الأمن", position=2)
    make_section(name="<Politics> & more", position=1)
    make_section(name="Analysis", position=1)
    field = ArticleFilter({}).form.fields["section"]

    with translation.override(language):
        listed = [
            (str(value), str(label)) for value, label in field.widget.options_shown()
        ]
        expected = [(str(value), str(label)) for value, label in field.choices]

    assert listed == expected
    assert len(listed) == 4
