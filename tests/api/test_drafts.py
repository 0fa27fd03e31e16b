"""Writing drafts through the API (wire ingestion)."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from partners.models import APIKey
from tests.factories import make_article, make_topic, make_user

URL = "/api/v1/drafts/"


def reporter():
    user = make_user(is_staff=True)
    user.groups.add(Group.objects.get(name="Reporter"))
    return user


def key_header(user=None) -> dict:
    _key, full_key = APIKey.issue(name="Wire desk", user=user)
    return {"HTTP_AUTHORIZATION": f"Api-Key {full_key}"}


@pytest.fixture
def wire(db):
    """A key acting as a staff reporter: may write drafts, may not publish."""
    return key_header(reporter())


def test_a_reporter_key_creates_a_draft(api_client, wire):
    topic = make_topic(slug="detainees")

    response = api_client.post(
        URL,
        {
            "headline": "Detainees arrive",
            "body": "<p>Text</p>",
            "topics": ["detainees"],
        },
        format="json",
        **wire,
    )

    assert response.status_code == 201, response.json()
    article = Article.objects.get(uuid=response.json()["uuid"])
    assert article.status == Article.Status.DRAFT
    assert list(article.topics.all()) == [topic]


def test_the_api_never_publishes(api_client, wire):
    response = api_client.post(
        URL,
        {"headline": "Try to publish", "status": "published"},
        format="json",
        **wire,
    )

    assert response.status_code == 201
    assert Article.objects.get().status == Article.Status.DRAFT
    assert api_client.get("/api/v1/articles/").json()["results"] == []


def test_invalid_data_is_400_naming_the_fields_and_saves_nothing(api_client, wire):
    response = api_client.post(
        URL,
        {"standfirst": "No headline", "topics": ["no-such-topic"]},
        format="json",
        **wire,
    )

    assert response.status_code == 400
    assert {"headline", "topics"} <= set(response.json())
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_anonymous_writes_are_refused(api_client):
    response = api_client.post(URL, {"headline": "Anonymous"}, format="json")

    assert response.status_code in (401, 403)
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_a_read_only_partner_key_cannot_write(api_client):
    response = api_client.post(
        URL, {"headline": "Partner"}, format="json", **key_header()
    )

    assert response.status_code == 403


@pytest.mark.django_db
def test_a_user_without_permission_cannot_see_drafts(api_client):
    make_article(status=Article.Status.DRAFT, publish_at=None)

    response = api_client.get(URL, **key_header(make_user(is_staff=True)))

    assert response.status_code == 403


def _create(api_client, wire, headline="Draft one"):
    return api_client.post(URL, {"headline": headline}, format="json", **wire).json()


def test_an_edit_needs_if_match(api_client, wire):
    draft = _create(api_client, wire)

    response = api_client.patch(
        f"{URL}{draft['uuid']}/", {"headline": "New"}, format="json", **wire
    )

    assert response.status_code == 428


def test_an_edit_with_the_current_etag_is_saved(api_client, wire):
    draft = _create(api_client, wire)
    etag = api_client.get(f"{URL}{draft['uuid']}/", **wire)["ETag"]

    response = api_client.patch(
        f"{URL}{draft['uuid']}/",
        {"headline": "Better headline"},
        format="json",
        HTTP_IF_MATCH=etag,
        **wire,
    )

    assert response.status_code == 200, response.json()
    assert response["ETag"] != etag
    assert Article.objects.get().headline == "Better headline"


def test_a_stale_edit_is_412_and_changes_nothing(api_client, wire):
    draft = _create(api_client, wire)
    url = f"{URL}{draft['uuid']}/"
    etag = api_client.get(url, **wire)["ETag"]
    api_client.patch(
        url, {"headline": "First"}, format="json", HTTP_IF_MATCH=etag, **wire
    )

    response = api_client.patch(
        url, {"headline": "Second"}, format="json", HTTP_IF_MATCH=etag, **wire
    )

    assert response.status_code == 412
    assert Article.objects.get().headline == "First"


def test_published_stories_are_not_editable_here(api_client, wire, published_article):
    response = api_client.get(f"{URL}{published_article.uuid}/", **wire)

    assert response.status_code == 404


def test_moving_a_draft_to_an_edition_where_its_slug_is_taken_is_a_400(
    api_client, wire
):
    make_article(language="ar", slug="draft-one")
    draft = _create(api_client, wire)
    etag = api_client.get(f"{URL}{draft['uuid']}/", **wire)["ETag"]

    response = api_client.patch(
        f"{URL}{draft['uuid']}/",
        {"language": "ar"},
        format="json",
        HTTP_IF_MATCH=etag,
        **wire,
    )

    assert response.status_code == 400
    assert "slug" in response.json()


def test_the_drafts_list_runs_a_fixed_number_of_queries(
    api_client, wire, django_assert_max_num_queries
):
    for n in range(3):
        _create(api_client, wire, headline=f"Draft {n}")
    with django_assert_max_num_queries(12) as few:
        api_client.get(URL, **wire)
    three_drafts = len(few)  # read now: the next request clears the query log
    for n in range(3, 12):
        _create(api_client, wire, headline=f"Draft {n}")

    with django_assert_max_num_queries(three_drafts):
        api_client.get(URL, {"page_size": 100}, **wire)


def test_a_draft_created_through_the_api_has_its_first_revision(api_client, wire):
    from reversion.models import Version

    draft = _create(api_client, wire, headline="Wire copy")

    versions = Version.objects.get_for_object(Article.objects.get(uuid=draft["uuid"]))
    assert versions.count() == 1
    assert versions.get().revision.get_comment() == "Created through the API."


@pytest.mark.parametrize(
    ("if_match", "expected"),
    [
        ('W/"{v}"', 412),  # If-Match compares strongly: a weak tag never matches
        ('"{v}"', 200),
        ('"0", "{v}"', 200),
        ("*", 200),
        ('"abc"', 412),
        ('"²"', 412),
        ('"' + "9" * 50 + '"', 412),
        ("{v}", 400),  # not an entity tag: unquoted
        ('"{v}', 400),
        ("W/", 400),
        ("garbage, more", 400),
    ],
)
def test_if_match_is_compared_strongly_and_read_strictly(
    api_client, wire, if_match, expected
):
    draft = _create(api_client, wire)
    url = f"{URL}{draft['uuid']}/"
    version = api_client.get(url, **wire)["ETag"].strip('"')

    response = api_client.patch(
        url,
        {"headline": "Edited"},
        format="json",
        HTTP_IF_MATCH=if_match.replace("{v}", version),
        **wire,
    )

    assert response.status_code == expected, response.content
    assert response["Content-Type"].startswith("application/json")
    edited = Article.objects.get().headline == "Edited"
    assert edited is (expected == 200)
