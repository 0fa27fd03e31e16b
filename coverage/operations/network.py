"""Who sent a request, believing only the proxies we run.

Behind N reverse proxies (nginx, a load balancer, a CDN), each appends the address it
received the request from to X-Forwarded-For, so the last N entries were written by
machines we trust and everything to their left may be forged by the client. The
client is the entry the outermost trusted proxy wrote: settings.TRUSTED_PROXY_COUNT
entries from the right, counting REMOTE_ADDR (the proxy that connected to us) as the
last one. With TRUSTED_PROXY_COUNT = 0 (no proxy) the header is ignored entirely.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The client's IP address as text (IPv4 or IPv6), or None if it is unreadable."""
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_COUNT
    chain = [remote]
    if hops:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        chain.append(remote)
    # More hops trusted than the chain holds: the leftmost is as far as we can see.
    candidate = chain[max(0, len(chain) - 1 - hops)]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
