import pytest
from django.core.files.storage import FileSystemStorage, default_storage

from articles.images import rendition_widths, renditions
from tests.factories import make_article
from tests.public.conftest import jpeg_upload

pytestmark = pytest.mark.django_db


def test_renditions_are_made_in_webp_and_jpeg_at_each_width(db):
    article = make_article(
        lead_image=jpeg_upload(size=(1600, 900)), lead_image_alt="A base"
    )

    versions = renditions(article.lead_image)

    assert [r.width for r in versions["webp"]] == [480, 800, 1200]
    assert [r.height for r in versions["jpg"]] == [270, 450, 675]
    assert all(r.url.endswith(".webp") for r in versions["webp"])


def test_renditions_are_made_once_and_reused(db, monkeypatch):
    article = make_article(lead_image=jpeg_upload(), lead_image_alt="A base")
    renditions(article.lead_image)
    saved = []
    monkeypatch.setattr(
        FileSystemStorage, "save", lambda *args, **kw: saved.append(args)
    )

    again = renditions(article.lead_image)

    assert saved == []
    assert len(again["jpg"]) == 3


def test_a_small_image_is_never_enlarged():
    assert rendition_widths(600) == [480, 600]
    assert rendition_widths(300) == [300]
    assert rendition_widths(4000) == [480, 800, 1200]


def test_a_transparent_png_gets_a_white_background(db):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (500, 300), (0, 0, 0, 0)).save(buffer, "PNG")
    article = make_article(
        lead_image=SimpleUploadedFile("map.png", buffer.getvalue()),
        lead_image_alt="A map",
    )

    jpeg = renditions(article.lead_image)["jpg"][0]

    with default_storage.open(jpeg.url.removeprefix("/media/")) as file:
        assert Image.open(file).getpixel((10, 10)) == (255, 255, 255)


def test_renditions_are_recorded_on_save_so_lists_never_ask_storage(
    client, monkeypatch
):
    for n in range(3):
        make_article(lead_image=jpeg_upload(f"lead{n}.jpg"), lead_image_alt="A base")

    def no_storage_calls(*args, **kwargs):
        raise AssertionError("storage asked whether a rendition exists")

    monkeypatch.setattr(FileSystemStorage, "exists", no_storage_calls)
    data = client.get("/api/v1/articles/").json()["results"]
    ninjs = client.get("/api/v1/articles/?format=ninjs").json()

    assert all(len(item["lead_image"]["renditions"]) == 6 for item in data)
    assert len(ninjs["results"]) == 3


def test_a_story_saved_before_records_existed_gets_its_record_on_first_read(db):
    from articles.models import Article

    article = make_article(lead_image=jpeg_upload(), lead_image_alt="A base")
    Article.objects.filter(pk=article.pk).update(lead_image_renditions={})
    article.refresh_from_db()

    renditions(article.lead_image)

    article.refresh_from_db()
    assert article.lead_image_renditions["original"] == article.lead_image.name
    assert len(article.lead_image_renditions["jpg"]) == 3
