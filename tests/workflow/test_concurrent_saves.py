"""Two editors saving one story at the same instant, on PostgreSQL: one wins, the
other is told (412 from the API, the conflict page in the admin), never a 500.

On SQLite the same race runs across two real server processes
(tests/test_several_processes.py); the test database there lives in memory, where
threads cannot race the way processes do.
"""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from articles.models import Article
from partners.models import APIKey
from tests.factories import make_article, make_topic
from tests.workflow.admin_forms import change_form_data, change_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="threads race on PostgreSQL; SQLite races in test_several_processes.py",
    ),
]


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """The roles migration's groups: a transactional test empties every table after
    it runs, and Django's flush brings back permissions but not groups."""
    import importlib

    from django.apps import apps

    saved = {config: config.models_module for config in apps.get_app_configs()}
    try:
        roles_migration = importlib.import_module("articles.migrations.0004_roles")
        roles_migration.create_roles(apps, None)
    finally:  # create_roles marks app configs as it goes; put them back
        for config, models_module in saved.items():
            config.models_module = models_module


def race(*calls) -> list:
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n):
        from django.db import connections

        try:
            barrier.wait()
            results[n] = calls[n]()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_api_patches_with_the_same_if_match_give_200_and_412(reporter):
    draft = make_article(
        status=Article.Status.DRAFT, publish_at=None, created_by=reporter
    )
    _key, full_key = APIKey.issue(name="Wire", user=reporter)
    url = f"/api/v1/drafts/{draft.uuid}/"
    for attempt in range(5):
        etag = APIClient().get(url, HTTP_AUTHORIZATION=f"Api-Key {full_key}")["ETag"]

        def patch(n, etag=etag, attempt=attempt):
            return (
                APIClient()
                .patch(
                    url,
                    {"headline": f"Take {attempt}-{n}"},
                    format="json",
                    HTTP_AUTHORIZATION=f"Api-Key {full_key}",
                    HTTP_IF_MATCH=etag,
                )
                .status_code
            )

        statuses = race(lambda: patch(0), lambda: patch(1))
        assert sorted(statuses) == [200, 412], statuses


def test_two_admin_saves_at_once_give_one_save_and_one_conflict_page(editor):
    from django.test import Client

    story = make_article(topics=[make_topic()], headline="Before")
    clients = [Client(), Client()]
    forms = []
    for client in clients:
        client.force_login(editor)
        forms.append(change_form_data(client.get(change_url(story))))

    def save(n):
        data = {**forms[n], "headline": f"Editor {n}'s headline"}
        response = clients[n].post(change_url(story), data)
        return response.status_code, response.context and bool(
            response.context.get("conflict")
        )

    results = race(lambda: save(0), lambda: save(1))

    assert sorted(results) == [(200, True), (302, None)] or sorted(results) == [
        (200, True),
        (302, False),
    ], results
    story.refresh_from_db()
    assert story.headline in {"Editor 0's headline", "Editor 1's headline"}
