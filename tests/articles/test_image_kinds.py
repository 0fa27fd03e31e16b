"""Every kind of picture a newsroom's cameras, phones and editors produce.

Each kind is a small generated file holding a black-to-white gradient from left to
right. Whatever its mode, bit depth, frames, orientation or colour profile, the stored
copy and every rendition must still show that gradient: dark on the left, mid-grey in
the middle, light on the right, upright.
"""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms

from articles.images import renditions
from articles.uploads import prepare_image
from tests.factories import make_article

WIDTH, HEIGHT = 256, 64


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _raw_png(color_type: int, channels: int) -> bytes:
    """A 16-bit PNG written by hand (Pillow cannot write 16-bit colour)."""
    rows = b""
    for _y in range(HEIGHT):
        row = b"\0"
        for x in range(WIDTH):
            value = x * 257  # 0..65535
            row += struct.pack(">H", value) * channels
        rows += row
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 16, color_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows))
        + _png_chunk(b"IEND", b"")
    )


def _gradient(mode: str = "L") -> Image.Image:
    image = Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT))
    return image.convert(mode)


def _save(image: Image.Image, pillow_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def grey_16_bit_png():
    return _raw_png(color_type=0, channels=1)


def rgb_16_bit_png():
    return _raw_png(color_type=2, channels=3)


def rgba_16_bit_png():
    rows = b""
    for _y in range(HEIGHT):
        rows += b"\0" + b"".join(
            struct.pack(">HHHH", x * 257, x * 257, x * 257, 65535) for x in range(WIDTH)
        )
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 16, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows))
        + _png_chunk(b"IEND", b"")
    )


def mpo_from_a_camera():
    first = _gradient("RGB")
    second = Image.new("RGB", (WIDTH, HEIGHT), "red")  # the second picture is dropped
    return _save(first, "MPO", save_all=True, append_images=[second])


def jpeg_turned_by_exif():
    # A camera held on its side writes the pixels turned and an Orientation tag (6:
    # rotate 90° clockwise to display). Store the gradient turned the other way.
    exif = Image.Exif()
    exif[0x0112] = 6
    turned = _gradient("RGB").transpose(Image.Transpose.ROTATE_90)
    return _save(turned, "JPEG", exif=exif, quality=95)


def cmyk_jpeg():
    return _save(_gradient("RGB").convert("CMYK"), "JPEG", quality=95)


def jpeg_with_srgb_profile():
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _save(_gradient("RGB"), "JPEG", icc_profile=profile, quality=95)


def palette_png():
    return _save(_gradient("RGB").convert("P", palette=Image.Palette.ADAPTIVE), "PNG")


def greyscale_with_alpha_png():
    picture = _gradient("LA")
    return _save(picture, "PNG")


def bilevel_png():
    return _save(_gradient("L").convert("1"), "PNG")  # dithered


def webp():
    return _save(_gradient("RGB"), "WEBP", quality=95)


def animated_gif():
    frames = [_gradient("L").convert("P") for _ in range(3)]
    frames[1] = frames[1].point(
        lambda v: 255 - v
    )  # frames differ, or Pillow merges them
    return _save(frames[0], "GIF", save_all=True, append_images=frames[1:])


KINDS = {
    "16-bit greyscale PNG": grey_16_bit_png,
    "16-bit RGB PNG": rgb_16_bit_png,
    "16-bit RGBA PNG": rgba_16_bit_png,
    "MPO (multi-picture JPEG)": mpo_from_a_camera,
    "JPEG turned by its EXIF orientation": jpeg_turned_by_exif,
    "CMYK JPEG": cmyk_jpeg,
    "JPEG with an sRGB profile": jpeg_with_srgb_profile,
    "palette PNG": palette_png,
    "greyscale PNG with alpha": greyscale_with_alpha_png,
    "bilevel PNG": bilevel_png,
    "WebP": webp,
    "animated GIF": animated_gif,
}


