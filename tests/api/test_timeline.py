import datetime

import pytest

from events.models import Precision
from tests.factories import make_event

URL = "/api/v1/timeline/"


@pytest.mark.django_db
def test_timeline_is_timelinejs_data_with_a_title_slide(api_client):
    make_event(title="Ain al-Asad handed over", slug="ain-al-asad-handover")

    data = api_client.get(URL).json()

    assert data["title"]["text"]["headline"]
    slide = data["events"][0]
    assert slide["unique_id"] == "ain-al-asad-handover"
    assert slide["text"]["headline"] == "Ain al-Asad handed over"
    assert slide["group"] == "Withdrawal"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (Precision.DAY, {"year": 2026, "month": 1, "day": 21}),
        (Precision.MONTH, {"year": 2026, "month": 1}),
        (Precision.YEAR, {"year": 2026}),
    ],
)
def test_dates_are_only_as_precise_as_known(api_client, precision, expected):
    make_event(date=datetime.date(2026, 1, 21), date_precision=precision)

    slide = api_client.get(URL).json()["events"][0]

    assert slide["start_date"] == expected


@pytest.mark.django_db
def test_an_end_date_is_sent_with_the_same_precision(api_client):
    make_event(
        date=datetime.date(2026, 1, 5),
        end_date=datetime.date(2026, 2, 9),
        date_precision=Precision.MONTH,
    )

    slide = api_client.get(URL).json()["events"][0]

    assert slide["end_date"] == {"year": 2026, "month": 2}


def test_timeline_links_only_published_coverage(
    api_client, published_article, hidden_articles
):
    make_event(articles=[published_article, *hidden_articles])

    text = api_client.get(URL).json()["events"][0]["text"]["text"]

    assert published_article.get_absolute_url() in text
    for article in hidden_articles:
        assert article.slug not in text
        assert article.headline not in text


@pytest.mark.django_db
def test_timeline_takes_the_event_filters(api_client):
    make_event(category="withdrawal", slug="withdrawn")
    make_event(category="attack", slug="attacked")

    events = api_client.get(URL, {"category": "attack"}).json()["events"]

    assert [e["unique_id"] for e in events] == ["attacked"]


@pytest.mark.django_db
def test_bad_timeline_filter_is_400(api_client):
    response = api_client.get(URL, {"from": "someday"})

    assert response.status_code == 400
    assert "from" in response.json()


@pytest.mark.django_db
def test_timeline_can_be_loaded_from_another_site(api_client):
    make_event()

    response = api_client.get(URL)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_timeline_sends_the_newest_window_and_links_the_earlier_one(
    api_client, monkeypatch
):
    monkeypatch.setattr("partners.api.events.TimelineViewSet.WINDOW", 3)
    for n in range(5):
        make_event(slug=f"step-{n}", date=datetime.date(2025, n + 1, 1))

    newest = api_client.get(URL)
    earlier_url = newest["Link"].split(">")[0].lstrip("<")
    earlier = api_client.get(earlier_url)

    assert [s["unique_id"] for s in newest.json()["events"]] == [
        "step-2",
        "step-3",
        "step-4",
    ]
    assert "before=2025-03-01" in earlier_url
    assert [s["unique_id"] for s in earlier.json()["events"]] == ["step-0", "step-1"]
    assert "Link" not in earlier


@pytest.mark.django_db
def test_a_window_never_splits_a_day(api_client, monkeypatch):
    monkeypatch.setattr("partners.api.events.TimelineViewSet.WINDOW", 2)
    for n in range(3):
        make_event(slug=f"same-day-{n}", date=datetime.date(2025, 5, 1))

    data = api_client.get(URL).json()

    assert len(data["events"]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("before", ["yesterday", "0001-01-01", "2026-13-01"])
def test_a_bad_window_start_is_a_400_naming_it(api_client, before):
    response = api_client.get(URL, {"before": before})

    assert response.status_code == 400
    assert "before" in response.json()


@pytest.mark.django_db
def test_timeline_json_runs_a_fixed_number_of_queries(
    api_client, django_assert_num_queries
):
    from tests.factories import make_article

    for n in range(8):
        make_event(
            date=datetime.date(2025, n + 1, 1),
            articles=[make_article() for _ in range(7)],
        )

    # the window's first day, the events, the few public stories per event kept
    # (numbered per event by the database); the page cache's two on a miss: the
    # coverage version, the next scheduled story
    with django_assert_num_queries(5):
        data = api_client.get(URL).json()

    assert len(data["events"]) == 8
    assert all(
        s["text"]["text"].count("<li>") == 5 for s in data["events"]
    )  # SLIDE_COVERAGE


@pytest.mark.django_db
def test_a_new_event_shows_in_the_cached_timelinejs_document(api_client):
    make_event(slug="first")
    api_client.get(URL)

    make_event(slug="second", date=datetime.date(2026, 2, 1))

    response = api_client.get(URL)
    assert response["X-Page-Cache"] == "miss"
    assert [s["unique_id"] for s in response.json()["events"]][-1] == "second"


@pytest.mark.django_db
def test_a_slide_shows_the_picture_of_its_first_pictured_story(
    api_client, django_assert_num_queries
):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    from tests.factories import make_article

    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), "navy").save(buffer, "JPEG")
    plain = make_article(headline="Words only")
    pictured = make_article(
        headline="Gate <handed> over",
        lead_image_alt="Soldiers at the gate",
        lead_image_caption="The gate at dawn & after",
        lead_image_credit="AFP",
    )
    pictured.lead_image.save("gate.jpg", ContentFile(buffer.getvalue()))
    plain.publish_at = pictured.publish_at - datetime.timedelta(hours=2)
    plain.save()
    make_event(slug="gate-handover", articles=[plain, pictured])

    # the window's first day, the events, their stories (pictures included); the
    # page cache's two on a miss
    with django_assert_num_queries(5):
        slide = api_client.get(URL).json()["events"][0]

    media = slide["media"]
    assert media["url"].startswith("http")
    assert media["url"].endswith(".jpg")
    assert media["alt"] == "Soldiers at the gate"
    assert media["caption"] == "The gate at dawn &amp; after"
    assert media["credit"] == "AFP"
    assert media["link"].endswith(pictured.get_absolute_url())
    # Both stories linked, oldest first, headlines escaped.
    text = slide["text"]["text"]
    assert text.index("Words only") < text.index("Gate &lt;handed&gt; over")
