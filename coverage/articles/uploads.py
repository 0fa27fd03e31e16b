"""Safe image uploads: check with Pillow, then strip location metadata before storing.

`prepare_image(file)` is the one entry point, through the admin's LeadImageField (the
write API takes no images); anything that accepts an image later must call it too. It
refuses what is not a real JPEG, PNG, WebP or GIF (SVG included: it can carry
scripts), files over settings.MAX_IMAGE_UPLOAD_BYTES, pictures whose frames hold more
than settings.MAX_IMAGE_PIXELS pixels in all (every frame of an animation is decoded,
so every frame counts) or more than settings.MAX_IMAGE_FRAMES frames, and
decompression bombs, each with a message an editor understands.

What cameras and phones produce is normalised before it is stored: a multi-picture
JPEG (MPO, CIPA DC-007) keeps its first picture as a plain JPEG, 16-bit data is scaled
to 8 bits, the EXIF orientation is turned into upright pixels. The copy carries no
EXIF (GPS position, camera serial numbers), XMP or IPTC: photographers in a conflict
zone must not be located through a published picture. The colour profile is kept;
renditions (articles.images) convert to sRGB.
"""

import io
import warnings
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from articles.images import normalised

ALLOWED_FORMATS = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
# Pillow's name for a multi-picture JPEG; stored as the JPEG of its first picture.
STORED_FORMATS = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "WEBP": "WEBP",
    "GIF": "GIF",
}
KEPT_INFO = {"transparency", "duration", "loop", "background", "dpi"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def _looks_like_svg(file, head: bytes) -> bool:
    name = (getattr(file, "name", "") or "").lower()
    text = head.lstrip().lower()
    return name.endswith((".svg", ".svgz")) or text.startswith(
        (b"<?xml", b"<svg", b"<!doctype svg")
    )


def _open(file) -> Image.Image:
    """Open the upload with Pillow, turning every way it can fail into a clear message."""
    file.seek(0)
    head = file.read(512)
    file.seek(0)
    if _looks_like_svg(file, head):
        raise ValidationError(
            _(
                "SVG files are not accepted (they can carry scripts). Upload a JPEG, PNG, WebP or GIF."
            ),
            code="svg",
        )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that; we refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _(
                "This picture is far too large once decompressed; it looks like a decompression bomb."
            ),
            code="decompression_bomb",
        ) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise ValidationError(
            _(
                "This file is not a picture we can read. Upload a JPEG, PNG, WebP or GIF."
            ),
            code="not_an_image",
        ) from None
    return image


def check_image(file) -> Image.Image:
    """The opened image, if the upload is acceptable; ValidationError otherwise."""
    size = getattr(file, "size", None)
    if size is not None and size > settings.MAX_IMAGE_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.MAX_IMAGE_UPLOAD_BYTES),
            },
            code="too_big",
        )
    image = _open(file)
    if image.format not in STORED_FORMATS:
        message = (
            _("%(format)s pictures are not accepted. Upload a JPEG, PNG, WebP or GIF.")
            % {"format": image.format}
            if image.format
            else _(
                "This kind of picture is not accepted. Upload a JPEG, PNG, WebP or GIF."
            )
        )
        raise ValidationError(message, code="format")
    width, height = image.size
    if width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "The picture is %(width)s × %(height)s pixels; the most accepted is %(limit)s million pixels."
            )
            % {
                "width": width,
                "height": height,
                "limit": round(settings.MAX_IMAGE_PIXELS / 1e6, 1),
            },
            code="too_many_pixels",
        )
    frames = stored_frames(image)
    if frames > settings.MAX_IMAGE_FRAMES:
        raise ValidationError(
            _("The animation has %(frames)s frames; the most accepted is %(limit)s.")
            % {"frames": frames, "limit": settings.MAX_IMAGE_FRAMES},
            code="too_many_frames",
        )
    if frames * width * height > settings.MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "The animation has %(frames)s frames of %(width)s × %(height)s pixels, %(total)s million pixels in all; the most accepted is %(limit)s million."
            )
            % {
                "frames": frames,
                "width": width,
                "height": height,
                "total": round(frames * width * height / 1e6, 1),
                "limit": round(settings.MAX_IMAGE_PIXELS / 1e6, 1),
            },
            code="too_many_pixels",
        )
    try:
        image.load()
    except Exception:  # Pillow raises many kinds for truncated or corrupt data
        raise ValidationError(
            _(
                "The picture is damaged or incomplete. Export it again and upload the new file."
            ),
            code="corrupt",
        ) from None
    return image


def stored_frames(image: Image.Image) -> int:
    """How many frames will be decoded and stored: an MPO keeps only its first."""
    if image.format == "MPO":
        return 1
    return getattr(image, "n_frames", 1)


def strip_metadata(image: Image.Image) -> bytes:
    """The picture re-encoded in its stored format with no EXIF, XMP or IPTC."""
    stored_format = STORED_FORMATS[image.format]
    animated = stored_frames(image) > 1
    icc_profile = image.info.get("icc_profile")
    options = {"format": stored_format}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if animated:
        options.update(save_all=True)
        if "duration" in image.info:
            options["duration"] = image.info["duration"]
        if "loop" in image.info:
            options["loop"] = image.info["loop"]
    else:
        # One upright 8-bit frame, since the EXIF (orientation included) goes.
        image.seek(0)
        image = normalised(image)
    if stored_format == "JPEG":
        options.update(quality=92, optimize=True)
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
    elif stored_format == "WEBP":
        options.update(quality=90)
    # Keep what drawing the picture needs; EXIF, XMP, IPTC and comments go.
    image.info = {k: v for k, v in image.info.items() if k in KEPT_INFO}
    output = io.BytesIO()
    image.save(output, **options)
    return output.getvalue()


def prepare_image(file) -> SimpleUploadedFile:
    """Check an upload and return a copy safe to store (see the module docstring)."""
    image = check_image(file)
    data = strip_metadata(image)
    stem = PurePath(getattr(file, "name", "") or "image").stem[:80] or "image"
    stored_format = STORED_FORMATS[image.format]
    return SimpleUploadedFile(
        f"{stem}.{EXTENSIONS[stored_format]}",
        data,
        content_type=ALLOWED_FORMATS[stored_format],
    )


class LeadImageField(forms.ImageField):
    """A form field that runs prepare_image before Django's own image checks."""

    def to_python(self, data):
        if data in self.empty_values:
            return None
        return super().to_python(prepare_image(data))
