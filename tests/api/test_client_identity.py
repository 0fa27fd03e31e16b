"""The anonymous throttle counts a client by the address our proxies saw."""

import pytest

from tests.api.test_access import LIST

pytestmark = pytest.mark.django_db


def test_a_new_x_forwarded_for_on_each_request_does_not_escape_the_throttle(
    api_client,
    tight_rates,
    settings,
):
    settings.TRUSTED_PROXY_COUNT = 0

    statuses = [
        api_client.get(
            LIST, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 429, 429]


def test_behind_a_proxy_a_spoofed_first_hop_does_not_escape_the_throttle(
    api_client,
    tight_rates,
    settings,
):
    settings.TRUSTED_PROXY_COUNT = 1

    statuses = [
        api_client.get(
            LIST,
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7",
        ).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 429, 429]


def test_behind_a_proxy_two_real_clients_are_counted_apart(
    api_client,
    tight_rates,
    settings,
):
    settings.TRUSTED_PROXY_COUNT = 1

    def status(client_ip):
        return api_client.get(
            LIST, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=client_ip
        ).status_code

    assert [status("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert status("203.0.113.8") == 200
