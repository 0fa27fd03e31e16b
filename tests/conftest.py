import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import translation

from articles.models import Article
from tests.factories import hours_ago, hours_ahead, make_article


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """MD5 hashing, a private locmem cache and a throwaway media folder for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # WhiteNoise warns on every request when STATIC_ROOT does not exist yet.
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STATIC_ROOT.mkdir()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    cache.clear()
    # Each test starts in the default language: a request leaves its edition active in
    # the thread, and a factory run under it would fill that edition's translated
    # columns (name_ar) instead of the English ones.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
    cache.clear()


@pytest.fixture
def published_article(db):
    return make_article(
        headline="Iraq takes over Ain al-Asad", slug="iraq-takes-over-ain-al-asad"
    )


@pytest.fixture
def draft_article(db):
    return make_article(
        headline="Secret draft about Hasakah",
        slug="secret-draft-hasakah",
        status=Article.Status.DRAFT,
        publish_at=None,
    )


@pytest.fixture
def in_review_article(db):
    return make_article(
        headline="Unreviewed story on Qamishli",
        slug="unreviewed-story-qamishli",
        status=Article.Status.IN_REVIEW,
        publish_at=None,
    )


@pytest.fixture
def scheduled_article(db):
    return make_article(
        headline="Embargoed transfer report",
        slug="embargoed-transfer-report",
        publish_at=hours_ahead(3),
    )


@pytest.fixture
def unpublished_article(db):
    return make_article(
        headline="Withdrawn story about al-Hol",
        slug="withdrawn-story-al-hol",
        status=Article.Status.UNPUBLISHED,
        publish_at=hours_ago(48),
    )


@pytest.fixture
def hidden_articles(
    draft_article, in_review_article, scheduled_article, unpublished_article
):
    """One story in every state readers must not see."""
    return [draft_article, in_review_article, scheduled_article, unpublished_article]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        "chief", "chief@example.org", "correct horse battery staple"
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def api_client(db):
    """A DRF test client with no credentials, as an anonymous partner."""
    from rest_framework.test import APIClient

    return APIClient()


def _staff_in(role: str):
    from django.contrib.auth.models import Group

    from tests.factories import make_user

    user = make_user(username=role.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(db):
    """A staff account in the Reporter group (created by the roles migration)."""
    return _staff_in("Reporter")


@pytest.fixture
def editor(db):
    return _staff_in("Editor")


@pytest.fixture
def administrator(db):
    return _staff_in("Administrator")


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
