"""Lead-image renditions: a few widths, in WebP and JPEG, made once and then reused.

Renditions are made when a story with a lead image is saved and recorded on its row
(`Article.lead_image_renditions`: the original's name and, per format, each
rendition's name and size), so reading them costs no storage call: an API page of 50
stories used to ask storage whether six files existed for each. A story whose record
is missing or names another original (saved before this existed, or written by
update()) gets its renditions made or found on first read and recorded then. Names
derive from the original's name, so any process or machine sharing the storage finds
the same files; a change of WIDTHS or FORMATS makes records stale and they are redone.
"""

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, ImageOps

WIDTHS = (480, 800, 1200)
FORMATS = {"webp": "WEBP", "jpg": "JPEG"}
QUALITY = 80


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def rendition_name(original: str, width: int, extension: str) -> str:
    """A stable storage name for one rendition of `original`."""
    digest = hashlib.sha256(original.encode()).hexdigest()[:16]
    stem = PurePosixPath(original).stem[:60]
    return f"renditions/{digest}/{stem}-{width}w.{extension}"


def rendition_widths(original_width: int) -> list[int]:
    """The widths to offer: WIDTHS up to the original's, never enlarging it."""
    widths = [width for width in WIDTHS if width < original_width]
    if original_width <= WIDTHS[-1]:
        widths.append(original_width)
    return widths


def renditions(image: ImageFieldFile) -> dict[str, list[Rendition]]:
    """Renditions of `image` per format ("webp", "jpg"), narrowest first: from the
    record on the row when it is current, else made (or found) and recorded."""
    record = getattr(image.instance, "lead_image_renditions", None)
    if not _is_current(record, image):
        record = record_renditions(image.instance, image)
    url = image.storage.url
    return {
        extension: [Rendition(url(name), w, h) for name, w, h in record[extension]]
        for extension in FORMATS
    }


def _is_current(record, image) -> bool:
    return (
        bool(record)
        and record.get("original") == image.name
        and record.get("widths") == list(WIDTHS)
        and all(extension in record for extension in FORMATS)
    )


def record_renditions(article, image: ImageFieldFile | None = None) -> dict:
    """Make or find the renditions of `article`'s lead image and record them on its
    row (one UPDATE, no signals) unless the record is current; returns the record."""
    image = image if image is not None else article.lead_image
    current = getattr(article, "lead_image_renditions", None)
    if not image:
        if current:
            type(article).objects.filter(pk=article.pk).update(lead_image_renditions={})
            article.lead_image_renditions = {}
        return {}
    if _is_current(current, image):
        return current
    made = _make_renditions(image)
    record = {
        "original": image.name,
        "widths": list(WIDTHS),
        **{
            extension: [[r.name, r.width, r.height] for r in items]
            for extension, items in made.items()
        },
    }
    if article.pk is not None:
        type(article).objects.filter(pk=article.pk).update(lead_image_renditions=record)
    article.lead_image_renditions = record
    return record


@dataclass(frozen=True)
class _Made:
    name: str
    width: int
    height: int


def _make_renditions(image: ImageFieldFile) -> dict[str, list[_Made]]:
    """Renditions of `image` per format, made where storage lacks them."""
    width, height = _dimensions(image)
    storage = image.storage
    source = None
    result = {extension: [] for extension in FORMATS}
    for target in rendition_widths(width):
        target_height = max(1, round(height * target / width))
        for extension, pillow_format in FORMATS.items():
            name = rendition_name(image.name, target, extension)
            if not storage.exists(name):
                source = source or _open(image)
                storage.save(
                    name, _encode(source, target, target_height, pillow_format)
                )
            result[extension].append(_Made(name, target, target_height))
    return result


def largest_rendition_url(image: ImageFieldFile) -> str:
    return renditions(image)["jpg"][-1].url


def _dimensions(image: ImageFieldFile) -> tuple[int, int]:
    """The original's size from the model's width/height fields, without opening the file."""
    field = image.field
    width = field.width_field and getattr(image.instance, field.width_field)
    height = field.height_field and getattr(image.instance, field.height_field)
    return (width, height) if width and height else (image.width, image.height)


def _open(image: ImageFieldFile) -> Image.Image:
    with image.open("rb") as file:
        picture = Image.open(file)
        picture.load()
    picture = ImageOps.exif_transpose(picture)
    if picture.mode not in ("RGB", "L"):
        background = Image.new("RGB", picture.size, "white")
        background.paste(picture, mask=picture.convert("RGBA").getchannel("A"))
        picture = background
    return picture.convert("RGB")


def _encode(
    picture: Image.Image, width: int, height: int, pillow_format: str
) -> ContentFile:
    buffer = io.BytesIO()
    picture.resize((width, height), Image.Resampling.LANCZOS).save(
        buffer, pillow_format, quality=QUALITY, optimize=True
    )
    return ContentFile(buffer.getvalue())
