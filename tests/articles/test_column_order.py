"""On SQLite the story's long text sits after every other column of its row
(migration articles/0023), so reading a story's status, language or publication time
never walks the row's overflow pages. A migration that rebuilds the article table
puts the columns back in the migration state's order: this test fails then."""

import pytest
from django.db import connection

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's row layout")
def test_the_body_and_its_plain_text_are_the_last_columns_on_sqlite():
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({Article._meta.db_table})")
        columns = [row[1] for row in cursor.fetchall()]

    assert columns[-2:] == ["body", "body_text"]
    assert {"status", "language", "publish_at"} <= set(columns[:-2])


def test_search_still_finds_stories_written_after_the_table_was_rebuilt(client):
    from tests.factories import make_article

    make_article(headline="Crossing reopened at al-Qaim", body="<p>Trucks wait.</p>")

    assert (
        "Crossing reopened at al-Qaim"
        in client.get("/en/search/?q=trucks").content.decode()
    )
