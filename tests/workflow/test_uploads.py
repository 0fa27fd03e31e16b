"""Lead images: real pictures only, within limits, stored without location metadata."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article
from tests.factories import make_article, make_topic
from tests.workflow.admin_forms import change_form_data, change_url

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS R5"
    exif[GPS_IFD] = {1: "N", 2: (33.0, 47.0, 52.0), 3: "E", 4: (42.0, 26.0, 29.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "olive").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def upload(editor_client, article, name, content, **overrides):
    page = editor_client.get(change_url(article))
    data = change_form_data(
        page,
        lead_image=SimpleUploadedFile(name, content),
        lead_image_alt="A convoy",
        **overrides,
    )
    return editor_client.post(change_url(article), data)


@pytest.fixture
def article(db):
    return make_article(topics=[make_topic()])


def test_the_gps_position_is_stripped_before_the_image_is_stored(
    editor_client, article
):
    assert Image.open(io.BytesIO(jpeg_with_gps())).getexif().get_ifd(GPS_IFD)

    response = upload(editor_client, article, "convoy.jpg", jpeg_with_gps())

    assert response.status_code == 302
    article = Article.objects.get(pk=article.pk)
    with article.lead_image.open("rb") as stored:
        image = Image.open(stored)
        exif = image.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert GPS_IFD not in exif
        assert 0x0110 not in exif  # camera model (and serial numbers) go too
        assert image.size == (64, 48)
    assert article.lead_image_width == 64


def test_a_decompression_bomb_is_refused_with_a_clear_message(editor_client, article):
    response = upload(editor_client, article, "bomb.png", png_claiming(50_000, 50_000))
    assert response.status_code == 200
    assert "decompression bomb" in response.content.decode()
    assert not Article.objects.get(pk=article.pk).lead_image


def test_a_picture_over_the_pixel_limit_is_refused(editor_client, article, settings):
    settings.MAX_IMAGE_PIXELS = 1000
    response = upload(editor_client, article, "big.png", png_claiming(100, 100))
    assert "the most accepted is" in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(editor_client, article, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    response = upload(editor_client, article, "convoy.jpg", jpeg_with_gps())
    assert "the largest accepted is" in response.content.decode()


def test_a_file_that_is_not_a_picture_is_refused(editor_client, article):
    response = upload(editor_client, article, "report.jpg", b"%PDF-1.7 not a picture")
    assert response.status_code == 200
    assert "This file is not a picture we can read" in response.content.decode()


def test_an_svg_is_refused(editor_client, article):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = upload(editor_client, article, "map.svg", svg)
    assert response.status_code == 200
    assert "SVG files are not accepted" in response.content.decode()


def test_an_svg_renamed_to_png_is_refused_too(editor_client, article):
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'
    response = upload(editor_client, article, "map.png", svg)
    assert "SVG files are not accepted" in response.content.decode()


def test_an_allowed_format_keeps_its_format(editor_client, article):
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 0, 0, 0)).save(buffer, "PNG")
    upload(editor_client, article, "chart.png", buffer.getvalue())
    stored = Article.objects.get(pk=article.pk).lead_image
    assert stored.name.endswith(".png")
    with stored.open("rb") as file:
        assert Image.open(file).format == "PNG"
