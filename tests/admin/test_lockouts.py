"""Failed sign-ins are limited per account and per client (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1


def sign_in(client, username, password, client_ip="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def test_an_account_is_locked_after_the_failure_limit_even_from_many_addresses(
    client, superuser
):
    statuses = [
        sign_in(client, "chief", "wrong", client_ip=f"198.51.100.{n}").status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 429, 429]
    # The right password does not get through a lock-out either.
    locked = sign_in(client, "chief", "correct horse battery staple", "198.51.100.9")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_client_is_locked_after_the_failure_limit_across_many_accounts(client, db):
    statuses = [sign_in(client, f"guess{n}", "wrong").status_code for n in range(4)]

    assert statuses == [200, 200, 429, 429]


def test_a_spoofed_forwarded_hop_does_not_reset_the_client_count(client, db):
    statuses = [
        sign_in(client, f"guess{n}", "wrong", f"6.6.6.{n}, 203.0.113.7").status_code
        for n in range(4)
    ]

    assert statuses[-1] == 429


def test_the_lock_out_message_is_the_same_whether_or_not_the_account_exists(
    client, superuser
):
    for n in range(3):
        sign_in(client, "chief", "wrong", f"198.51.100.{n}")
        sign_in(client, "nobody-by-this-name", "wrong", f"192.0.2.{n}")

    real = sign_in(client, "chief", "wrong", "198.51.100.50")
    unknown = sign_in(client, "nobody-by-this-name", "wrong", "192.0.2.50")

    assert real.status_code == unknown.status_code == 429
    assert real.content == unknown.content
    text = real.content.decode()
    assert "Too many failed sign-ins" in text
    assert "chief" not in text


def test_the_lock_outs_are_listed_in_the_admin(client, admin_client, superuser):
    for n in range(3):
        sign_in(client, "reporter-x", "wrong", f"198.51.100.{n}")

    page = admin_client.get("/admin/axes/accessattempt/")

    assert page.status_code == 200
    assert "reporter-x" in page.content.decode()


def test_an_administrator_can_unlock_an_account_from_the_command_line(
    client, superuser
):
    for n in range(3):
        sign_in(client, "chief", "wrong", f"198.51.100.{n}")
    assert sign_in(client, "chief", "wrong", "198.51.100.9").status_code == 429

    call_command("axes_reset_username", "chief")

    response = sign_in(client, "chief", "correct horse battery staple", "198.51.100.10")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="chief").exists()
