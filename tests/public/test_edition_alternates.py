"""Pages that exist in every edition name their equivalents for search engines.

Each page carries `<link rel="alternate" hreflang>` to itself and to the same page in
the other editions (absolute URLs); a story names only its published translations.
"""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

EVERY_EDITION_PAGES = [
    "/{lang}/",
    "/{lang}/stories/",
    "/{lang}/timeline/",
    "/{lang}/sources/",
    "/{lang}/search/?q=border",
]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def alternates(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        link["hreflang"]: link["href"]
        for link in soup.select('head link[rel="alternate"][hreflang]')
    }


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", EVERY_EDITION_PAGES)
def test_a_page_in_every_edition_links_itself_and_its_equivalents(client, page, lang):
    response = client.get(page.format(lang=lang))

    assert response.status_code == 200
    links = alternates(response)
    assert set(links) == set(LANGUAGES)
    for code, url in links.items():
        assert url == "http://testserver" + page.format(lang=code)


@pytest.mark.django_db
def test_a_story_names_only_its_published_translations(client, published_article):
    response = client.get(published_article.get_absolute_url())

    links = alternates(response)
    assert set(links) == {published_article.language}


@pytest.mark.django_db
def test_a_missing_page_names_no_alternates(client):
    response = client.get("/en/stories/no-such-story/")

    assert response.status_code == 404
    assert alternates(response) == {}
