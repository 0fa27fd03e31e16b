"""Media on an S3-compatible object store: upload, render, fetch the renditions."""

import io
import urllib.request
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import WIDTHS
from tests.factories import make_article, make_topic
from tests.operations.conftest import settings_from_environment
from tests.workflow.admin_forms import change_form_data, change_url


def jpeg_with_location(size=(1600, 900)) -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (33.0, 47.0, 52.0), 3: "E", 4: (42.0, 26.0, 29.0)}
    buffer = io.BytesIO()
    Image.new("RGB", size, "olive").save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_without_a_bucket_media_stays_on_local_disk():
    configured = settings_from_environment()

    assert configured["storage"]["BACKEND"].endswith("FileSystemStorage")
    assert configured["img_src"] == ["'self'", "data:"]


def test_a_bucket_on_aws_itself_is_addressed_by_virtual_host():
    configured = settings_from_environment(
        AWS_STORAGE_BUCKET_NAME="shafaq-media", AWS_S3_REGION_NAME="eu-central-1"
    )

    assert configured["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert configured["storage"]["OPTIONS"]["addressing_style"] == "virtual"
    assert "https://shafaq-media.s3.eu-central-1.amazonaws.com" in configured["img_src"]


def test_a_custom_media_domain_is_what_pages_may_load_images_from():
    configured = settings_from_environment(
        AWS_STORAGE_BUCKET_NAME="shafaq-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )

    assert configured["img_src"] == ["'self'", "data:", "https://media.example.org"]


@pytest.mark.django_db
def test_an_uploaded_lead_image_is_stored_rendered_and_served_from_the_bucket(
    bucket, editor_client
):
    client, name = bucket
    article = make_article(topics=[make_topic()])
    page = editor_client.get(change_url(article))
    data = change_form_data(
        page,
        lead_image=SimpleUploadedFile("convoy.jpg", jpeg_with_location()),
        lead_image_alt="A convoy leaves the base",
    )

    saved = editor_client.post(change_url(article), data)

    assert saved.status_code == 302
    article.refresh_from_db()
    stored = client.get_object(Bucket=name, Key=f"media/{article.lead_image.name}")
    original = Image.open(io.BytesIO(stored["Body"].read()))
    assert original.size == (1600, 900)
    assert 0x8825 not in original.getexif()  # the upload pipeline still strips GPS

    story = editor_client.get(article.get_absolute_url())
    assert story.status_code == 200
    soup = BeautifulSoup(story.text, "html.parser")
    picture = soup.find("picture")
    urls = [picture.img["src"]]
    for tag in [picture.img, *picture.find_all("source")]:
        urls += [part.split()[0] for part in tag["srcset"].split(",")]
    assert len(set(urls)) == 2 * len(WIDTHS)
    img_src = story["Content-Security-Policy"].split("img-src")[1].split(";")[0]
    for url in set(urls):
        parts = urlsplit(url)
        assert f"{parts.scheme}://{parts.netloc}" in img_src.split()
        status, body = fetch(url)
        assert status == 200
        picture_file = Image.open(io.BytesIO(body))
        assert picture_file.format in {"JPEG", "WEBP"}
        assert f"{picture_file.width}w" in url

    listed = client.list_objects_v2(Bucket=name, Prefix="media/renditions/")
    assert listed["KeyCount"] == 2 * len(WIDTHS)


@pytest.mark.django_db
def test_renditions_already_in_the_bucket_are_found_and_not_made_again(
    bucket, monkeypatch
):
    from articles.images import renditions

    article = make_article(
        lead_image=SimpleUploadedFile("base.jpg", jpeg_with_location((900, 600))),
        lead_image_alt="A base",
    )
    first = renditions(article.lead_image)
    saves = []
    monkeypatch.setattr(
        type(default_storage._wrapped), "save", lambda *a, **k: saves.append(a)
    )

    again = renditions(article.lead_image)

    assert saves == []
    assert again == first


@pytest.mark.django_db
def test_two_uploads_with_the_same_name_never_overwrite_each_other(bucket):
    first = default_storage.save("lead/photo.jpg", io.BytesIO(b"first"))
    second = default_storage.save("lead/photo.jpg", io.BytesIO(b"second"))

    assert first != second
    assert default_storage.open(first).read() == b"first"


@pytest.mark.django_db
def test_the_bucket_is_asked_about_renditions_on_save_and_never_by_a_page(
    bucket, monkeypatch
):
    from articles.images import renditions

    article = make_article(
        lead_image=SimpleUploadedFile("base.jpg", jpeg_with_location((900, 600))),
        lead_image_alt="A base",
    )
    storage_class = type(default_storage._wrapped)
    real_exists = storage_class.exists
    asked = []

    def counting_exists(storage, name):
        asked.append(name)
        return real_exists(storage, name)

    monkeypatch.setattr(storage_class, "exists", counting_exists)

    # Saving made them and recorded them on the row (articles/images.py).
    first = renditions(article.lead_image)
    second = renditions(article.lead_image)

    assert asked == []
    assert [r.width for r in first["jpg"]] == [480, 800, 900]
    assert [r.width for r in first["webp"]] == [480, 800, 900]
    assert second == first
