"""A read replica for anonymous public reads (DATABASE_REPLICA_URL, shafaq/replicas.py).

The replica is a second PostgreSQL database that the test copies from the primary
(CREATE DATABASE ... TEMPLATE) whenever it wants the replica to have caught up, and
edits behind the primary's back to see which database answered. SQLite has no second
database to copy to, so these tests run on PostgreSQL only.
"""

import copy

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, connections

from articles.models import Article
from shafaq import replicas
from tests.factories import make_article, make_section, make_topic
from tests.test_settings import PRODUCTION_SECRET_KEY, loaded_values, run_python

HEADLINE = "Iraqi units take over the Ain al-Asad perimeter"
STALE = "As the replica still has it"


ON_POSTGRESQL = connection.vendor == "postgresql"
if ON_POSTGRESQL and replicas.REPLICA not in connections.settings:
    # Registered before the test databases are made: a mirror of the test primary
    # until a test points it at its own copy.
    connections.settings[replicas.REPLICA] = {
        **copy.deepcopy(connection.settings_dict),
        "TEST": {"MIRROR": "default"},
    }


def with_a_replica(test):
    """Run `test` on PostgreSQL with the replica alias open to it."""
    test = pytest.mark.django_db(transaction=True, databases=["default", "replica"])(
        test
    )
    return pytest.mark.skipif(
        not ON_POSTGRESQL,
        reason="needs two PostgreSQL databases (DATABASE_URL on PostgreSQL)",
    )(test)


class Replica:
    """A second database beside the test primary, made a copy of it on demand."""

    def __init__(self):
        self.primary = connection.settings_dict["NAME"]
        self.name = f"{self.primary}_replica"
        self.alias = connections[replicas.REPLICA]

    def _admin(self, sql: str) -> None:
        # CREATE DATABASE ... TEMPLATE needs the template free of other sessions: ours,
        # and any an earlier test's thread left idle (the suite's last user of them).
        self.alias.close()
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname IN (%s, %s) AND pid <> pg_backend_pid()"
                " AND backend_type = 'client backend' AND usename = current_user",
                [self.primary, self.name],
            )
            cursor.execute(sql)

    def catch_up(self) -> None:
        """Make the replica an exact copy of the primary, as replication would."""
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
        self._admin(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.primary}"')
        self.alias.settings_dict["NAME"] = self.name

    def execute(self, sql: str, params=()) -> None:
        with self.alias.cursor() as cursor:
            cursor.execute(sql, params)

    def drop(self) -> None:
        self.alias.settings_dict["NAME"] = self.primary
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = ["shafaq.replicas.ReplicaRouter"]
    settings.MIDDLEWARE = [
        "shafaq.replicas.ReplicaReadsMiddleware",
        *settings.MIDDLEWARE,
    ]
    settings.DATABASE_REPLICA_LAG_SECONDS = 5
    replica = Replica()
    yield replica
    replica.drop()


@pytest.fixture
def story_the_replica_has_older(replica):
    """A published story whose headline the replica still has in an older form."""
    story = make_article(headline=HEADLINE, slug="ain-al-asad-perimeter")
    replica.catch_up()
    replica.execute(
        "UPDATE articles_article SET headline = %s WHERE id = %s", [STALE, story.pk]
    )
    cache.clear()  # the lag window and pages from before
    return story


PUBLIC_READS = [
    "/en/stories/",
    "/en/feeds/stories.rss",
    "/api/v1/articles/",
]


@with_a_replica
@pytest.mark.parametrize("path", ["story", *PUBLIC_READS])
def test_anonymous_public_reads_come_from_the_replica(
    client, story_the_replica_has_older, path
):
    story = story_the_replica_has_older
    path = story.get_absolute_url() if path == "story" else path

    text = client.get(path).content.decode()

    assert STALE in text
    assert HEADLINE not in text


@with_a_replica
@pytest.mark.parametrize("path", ["story", "admin", *PUBLIC_READS])
def test_signed_in_editors_read_the_primary(
    admin_client, story_the_replica_has_older, path
):
    story = story_the_replica_has_older
    path = {
        "story": story.get_absolute_url(),
        "admin": f"/admin/articles/article/{story.pk}/change/",
    }.get(path, path)

    text = admin_client.get(path).content.decode()

    assert HEADLINE in text
    assert STALE not in text


