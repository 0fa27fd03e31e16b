import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from events.models import Event, Figure, Precision
from tests.factories import make_event, make_figure, make_place

pytestmark = pytest.mark.django_db


def test_an_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(date=datetime.date(2026, 1, 20), end_date=datetime.date(2026, 1, 10))


def test_an_unknown_date_precision_is_rejected_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(date_precision="week")


def test_a_date_known_only_to_the_month_reads_as_the_month():
    event = make_event(date=datetime.date(2026, 1, 21), date_precision=Precision.MONTH)
    event.refresh_from_db()
    with translation.override("en"):
        assert event.date_display == "January 2026"
    assert event.date == datetime.date(2026, 1, 1)


def test_a_date_known_only_to_the_year_reads_as_the_year():
    event = make_event(date=datetime.date(2026, 7, 4), date_precision=Precision.YEAR)
    assert event.date_display == "2026"


def test_a_date_known_to_the_day_reads_in_full():
    event = make_event(date=datetime.date(2026, 1, 21))
    with translation.override("en"):
        assert event.date_display == "Jan. 21, 2026"


def test_importance_outside_the_scale_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_event(importance=7)


def test_coordinates_must_be_on_earth_and_come_in_pairs():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_place(latitude=Decimal("95"), longitude=Decimal("40"))
    with pytest.raises(IntegrityError), transaction.atomic():
        make_place(latitude=Decimal("33.7"), longitude=None)


def test_a_figure_must_belong_to_a_place_an_event_or_a_story():
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.create(value=618, unit="km", counts="border length")


def test_a_figure_reads_as_a_reader_would_say_it():
    figure = make_figure(value=Decimal("12000"), qualifier="about", unit="fighters")
    with translation.override("en"):
        assert figure.value_display == "about 12,000 fighters"


def test_events_read_in_chronological_order():
    later = make_event(date=datetime.date(2026, 1, 21))
    earlier = make_event(date=datetime.date(2025, 12, 1))
    assert list(Event.objects.chronological()) == [earlier, later]
