"""Every error page a reader can meet speaks the edition's language, right to left.

Django renders 400, 403 and 500 from bare templates (no context, no request): without
our own they were Django's English "Bad Request (400)" with `lang="en"` on /ar/ and
/ckb/. The sweep renders each error page of each edition, and a real 400 (a query
string with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS) end to end.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation

from shafaq import views
from tests.factories import make_article

EDITIONS = ["ar", "ckb"]
# Names that stay in Latin script on purpose: the language switcher's own name for
# English, and the formats.
LATIN_ALLOWED = {"English", "RSS", "API"}


def latin_words(html: str) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    words = set(re.findall(r"[A-Za-z]{3,}", soup.get_text(" ")))
    for element in soup.find_all(True):
        for attribute in ("aria-label", "title", "alt", "placeholder"):
            words |= set(re.findall(r"[A-Za-z]{3,}", element.get(attribute) or ""))
    return words - LATIN_ALLOWED


def rendered(handler, lang: str):
    request = RequestFactory().get(f"/{lang}/stories/")
    request.LANGUAGE_CODE = lang
    with translation.override(lang):
        if handler is views.server_error:
            response = handler(request)
        else:
            exception = {
                views.bad_request: ValueError("bad"),
                views.permission_denied: PermissionDenied(),
                views.page_not_found: Http404(),
            }[handler]
            response = handler(request, exception)
        if hasattr(response, "render"):
            response.render()
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize(
    ("handler", "status"),
    [
        (views.bad_request, 400),
        (views.permission_denied, 403),
        (views.page_not_found, 404),
        (views.server_error, 500),
    ],
)
def test_every_error_page_reads_right_to_left_in_the_editions_language(
    lang, handler, status
):
    response = rendered(handler, lang)

    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="rtl">' in html
    assert latin_words(html) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", EDITIONS)
def test_a_query_string_too_large_to_read_is_a_400_in_the_edition(client, lang):
    query = "&".join(f"f{i}=1" for i in range(1_100))

    responses = [
        client.get(f"/{lang}/stories/?{query}"),
        client.get(f"/{lang}/search/?{query}"),
    ]

    for response in responses:
        assert response.status_code == 400
        html = response.content.decode()
        assert f'<html lang="{lang}" dir="rtl">' in html
        assert latin_words(html) == set()
        with translation.override(lang):
            assert translation.gettext("We could not read that request") in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", EDITIONS)
def test_a_withdrawn_storys_410_page_reads_in_the_edition(client, lang):
    story = make_article(language=lang, slug="withdrawn", status="unpublished")

    response = client.get(story.get_absolute_url())

    assert response.status_code == 410
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="rtl">' in html
    assert latin_words(html) == set()