@with_a_replica
def test_a_partner_with_a_key_reads_the_primary(client, story_the_replica_has_older):
    from partners.models import APIKey

    _key, full_key = APIKey.issue(name="Wire partner")
    cache.clear()

    text = client.get(
        "/api/v1/articles/", headers={"Authorization": f"Api-Key {full_key}"}
    ).content.decode()

    assert HEADLINE in text


@with_a_replica
def test_readers_read_the_primary_until_the_replica_has_caught_up(
    client, superuser, replica
):
    story = make_article(
        headline=HEADLINE,
        slug="ain-al-asad-perimeter",
        status=Article.Status.DRAFT,
        publish_at=None,
        section=make_section(),
        topics=[make_topic()],
    )
    replica.catch_up()
    cache.clear()
    assert client.get(story.get_absolute_url()).status_code == 404

    from articles import workflow

    workflow.publish_article(story, by=superuser)  # the replica has not seen this yet

    # Within the lag window readers get the primary: the story is there at once.
    assert client.get(story.get_absolute_url()).status_code == 200
    assert HEADLINE in client.get("/en/feeds/stories.rss").content.decode()
    # Had the window passed before the replica caught up, the replica would answer.
    cache.delete(replicas.RECENT_WRITE_KEY)
    assert replicas.may_read_replica(client.get("/en/").wsgi_request)
    replica.catch_up()
    assert client.get(story.get_absolute_url()).status_code == 200


def test_a_request_that_writes_reads_the_primary_afterwards(db):
    router = replicas.ReplicaRouter()
    token = replicas._may_read_replica.set(True)
    try:
        assert router.db_for_read(Article) == replicas.REPLICA
        assert router.db_for_write(Article) == "default"
        assert router.db_for_read(Article) == "default"
    finally:
        replicas._may_read_replica.reset(token)


def test_migrations_run_on_the_primary_only():
    router = replicas.ReplicaRouter()

    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate(replicas.REPLICA, "articles")


PRINT_ROUTING = """
import json
from django.conf import settings
print(json.dumps({
    "replica": settings.DATABASES.get("replica", {}).get("HOST"),
    "routers": settings.DATABASE_ROUTERS,
    "middleware": "shafaq.replicas.ReplicaReadsMiddleware" in settings.MIDDLEWARE,
}))
"""


def routing_with(**environ) -> dict:
    return loaded_values(
        run_python(
            "-c",
            PRINT_ROUTING,
            DJANGO_SETTINGS_MODULE="shafaq.settings",
            DJANGO_SECRET_KEY=PRODUCTION_SECRET_KEY,
            DATABASE_URL="postgres://shafaq@db.internal:5432/shafaq",
            **environ,
        )
    )


def test_the_replica_url_adds_the_database_the_router_and_the_middleware():
    routing = routing_with(
        DATABASE_REPLICA_URL="postgres://shafaq@replica.internal:5432/shafaq"
    )

    assert routing == {
        "replica": "replica.internal",
        "routers": ["shafaq.replicas.ReplicaRouter"],
        "middleware": True,
    }


def test_without_a_replica_url_everything_uses_the_primary():
    assert routing_with() == {"replica": None, "routers": [], "middleware": False}


@pytest.mark.parametrize(
    "header", [{"HTTP_AUTHORIZATION": "Api-Key abc"}, {"HTTP_X_API_KEY": "abc"}]
)
def test_a_read_with_a_key_in_either_header_is_kept_from_every_shared_copy(
    rf, settings, header
):
    """One rule (articles.clients.carries_credentials) for the replica, the page
    cache's view check and the middleware answering hits early."""
    from readers.cache import _is_cacheable
    from shafaq.middleware import _clearly_anonymous_read
    from shafaq.replicas import may_read_replica

    settings.PAGE_CACHE_SECONDS = 300
    keyed = rf.get("/api/v1/articles/", **header)
    keyed.user = AnonymousUser()
    plain = rf.get("/api/v1/articles/")
    plain.user = AnonymousUser()

    assert not may_read_replica(keyed) and may_read_replica(plain)
    assert not _is_cacheable(keyed) and _is_cacheable(plain)
    assert not _clearly_anonymous_read(keyed) and _clearly_anonymous_read(plain)
