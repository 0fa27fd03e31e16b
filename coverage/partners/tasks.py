"""Background work for partners, run by the task engine's worker (`manage.py db_worker`).

django-tasks with its database backend (django-tasks-db): queued tasks are rows in
our own database, so they commit with the change that caused them, survive a
worker restart and need no broker on SQLite or PostgreSQL.
"""

from django_tasks import task

from partners import webhooks


@task()
def deliver_webhook(delivery_pk: int) -> str:
    """Attempt one webhook delivery; a failure queues the next attempt itself."""
    return webhooks.attempt_delivery(delivery_pk)