def brightness(image: Image.Image, x: int) -> float:
    """Mean brightness of a column of the picture, 0..255."""
    grey = image.convert("L")
    column = [grey.getpixel((x, y)) for y in range(grey.height)]
    return sum(column) / len(column)


def assert_gradient(image: Image.Image):
    width = image.width
    left, middle, right = (brightness(image, width * n // 8) for n in (1, 4, 7))
    assert left < 70, left
    assert 90 < middle < 165, middle
    assert right > 185, right


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_picture_is_stored_upright_in_8_bits(kind):
    upload = SimpleUploadedFile(f"picture-{kind}", KINDS[kind]())

    stored = Image.open(io.BytesIO(prepare_image(upload).read()))

    assert stored.mode in {"L", "LA", "RGB", "RGBA", "P", "1", "CMYK"}
    assert stored.format in {"JPEG", "PNG", "WEBP", "GIF"}
    assert stored.size == (WIDTH, HEIGHT)
    assert_gradient(stored)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_picture_keeps_its_gradient_in_every_rendition(kind, db):
    article = make_article(
        lead_image=prepare_image(SimpleUploadedFile(f"p-{kind}", KINDS[kind]())),
        lead_image_alt="A gradient",
    )

    versions = renditions(article.lead_image)

    for rendition in versions["jpg"] + versions["webp"]:
        with default_storage.open(rendition.url.removeprefix("/media/")) as file:
            picture = Image.open(file)
            picture.load()
        assert picture.mode == "RGB"
        assert "icc_profile" not in picture.info
        assert_gradient(picture)


def test_an_mpo_is_stored_as_the_jpeg_of_its_first_picture():
    stored = prepare_image(SimpleUploadedFile("camera.jpg", mpo_from_a_camera()))

    picture = Image.open(io.BytesIO(stored.read()))

    assert stored.name.endswith(".jpg")
    assert stored.content_type == "image/jpeg"
    assert picture.format == "JPEG"
    assert getattr(picture, "n_frames", 1) == 1


def test_an_old_16_bit_original_still_gets_dark_renditions(db):
    # Stored before uploads were normalised: renditions normalise on their own.
    article = make_article(
        lead_image=SimpleUploadedFile("scan.png", grey_16_bit_png()),
        lead_image_alt="A scan",
    )

    jpeg = renditions(article.lead_image)["jpg"][0]

    with default_storage.open(jpeg.url.removeprefix("/media/")) as file:
        assert_gradient(Image.open(file))


def animation(frames: int, size: int) -> bytes:
    # Each frame a different grey, or Pillow merges identical frames into one.
    images = [Image.new("L", (size, size), n * 8 % 256) for n in range(frames)]
    return _save(images[0], "GIF", save_all=True, append_images=images[1:])


def test_the_pixel_limit_counts_every_frame_of_an_animation(settings):
    settings.MAX_IMAGE_PIXELS = 40_000  # like 40 Mpx against 2000×2000 frames
    one_frame_fits = animation(frames=1, size=200)
    many_frames_do_not = animation(frames=30, size=200)

    prepare_image(SimpleUploadedFile("still.gif", one_frame_fits))
    with pytest.raises(ValidationError) as refused:
        prepare_image(SimpleUploadedFile("loop.gif", many_frames_do_not))

    assert refused.value.code == "too_many_pixels"
    assert "30 frames" in refused.value.messages[0]


def test_an_animation_with_too_many_frames_is_refused(settings):
    settings.MAX_IMAGE_FRAMES = 10

    with pytest.raises(ValidationError) as refused:
        prepare_image(SimpleUploadedFile("flicker.gif", animation(frames=11, size=4)))

    assert refused.value.code == "too_many_frames"


def test_a_kept_animation_stays_animated():
    stored = prepare_image(SimpleUploadedFile("loop.gif", animation(frames=3, size=8)))

    assert Image.open(io.BytesIO(stored.read())).n_frames == 3
