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


def role_group(role: str):
    """The role's group, as the data migrations make it. A transactional test (the
    browser tests) flushes the database after itself, groups included; the next test
    asking for a role then gets the groups made again by the migrations' own code."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    if not Group.objects.filter(name=role).exists():
        # The migrations toggle AppConfig.models_module (for historical apps); keep
        # the real registry's as it was.
        modules = {c.label: c.models_module for c in apps.get_app_configs()}
        try:
            importlib.import_module("articles.migrations.0004_roles").create_roles(
                apps, None
            )
            for name in ("0009_live_coverage_roles", "0015_desk_roles"):
                importlib.import_module(f"articles.migrations.{name}").grant(apps, None)
        finally:
            for config in apps.get_app_configs():
                config.models_module = modules[config.label]
    return Group.objects.get(name=role)


def _staff_in(role: str):
    from tests.factories import make_user

    user = make_user(username=role.lower(), is_staff=True)
    user.groups.add(role_group(role))
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
