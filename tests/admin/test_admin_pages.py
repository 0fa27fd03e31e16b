"""Every admin page an editor uses answers 200 (for a superuser) with real rows present."""

import pytest
from django.contrib import admin
from django.urls import reverse

from demo.content import seed_demo_coverage
from tests.factories import make_body_image

pytestmark = pytest.mark.django_db

MODELS = [
    m
    for m in admin.site._registry
    if m._meta.app_label in {"articles", "sources", "events", "partners"}
]


@pytest.fixture
def demo(db):
    """The demo coverage, plus the rows it has none of: a correction, an API key
    with a webhook subscription, a delivery to it, and a withdrawal notice."""
    from articles.models import Article
    from partners.models import APIKey, WebhookSubscription
    from tests.factories import make_article

    seed_demo_coverage()
    story = Article.objects.published().first()
    key, _ = APIKey.issue(name="Wire partner")
    WebhookSubscription.objects.create(
        api_key=key, url="https://93.184.215.14/hooks", events=["corrected"]
    )
    story.add_correction(kind="clarification", text="Names the prison in full.")
    make_body_image()
    make_article(headline="Pulled from the site").unpublish(public_reason="Duplicate.")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_answers_200_with_demo_content(admin_client, demo, model):
    opts = model._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    )
    assert response.status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_add_page_answers_200_or_is_deliberately_closed(admin_client, model):
    opts = model._meta
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    )
    model_admin = admin.site._registry[model]
    expected = 200 if model_admin.has_add_permission(response.wsgi_request) else 403
    assert response.status_code == expected


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_change_page_answers_200_for_a_demo_row(admin_client, demo, model):
    opts = model._meta
    obj = model._default_manager.first()
    response = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200


def test_the_article_page_offers_quotes_corrections_byline_and_events_inline(
    admin_client, demo
):
    from articles.models import Article

    article = Article.objects.get(
        slug="ain-al-asad-withdrawal-and-detainee-transfers-test-iraq"
    )
    response = admin_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    html = response.content.decode()
    for prefix in ["bylines", "quotes", "corrections", "Event_articles"]:
        assert f'name="{prefix}-TOTAL_FORMS"' in html, prefix
    assert "The coalition exited through the door" in html
    assert (
        "django_prose_editor" in html
    )  # the rich-text editor, from our own static files


def test_an_editor_writes_a_complete_story_in_one_admin_form(admin_client, demo):
    from articles.models import Article, Section, Topic
    from events.models import Event, Place
    from sources.models import Source

    section = Section.objects.get(slug="security")
    topic = Topic.objects.get(slug="isis")
    place = Place.objects.get(slug="hasakah")
    source = Source.objects.get(slug="us-central-command")
    event = Event.objects.get(slug="centcom-transfers-150-detainees-to-iraq")
    from articles.models import Author

    author = Author.objects.first()
    data = {
        "headline": "Second batch of detainees arrives",
        "slug": "second-batch-of-detainees-arrives",
        "standfirst": "More transfers from Hasakah.",
        "body": "<p>Text <script>alert(1)</script>here.</p>",
        "section": section.pk,
        "topics": [topic.pk],
        "places": [place.pk],
        "language": "en",
        "status": "draft",
        "lead_image_alt": "",
        "bylines-TOTAL_FORMS": "1",
        "bylines-INITIAL_FORMS": "0",
        "bylines-0-author": author.pk,
        "bylines-0-position": "0",
        "quotes-TOTAL_FORMS": "1",
        "quotes-INITIAL_FORMS": "0",
        "quotes-0-source": source.pk,
        "quotes-0-text": "The transfer continues",
        "quotes-0-position": "0",
        "Event_articles-TOTAL_FORMS": "1",
        "Event_articles-INITIAL_FORMS": "0",
        "Event_articles-0-event": event.pk,
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="second-batch-of-detainees-arrives")
    assert "script" not in article.body
    assert article.quotes.get().source == source
    assert list(article.events.all()) == [event]
    assert article.byline == [author]
