"""The sitemap sections read rows and write their XML themselves (readers/sitemaps.py):
what they answer must be exactly what Django's sitemap framework answers, built the
framework's way (model instances, reverse() per URL and edition, its template)."""

import datetime

import pytest
from django.contrib.sitemaps import Sitemap
from django.template.loader import render_to_string
from django.test import RequestFactory

from articles.models import Article
from events.models import Event, Place
from readers import sitemaps
from sources.models import Source
from tests.factories import (
    hours_ago,
    make_article,
    make_event,
    make_place,
    make_quote,
    make_section,
    make_source,
    make_topic,
)

pytestmark = pytest.mark.django_db

BAGHDAD = datetime.timezone(datetime.timedelta(hours=3))


class Site:
    domain = "testserver"


def framework_xml(urls) -> str:
    return render_to_string("sitemap.xml", {"urlset": urls})


@pytest.mark.parametrize(
    "lastmod",
    [
        # 22:30 UTC is already the next day in Baghdad (the site's time zone).
        datetime.datetime(2026, 1, 20, 22, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 1, 20, 0, 30, tzinfo=BAGHDAD),
        datetime.datetime(2026, 1, 20, 12, 0),  # naive
        datetime.date(999, 3, 4),
        None,
    ],
)
def test_the_writer_writes_what_the_framework_template_writes(lastmod):
    hostile = "http://testserver/ar/stories/خبر-&-\"quoted\"-<b>'x'</b>/"
    urls = [
        {
            "item": None,
            "location": hostile,
            "lastmod": lastmod,
            "changefreq": "daily & <hourly>",
            "priority": "0.5",
            "alternates": [
                {"lang_code": "ar", "location": hostile},
                {"lang_code": 'x-"default"', "location": "http://testserver/a?b=1&c=2"},
            ],
        },
        {
            "item": None,
            "location": "http://testserver/en/",
            "lastmod": lastmod,
            "changefreq": None,
            "priority": "",
            "alternates": [],
        },
    ]

    assert sitemaps.urlset_xml(urls) == framework_xml(urls)
    assert sitemaps.urlset_xml([]) == framework_xml([])


# The framework's way, as the sections were written before they read rows.


class FrameworkStories(Sitemap):
    changefreq = "daily"

    @property
    def limit(self):
        return sitemaps.ArticleSitemap.limit

    def items(self):
        return (
            Article.objects.published()
            .newest_first()
            .only("slug", "language", "publish_at", "updated_at", "translation_of")
            .with_editions()
        )

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        origin = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            editions = [url["item"], *url["item"].published_editions()]
            if len(editions) > 1:
                url["alternates"] = [
                    {"lang_code": e.language, "location": origin + e.get_absolute_url()}
                    for e in sorted(editions, key=lambda e: e.language)
                ]
        return urls

    def lastmod(self, article):
        return article.last_updated_at


def framework_section(section):
    """`section` (an EditionSitemap) with Django's own addresses: a model instance per
    row, its get_absolute_url() under each edition, as Sitemap._location does."""
    model = {
        sitemaps.SectionSitemap: sitemaps.Section,
        sitemaps.TopicSitemap: sitemaps.Topic,
        sitemaps.SourceSitemap: Source,
        sitemaps.PlaceSitemap: Place,
        sitemaps.EventSitemap: Event,
    }[section]

    class Framework(section):
        _location = Sitemap._location

        def items(self):
            rows = super().items()
            return [self.instance(row) for row in rows]

        def instance(self, row):
            item = model(slug=row["slug"])
            item.lastmod = row["lastmod"]
            return item

        def location(self, item):
            return item.get_absolute_url()

        def lastmod(self, item):
            return item.lastmod

    return Framework


@pytest.fixture
def hostile_archive():
    """Stories in three editions, translated both ways, some with Arabic or Sorani
    slugs, on topics, places, sources and events with such slugs too."""
    topic = make_topic(name="داعش & co", slug="داعش")
    place = make_place(name="الحسكة", slug="الحسكة")
    source = make_source(name='"Quoted" <source>', slug="سەرچاوە")
    original = make_article(
        slug="transfer-begins", topics=[topic], places=[place], publish_at=hours_ago(5)
    )
    make_article(
        slug="بدء-النقل",
        language="ar",
        translation_of=original,
        publish_at=hours_ago(4),
    )
    make_article(
        slug="گواستنەوە",
        language="ckb",
        translation_of=original,
        publish_at=hours_ago(3),
        updated_at=hours_ago(1),
    )
    make_article(  # a draft translation never shows as an alternate
        slug="draft-edition",
        language="ar",
        translation_of=original,
        status=Article.Status.DRAFT,
    )
    for i in range(6):
        story = make_article(slug=f"story-{i}", publish_at=hours_ago(10 + i))
        make_quote(article=story, source=source)
    make_event(articles=[original], place=place, slug="حدث-يوم")
    make_section(slug="أمن")


@pytest.mark.parametrize("limit", [2, 5000])
def test_the_stories_sections_pages_are_the_frameworks(
    client, hostile_archive, monkeypatch, limit
):
    monkeypatch.setattr(sitemaps.ArticleSitemap, "limit", limit)
    pages = -(-Article.objects.published().count() // limit)

    for page in range(1, pages + 1):
        response = client.get(f"/sitemap-stories.xml?p={page}")
        urls = FrameworkStories().get_urls(page=page, site=Site(), protocol="http")
        assert response.status_code == 200
        assert response.content.decode() == framework_xml(urls), page
    assert client.get(f"/sitemap-stories.xml?p={pages + 1}").status_code == 404
    assert "hreflang" in client.get("/sitemap-stories.xml").content.decode()


@pytest.mark.parametrize(
    "name,section",
    [
        ("sections", sitemaps.SectionSitemap),
        ("topics", sitemaps.TopicSitemap),
        ("sources", sitemaps.SourceSitemap),
        ("places", sitemaps.PlaceSitemap),
        ("events", sitemaps.EventSitemap),
    ],
)
def test_every_edition_sections_pages_are_the_frameworks(
    client, hostile_archive, name, section
):
    response = client.get(f"/sitemap-{name}.xml")
    urls = framework_section(section)().get_urls(page=1, site=Site(), protocol="http")

    assert response.status_code == 200
    assert response.content.decode() == framework_xml(urls)
    assert "x-default" in response.content.decode()


def test_a_section_page_past_the_end_or_not_a_number_is_a_404(client, hostile_archive):
    for query in ("?p=2", "?p=0", "?p=abc"):
        assert client.get(f"/sitemap-topics.xml{query}").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_a_section_is_dated_by_its_newest_entry(client, hostile_archive, settings):
    settings.PAGE_CACHE_SECONDS = 0
    section = sitemaps.ArticleSitemap()
    section.get_urls(page=1, site=Site(), protocol="http")

    response = client.get("/sitemap-stories.xml")

    assert response["Last-Modified"]
    assert section.latest_lastmod == max(
        a.last_updated_at for a in Article.objects.published()
    )


def test_section_pages_read_rows_in_a_fixed_number_of_queries(
    client, hostile_archive, settings, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 0
    request = RequestFactory().get("/sitemap-stories.xml")
    # The count, the page of rows, their other editions (the freshness check of
    # counts_removals is the view's wrapper, outside).
    with django_assert_num_queries(3):
        sitemaps.sitemap_section(request, "stories").render()
    with django_assert_num_queries(1):
        sitemaps.sitemap_section(request, "events").render()
