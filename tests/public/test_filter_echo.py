"""A filter value the page cannot read is announced and never put back into the form."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_article, make_event

pytestmark = pytest.mark.django_db

FILTER_PAGES = ["/en/stories/", "/en/timeline/"]
BAD_VALUES = [
    "garbage",
    "2026-13-45",
    "9999-12-31",
    '"><script>alert(1)</script>',
    "-1",
    "1e999",
]


def filter_fields(page: BeautifulSoup) -> dict:
    """name -> input or select element, for every field of the page's filter form."""
    form = page.select_one(".filter-form form")
    return {
        element["name"]: element
        for element in form.find_all(["input", "select"])
        if element.get("name")
    }


def shown_value(element) -> str:
    if element.name == "select":
        selected = element.find("option", selected=True)
        return selected["value"] if selected else ""
    return element.get("value", "")


@pytest.fixture
def coverage(db):
    make_event(articles=[make_article()])


@pytest.mark.parametrize("path", FILTER_PAGES)
@pytest.mark.parametrize("bad", BAD_VALUES)
def test_every_filter_field_announces_a_bad_value_and_does_not_echo_it(
    client, coverage, path, bad
):
    names = filter_fields(BeautifulSoup(client.get(path).content, "html.parser"))
    assert names, "the page has a filter form"

    for name in names:
        response = client.get(path, {name: bad})

        assert response.status_code == 200, (name, bad)
        page = BeautifulSoup(response.content, "html.parser")
        element = filter_fields(page)[name]
        if page.select_one(".message--warning"):  # the value was refused
            assert shown_value(element) == "", (name, bad)
            assert element.get("aria-invalid") == "true", (name, bad)
        else:  # the value was valid for this field (e.g. a free-text field)
            assert element.get("type") not in {"date", "number"}, (name, bad)


def test_the_reported_timeline_date_is_not_echoed_into_a_date_input(client, coverage):
    response = client.get("/en/timeline/", {"from": "garbage"})

    page = BeautifulSoup(response.content, "html.parser")
    date_input = page.select_one('.filter-form input[name="from"]')
    assert date_input["type"] == "date"
    assert "value" not in date_input.attrs
    assert "garbage" not in str(page.select_one(".filter-form form"))
    assert page.select_one(".message--warning[role=status]") is not None
