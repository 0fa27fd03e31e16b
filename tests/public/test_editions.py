"""Every page offers the other editions, and right-to-left editions say so."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

STORY = "/en/stories/ain-al-asad-withdrawal-and-detainee-transfers-test-iraq/"


@pytest.fixture
def demo(db):
    call_command("seed_demo")


def test_a_story_links_to_its_published_arabic_translation(client, demo):
    html = client.get(STORY).content.decode()

    arabic = "/ar/stories/%D8%B9%D9%8A%D9%86-"  # the Arabic slug, percent-encoded
    assert f'href="{arabic}' in html


def test_the_demo_story_links_to_its_published_kurdish_translation(client, demo):
    html = client.get(STORY).content.decode()

    kurdish = "/ckb/stories/%D8%B9%DB%95%DB%8C%D9%86-"  # the Sorani slug, encoded
    assert f'href="{kurdish}' in html


def test_a_story_without_a_kurdish_translation_links_to_the_kurdish_home(client, demo):
    html = client.get("/en/stories/detainee-transfer-in-numbers/").content.decode()

    assert 'href="/ckb/" hreflang="ckb"' in html


def test_arabic_and_kurdish_pages_read_right_to_left(client, demo):
    for edition in ("ar", "ckb"):
        html = client.get(f"/{edition}/").content.decode()
        assert f'<html lang="{edition}" dir="rtl">' in html


def test_english_pages_read_left_to_right(client, demo):
    assert '<html lang="en" dir="ltr">' in client.get("/en/").content.decode()
