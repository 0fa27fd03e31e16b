"""A story's address is built from its edition's address once per edition, and must
be exactly what reverse() gives for every edition and every script a slug uses."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import story_url


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
