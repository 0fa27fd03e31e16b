"""Lead-image renditions: a few widths, in WebP and JPEG, made once and then reused.

A rendition is made the first time a page asks for it and stored under a name derived
from the original's name, so every later request (from any process or machine sharing
the storage) finds it with one existence check. Making them lazily rather than on save
keeps uploads fast, also covers images added by seed_demo or the API, and lets us change
WIDTHS later without a migration; the page cache means the check runs only on a miss.
"""

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db.models.fields.files import ImageFieldFile
from PIL import Image, ImageOps

WIDTHS = (480, 800, 1200)
FORMATS = {"webp": "WEBP", "jpg": "JPEG"}
QUALITY = 80
# How long the cache vouches for a rendition it saw (a day: should someone delete
# renditions by hand, pages make them again by the next day).
KNOWN_RENDITION_SECONDS = 24 * 60 * 60


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
    """Renditions of `image` per format ("webp", "jpg"), narrowest first."""
    width, height = _dimensions(image)
    storage = image.storage
    source = None
    result = {extension: [] for extension in FORMATS}
    wanted = [
        (target, extension, rendition_name(image.name, target, extension))
        for target in rendition_widths(width)
        for extension in FORMATS
    ]
    # On an object store every existence check is an HTTP request; a list page
    # would make six per card. Renditions never change once made, so what the
    # shared cache knows exists is not asked again.
    known = cache.get_many([_exists_key(name) for _, _, name in wanted])
    found = {}
    for target, extension, name in wanted:
        target_height = max(1, round(height * target / width))
        if _exists_key(name) not in known:
            if not storage.exists(name):
                source = source or _open(image)
                storage.save(
                    name, _encode(source, target, target_height, FORMATS[extension])
                )
            found[_exists_key(name)] = True
        result[extension].append(Rendition(storage.url(name), target, target_height))
    if found:
        cache.set_many(found, timeout=KNOWN_RENDITION_SECONDS)
    return result


def _exists_key(name: str) -> str:
    return f"rendition:{name}"


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
