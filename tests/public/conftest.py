"""A small published world for the reader pages: one story with everything attached."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Correction
from events.models import Event, Place, Precision
from sources.models import Source
from tests.factories import (
    hours_ago,
    make_article,
    make_author,
    make_correction,
    make_event,
    make_figure,
    make_place,
    make_quote,
    make_section,
    make_source,
    make_topic,
)


def jpeg_upload(name="lead.jpg", size=(1600, 900)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 90, 120)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def world(db):
    """The founding story's shape: a story, its sources, places, events and figures."""
    section = make_section(name="Security", slug="security")
    isis = make_topic(name="ISIS", slug="isis", aliases="IS\nDaesh", is_featured=True)
    base = make_place(
        name="Ain al-Asad",
        slug="ain-al-asad",
        kind=Place.Kind.AIRBASE,
        aliases="عين الأسد",
    )
    hasakah = make_place(name="Hasakah", slug="hasakah")
    general = make_source(
        name="Adnan al-Kinani",
        slug="adnan-al-kinani",
        role="retired brigadier general",
        aliases="عدنان الكناني",
    )
    centcom = make_source(
        name="US Central Command", slug="centcom", kind=Source.Kind.ORGANISATION
    )
    story = make_article(
        headline="Iraq takes over Ain al-Asad as detainees arrive",
        slug="iraq-takes-over-ain-al-asad",
        standfirst="The withdrawal and the transfer of ISIS detainees overlap.",
        body="<p>The transfer of 150 detainees from Hasakah began.</p>",
        section=section,
        topics=[isis],
        places=[base, hasakah],
        authors=[make_author(name="Shafaq News staff", slug="staff")],
        dateline=base,
        publish_at=hours_ago(5),
    )
    older = make_article(
        headline="Border of 618 km under layered defences",
        slug="border-618-km",
        section=section,
        topics=[isis],
        places=[hasakah],
        publish_at=hours_ago(30),
    )
    story.related_articles.add(older)
    make_quote(
        article=story, source=general, text="The decision did not come as a surprise."
    )
    withdrawal = make_event(
        title="US forces leave Ain al-Asad",
        slug="ain-al-asad-withdrawal",
        date=datetime.date(2026, 1, 17),
        place=base,
        category=Event.Category.WITHDRAWAL,
        articles=[story],
        actors=[centcom],
        topics=[isis],
    )
    transfer = make_event(
        title="150 detainees transferred from Hasakah",
        slug="transfer-150-detainees",
        date=datetime.date(2026, 1, 1),
        date_precision=Precision.MONTH,
        place=hasakah,
        category=Event.Category.DETAINEE_TRANSFER,
        articles=[story, older],
        actors=[centcom],
    )
    make_figure(
        value=150,
        unit="detainees",
        counts="detainees transferred",
        event=transfer,
        article=story,
        source=centcom,
    )
    make_figure(
        value=12000, qualifier="about", counts="foreign fighters held", place=hasakah
    )
    make_correction(
        article=story, kind=Correction.Kind.UPDATE, text="Adds the CENTCOM figure."
    )
    return {
        "story": story,
        "older": older,
        "section": section,
        "topic": isis,
        "place": base,
        "hasakah": hasakah,
        "source": general,
        "centcom": centcom,
        "withdrawal": withdrawal,
        "transfer": transfer,
    }
