"""API keys, throttling and conditional GET."""

import pytest

from partners.models import APIKey, hash_secret
from tests.factories import make_article

LIST = "/api/v1/articles/"


@pytest.mark.django_db
def test_a_key_is_stored_only_as_prefix_and_hash():
    key, full_key = APIKey.issue(name="Partner outlet")

    assert full_key not in {key.prefix, key.hashed_key}
    assert key.hashed_key == hash_secret(full_key)
    assert full_key.startswith(f"shafaq_{key.prefix}.")


@pytest.mark.django_db
def test_a_valid_key_is_accepted(api_client):
    _key, full_key = APIKey.issue(name="Partner outlet")

    response = api_client.get(LIST, HTTP_AUTHORIZATION=f"Api-Key {full_key}")

    assert response.status_code == 200


@pytest.mark.django_db
def test_a_revoked_key_is_refused_with_401(api_client):
    key, full_key = APIKey.issue(name="Former partner")
    key.revoke()

    response = api_client.get(LIST, HTTP_AUTHORIZATION=f"Api-Key {full_key}")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"


@pytest.mark.django_db
def test_a_wrong_secret_with_a_real_prefix_is_refused(api_client):
    key, full_key = APIKey.issue(name="Partner outlet")

    response = api_client.get(LIST, HTTP_X_API_KEY=full_key[:-2] + "xx")

    assert response.status_code == 401


@pytest.mark.django_db
def test_anonymous_readers_get_429_with_retry_after(api_client, tight_rates):
    for _ in range(2):
        assert api_client.get(LIST).status_code == 200

    response = api_client.get(LIST)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_partners_with_a_key_get_the_higher_rate(api_client, tight_rates):
    _key, full_key = APIKey.issue(name="Partner outlet")
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {full_key}"}

    statuses = [api_client.get(LIST, **auth).status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


@pytest.mark.django_db
def test_an_unchanged_list_answers_304_to_a_conditional_get(api_client):
    make_article()
    etag = api_client.get(LIST)["ETag"]

    response = api_client.get(LIST, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


@pytest.mark.django_db
def test_a_changed_story_gets_a_new_etag(api_client):
    article = make_article()
    url = f"{LIST}{article.uuid}/"
    etag = api_client.get(url)["ETag"]
    article.add_correction(kind="correction", text="Fixed a name.")

    response = api_client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/api/v1/sources/", "/api/v1/events/", "/api/v1/timeline/", "/api/v1/changes/"],
)
def test_every_endpoint_supports_conditional_get(api_client, url):
    etag = api_client.get(url)["ETag"]

    assert api_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_admin_shows_a_new_key_once_and_stores_its_hash(admin_client):
    response = admin_client.post(
        "/admin/partners/apikey/add/", {"name": "Wire partner"}, follow=True
    )

    key = APIKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    full_key = next(
        word for m in shown for word in m.split() if word.startswith("shafaq_")
    )
    assert key.hashed_key == hash_secret(full_key)
    assert APIKey.find(full_key) == key


def test_admin_action_revokes_keys(admin_client):
    key, full_key = APIKey.issue(name="Old partner")

    admin_client.post(
        "/admin/partners/apikey/",
        {"action": "revoke_keys", "_selected_action": [key.pk]},
    )

    assert APIKey.find(full_key) is None


@pytest.mark.django_db
def test_partners_with_an_x_api_key_header_get_the_higher_rate_on_cached_lists(
    api_client, tight_rates
):
    _key, full_key = APIKey.issue(name="Partner outlet")
    api_client.get(LIST)  # an anonymous reader warms the page cache
    auth = {"HTTP_X_API_KEY": full_key}

    statuses = [api_client.get(LIST, **auth).status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 200, 429]


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["HTTP_X_API_KEY", "HTTP_AUTHORIZATION"])
def test_a_revoked_key_is_refused_even_when_the_list_is_cached(api_client, header):
    key, full_key = APIKey.issue(name="Former partner")
    key.revoke()
    api_client.get(LIST)
    value = full_key if header == "HTTP_X_API_KEY" else f"Api-Key {full_key}"

    response = api_client.get(LIST, **{header: value})

    assert response.status_code == 401
