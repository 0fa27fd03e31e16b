"""The typefaces ship with the site: every @font-face file exists, swaps and is licensed."""

import re
from pathlib import Path

from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
CSS = (STATIC / "css" / "site.css").read_text()
FACES = re.findall(r"@font-face\s*{([^}]*)}", CSS)


def test_every_font_face_points_at_a_shipped_woff2_and_swaps():
    assert len(FACES) >= 2
    for face in FACES:
        (url,) = re.findall(r'url\("\.\./fonts/([^"]+)"\)', face)
        assert (STATIC / "fonts" / url).is_file(), url
        assert url.endswith(".woff2")
        assert "font-display: swap" in face
        assert "unicode-range" in face  # downloaded only for the script it draws


def test_the_arabic_editions_and_latin_headlines_use_the_shipped_faces():
    families = set(re.findall(r'font-family: "([^"]+)"', "".join(FACES)))

    assert families == {"Noto Naskh Arabic", "Source Serif 4"}
    assert re.search(r'--font-arabic: "Noto Naskh Arabic"', CSS)
    assert re.search(r'--font-serif: "Source Serif 4"', CSS)
    assert "DejaVu" not in CSS


def test_each_typeface_ships_with_its_open_font_licence():
    for licence in ("NotoNaskhArabic-OFL.txt", "SourceSerif4-OFL.txt"):
        text = (STATIC / "fonts" / licence).read_text()
        assert "SIL Open Font License" in text
