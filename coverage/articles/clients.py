"""Who is asking: the client's address, from hops our own proxies added and nothing else.

A client can send any `X-Forwarded-For` it likes, so only the entries appended by the
site's own reverse proxies are believed. With `settings.TRUSTED_PROXY_COUNT = n`
(environment variable of the same name, default 0):

- n = 0: no proxy in front; the client is the TCP peer, `REMOTE_ADDR`.
- n ≥ 1: each of our n proxies appends the address of the peer it saw to
  X-Forwarded-For, so the client is the n-th entry from the right. Anything further
  left was written by the client and is ignored. If there are fewer than n entries, a
  request reached us around a proxy: we fall back to `REMOTE_ADDR`.

Throttles, login lock-outs (django-axes) and request logs all call
`client_address(request)`, so they agree about who a client is. This module sits at
the bottom of the domain so every layer above may import it.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's IP address as a normalised string ("203.0.113.7", "2001:db8::1").

    `request` is a Django HttpRequest (or a DRF Request, which forwards `.META`).
    Never raises; answers "0.0.0.0" only when not even REMOTE_ADDR is an address
    (a test client or a misconfigured server).
    """
    meta = request.META
    peer = _address(meta.get("REMOTE_ADDR", ""))
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return peer or "0.0.0.0"
    hops = [
        hop for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()
    ]
    if len(hops) < trusted:
        return peer or "0.0.0.0"
    return _address(hops[-trusted]) or peer or "0.0.0.0"


def _address(value: str) -> str:
    """`value` as a normalised IP address, or "" if it is none ("[::1]:443", "1.2.3.4:80" allowed)."""
    value = value.strip()
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return ""


# The headers a partner's API key may arrive in (partners.authentication:
# `Authorization: Api-Key <key>` or `X-API-Key`), as WSGI names them.
CREDENTIAL_HEADERS = ("HTTP_AUTHORIZATION", "HTTP_X_API_KEY")


def carries_credentials(request) -> bool:
    """Whether `request` names a credential in a header. Such a request is never
    answered from, or stored in, a shared copy (the page cache, a CDN) nor sent to
    the read replica: its holder has their own rate, and a revoked key is refused."""
    return any(header in request.META for header in CREDENTIAL_HEADERS)


def carries_pending_messages(request) -> bool:
    """Whether `request` holds messages waiting to be shown (django.contrib.messages'
    cookie): its page is rendered for it, never answered from or stored in the page
    cache, which would drop the message."""
    from django.contrib.messages.storage.cookie import CookieStorage

    return CookieStorage.cookie_name in request.COOKIES
