"""A page's address by slug is built from its edition's address once per view and
edition, and must be exactly what reverse() gives for every edition, every page
kind and every script a slug uses."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import slug_url, story_url


@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
@pytest.mark.parametrize(
    "slug",
    [
        "us-forces-leave-ain-al-asad",
        "نقل-محتجزين-من-الحسكة",
        "گواستنەوەی-دەستگیرکراوان",
        "story_2026-01-21",
        "٢٠٢٦",
    ],
)
def test_a_story_address_is_what_reverse_gives(language, slug):
    with translation.override(language):
        expected = reverse("articles:detail", kwargs={"slug": slug})

    assert story_url(language, slug) == expected


def test_a_slug_the_address_cannot_hold_is_refused_as_reverse_refuses_it():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        story_url("en", "not a slug/")


SLUG_PAGES = [
    "articles:detail",
    "articles:section",
    "articles:topic",
    "articles:author",
    "events:place",
    "events:detail",
    "sources:detail",
]


@pytest.mark.parametrize("view_name", SLUG_PAGES)
@pytest.mark.parametrize("language", ["en", "ar", "ckb"])
@pytest.mark.parametrize("slug", ["al-hol", "الحسكة", "ئەنبار", "x_1", "٢٠٢٦"])
def test_every_slug_address_is_what_reverse_gives(view_name, language, slug):
    with translation.override(language):
        expected = reverse(view_name, kwargs={"slug": slug})
        assert slug_url(view_name, slug) == expected  # the active edition

    assert slug_url(view_name, slug, language) == expected


def test_every_model_links_where_reverse_points(db):
    from tests.factories import make_event, make_place, make_source, make_topic

    for thing, view_name in [
        (make_topic(slug="حدود"), "articles:topic"),
        (make_place(slug="al-qaim"), "events:place"),
        (make_event(slug="event-one"), "events:detail"),
        (make_source(slug="سەرچاوە"), "sources:detail"),
    ]:
        with translation.override("ckb"):
            assert thing.get_absolute_url() == reverse(
                view_name, kwargs={"slug": thing.slug}
            )
