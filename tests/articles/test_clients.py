"""Client identity: only the hops our own proxies added are believed."""

import pytest
from django.test import RequestFactory

from articles.clients import client_address


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_client_is_the_tcp_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),  # what nginx appended
        ("1.1.1.1, 203.0.113.7", "203.0.113.7"),  # the client's own claim is ignored
        ("not-an-address, 203.0.113.7", "203.0.113.7"),
        ("203.0.113.7:51234", "203.0.113.7"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("", "10.0.0.2"),  # reached us around the proxy: the peer
        ("garbage", "10.0.0.2"),
    ],
)
def test_behind_one_proxy_the_client_is_the_hop_it_appended(
    settings, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("10.0.0.2", forwarded)) == expected


def test_behind_two_proxies_the_client_is_the_second_hop_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    forwarded = "6.6.6.6, 203.0.113.7, 10.0.0.9"  # spoof, client, load balancer

    assert client_address(request_from("10.0.0.2", forwarded)) == "203.0.113.7"


def test_fewer_hops_than_trusted_proxies_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 3

    assert client_address(request_from("10.0.0.2", "6.6.6.6, 7.7.7.7")) == "10.0.0.2"
