"""Pictures inside a story's body: uploaded through the pipeline, stored in one
canonical form that nothing typed can change, shown to readers as renditions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Article, BodyImage
from tests.factories import make_article, make_body_image

pytestmark = pytest.mark.django_db

UPLOAD_URL = "admin:articles_article_body_image"


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "orange")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (33.0, 47.0, 0.0)}  # GPS IFD
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def upload(client, **overrides):
    data = {
        "image": SimpleUploadedFile("convoy.jpg", jpeg_with_gps(), "image/jpeg"),
        "alt": "Trucks on a desert road",
        "caption": "The last convoy leaves Ain al-Asad",
        "credit": "Shafaq News",
    }
    data.update(overrides)
    return client.post(reverse(UPLOAD_URL), data)


def test_a_reporter_uploads_a_picture_and_gets_what_the_editor_inserts(
    reporter_client,
):
    response = upload(reporter_client)
    assert response.status_code == 201
    answer = response.json()
    picture = BodyImage.objects.get(pk=answer["id"])
    assert answer["src"] == picture.image.url
    assert (answer["width"], answer["height"]) == (64, 48)
    with picture.image.open("rb") as stored:
        assert not Image.open(stored).getexif()  # EXIF, GPS included, is gone


@pytest.mark.parametrize("missing", ["alt", "caption", "credit", "image"])
def test_a_picture_without_its_alt_caption_or_credit_is_refused_in_json(
    reporter_client, missing
):
    response = upload(reporter_client, **{missing: ""})
    assert response.status_code == 400
    assert missing in response.json()["errors"]
    assert not BodyImage.objects.exists()


def test_an_svg_is_refused_as_a_body_picture(reporter_client):
    svg = SimpleUploadedFile("x.svg", b"<svg onload='alert(1)'/>", "image/svg+xml")
    response = upload(reporter_client, image=svg)
    assert response.status_code == 400
    assert "SVG" in str(response.json()["errors"]["image"])


def test_uploading_needs_a_signed_in_staff_account(client):
    assert upload(client).status_code == 302  # to the login page


def figure_html(picture, caption="typed caption", src="/evil.png") -> str:
    return (
        f'<figure data-body-image="{picture.pk}"><img src="{src}" alt="x" '
        f'onerror="alert(1)"><figcaption>{caption}</figcaption></figure>'
    )


def test_a_saved_body_rebuilds_each_picture_from_its_upload():
    picture = make_body_image(caption="Real caption", alt="Real alt")
    story = make_article(body=f"<p>Before.</p>{figure_html(picture)}<p>After.</p>")
    assert story.body == (
        "<p>Before.</p>"
        f'<figure data-body-image="{picture.pk}"><img src="{picture.image.url}" '
        f'alt="Real alt" width="40" height="30"><figcaption>Real caption'
        "</figcaption></figure><p>After.</p>"
    )


HOSTILE = [
    '<img src="/media/x.png" alt="stray">',
    '<img src="x" onerror="alert(1)">',
    '<figure data-body-image="999999"><img src="/a.png" alt=""></figure>',
    "<figure><img src='javascript:alert(1)'></figure>",
    '<figure data-body-image="1" style="x"><script>alert(1)</script></figure>',
    "<figcaption>loose caption</figcaption>",
    '<img src="https://tracker.example/pixel.gif">',
    '<svg><image href="x" onload="alert(1)"/></svg>',
    '<p style="color:red" onclick="alert(1)">Text</p>',
]


@pytest.mark.parametrize("html", HOSTILE)
def test_nothing_but_known_pictures_survives_in_a_body(html):
    story = make_article(body=f"<p>Keep.</p>{html}")
    body = story.body
    assert "<p>Keep.</p>" in body
    for forbidden in ["onerror", "onload", "onclick", "script", "style", "javascript"]:
        assert forbidden not in body
    assert "<img" not in body and "<figure" not in body and "<svg" not in body


def test_readers_see_the_picture_as_renditions_with_caption_and_credit(client):
    picture = make_body_image(caption="Trucks leave", credit="Ali Hassan")
    story = make_article(body=f"<p>Text.</p>{figure_html(picture)}")
    html = client.get(story.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in html and "srcset=" in html
    assert "Trucks leave" in html and "Ali Hassan" in html
    assert "typed caption" not in html and "/evil.png" not in html


def test_the_block_types_a_news_story_needs_survive_saving():
    body = (
        "<h2>Sub-heading</h2><h3>Smaller</h3><ul><li>One</li></ul><ol><li>Two</li>"
        '</ol><blockquote><p>Quoted.</p></blockquote><p><a href="https://example.org'
        '/report">a link</a> and <strong>bold</strong> text</p>'
    )
    story = make_article(body=body)
    assert story.body == body


def test_word_count_and_reading_time_ignore_markup_and_pictures():
    picture = make_body_image()
    words = " ".join(["word"] * 460)
    story = make_article(
        body=f"<h2>Two words</h2><p>{words}</p>{figure_html(picture)}<p>end</p>"
    )
    assert story.word_count == 463
    assert story.reading_minutes == 3  # 463 words at 230 a minute, rounded up
    assert Article(body="").reading_minutes == 1


def test_the_story_form_shows_the_word_count_beside_the_body(editor_client):
    story = make_article(body="<p>Three small words.</p>", status="draft")
    html = editor_client.get(
        reverse("admin:articles_article_change", args=[story.pk])
    ).content.decode()
    assert 'class="desk-wordcount"' in html
    assert "3 words · about 1 min read" in html


def test_partners_get_pictures_with_absolute_addresses_caption_and_credit(
    api_client, settings
):
    settings.SITE_URL = "https://news.example.org"
    picture = make_body_image(caption="Trucks leave", credit="Ali Hassan")
    story = make_article(body=f"<p>Text.</p>{figure_html(picture)}")
    api = api_client.get(f"/api/v1/articles/{story.uuid}/").json()["body"]
    ninjs = api_client.get(f"/api/v1/articles/{story.uuid}/?format=ninjs").json()
    for body in [api, ninjs["bodies"][0]["value"]]:
        assert f'src="https://news.example.org{picture.image.url}"' in body
        assert "Trucks leave" in body and "Ali Hassan" in body
        assert "data-body-image" not in body
