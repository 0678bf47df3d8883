"""The address a request came from, when the site runs behind proxies."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the outermost of our own proxies saw.

    Each proxy appends the address it saw to X-Forwarded-For, after whatever
    the client wrote there, so only the last DOSSIER_PROXY_COUNT entries are
    ours: the first of them is the client. Anything to its left was written
    by the client and is never believed. A request that did not pass through
    every proxy (too few entries, or an entry that is not an address) is
    known only by the address that connected.
    """
    connected = request.META.get("REMOTE_ADDR", "")
    count = getattr(settings, "DOSSIER_PROXY_COUNT", 0)
    if count <= 0:
        return connected
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    entries = [e for e in entries if e]
    if len(entries) < count:
        return connected
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        return connected
