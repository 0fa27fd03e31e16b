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
from PIL import Image, ImageCms, ImageOps

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
    """Make or find the renditions of `article`'s lead image (or of `image`, any
    picture) and record them on a story's row (one UPDATE, no signals) unless the
    record is current; returns the record."""
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
    if _keeps_a_record(article):
        if article.pk is not None:
            type(article).objects.filter(pk=article.pk).update(
                lead_image_renditions=record
            )
        article.lead_image_renditions = record
    return record


def _keeps_a_record(instance) -> bool:
    """Whether `instance`'s row records its renditions (a story's lead image); other
    pictures (an author's photo, a picture in a body) are found in storage."""
    return any(
        field.name == "lead_image_renditions"
        for field in instance._meta.concrete_fields
    )


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
    wanted = [
        (target, extension, rendition_name(image.name, target, extension))
        for target in rendition_widths(width)
        for extension in FORMATS
    ]
    # Runs on save (or on the first read of a row never recorded): the record on the
    # row spares lists every later existence check, so no cache of them is kept.
    for target, extension, name in wanted:
        target_height = max(1, round(height * target / width))
        if not storage.exists(name):
            source = source or _open(image)
            storage.save(
                name, _encode(source, target, target_height, FORMATS[extension])
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
        picture.seek(0)
        picture.load()
        return flattened(to_srgb(normalised(picture)))


# Pillow opens 16-bit greyscale as one of these integer modes (0..65535 per pixel).
SIXTEEN_BIT_MODES = {"I;16", "I;16L", "I;16B", "I;16N", "I"}
EIGHT_BIT_MODES = {"1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK"}


def normalised(picture: Image.Image) -> Image.Image:
    """The current frame, upright, with 8 bits per channel, keeping its alpha and profile.

    EXIF orientation is applied to the pixels (the EXIF is dropped later). 16-bit
    greyscale is scaled to 0..255 rather than clipped, which would turn everything
    brighter than 1/256 white; floating-point data (0.0..1.0) likewise. Palette,
    bilevel and other modes become L, LA, RGB or RGBA.
    """
    icc_profile = picture.info.get("icc_profile")
    picture = ImageOps.exif_transpose(picture)
    if picture.mode in SIXTEEN_BIT_MODES:
        picture = picture.convert("I").point(lambda value: value * (1 / 256))
        picture = picture.convert("L")
    elif picture.mode == "F":
        picture = picture.point(lambda value: value * 255).convert("L")
    elif picture.mode in ("P", "PA"):
        has_alpha = picture.mode == "PA" or "transparency" in picture.info
        picture = picture.convert("RGBA" if has_alpha else "RGB")
    elif picture.mode == "1":
        picture = picture.convert("L")
    elif picture.mode not in EIGHT_BIT_MODES:
        # LAB, YCbCr, HSV, I;16 variants with alpha...: RGB, keeping any alpha.
        picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
    if icc_profile:
        picture.info["icc_profile"] = icc_profile
    return picture


def to_srgb(picture: Image.Image) -> Image.Image:
    """The picture's colours converted from its embedded ICC profile to sRGB.

    Phones save Display P3 and cameras Adobe RGB or CMYK; renditions carry no profile,
    so browsers read them as sRGB and would show washed-out or shifted colours. A
    picture without a profile is taken to be sRGB already; an unreadable profile is
    ignored rather than refusing the picture.
    """
    icc_profile = picture.info.pop("icc_profile", None)
    if picture.mode == "CMYK" or (icc_profile and picture.mode in ("L", "RGB", "RGBA")):
        output_mode = "RGBA" if picture.mode == "RGBA" else "RGB"
        if icc_profile:
            try:
                source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
                return ImageCms.profileToProfile(
                    picture, source, SRGB, outputMode=output_mode
                )
            except (ImageCms.PyCMSError, OSError, ValueError):
                pass
        return picture.convert(output_mode)
    return picture


SRGB = ImageCms.createProfile("sRGB")


def flattened(picture: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white (JPEG has no alpha)."""
    if "A" in picture.getbands():
        rgba = picture.convert("RGBA")
        background = Image.new("RGB", picture.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")


def _encode(
    picture: Image.Image, width: int, height: int, pillow_format: str
) -> ContentFile:
    buffer = io.BytesIO()
    picture.resize((width, height), Image.Resampling.LANCZOS).save(
        buffer, pillow_format, quality=QUALITY, optimize=True
    )
    return ContentFile(buffer.getvalue())
