"""Canonical URLs: the same article reached through a tracking link is one URL.

Tracking parameters (`utm_*`, `fbclid`, `gclid`, `yclid`, ...) and the fragment are dropped, the
scheme and host are lower-cased, a default port is dropped, and the remaining query parameters
keep their order (some sites route on them).
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "_hs")
TRACKING_NAMES = frozenset(
    {"fbclid", "gclid", "dclid", "yclid", "ysclid", "msclkid", "igshid", "mkt_tok", "_openstat"}
    | {"ref_src", "rss", "from_rss", "at_medium", "at_campaign", "spm", "cmpid", "ito"}
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name: str) -> bool:
    """Whether a query parameter only tracks the reader (dropping it shows the same page)."""
    lowered = name.lower()
    return lowered in TRACKING_NAMES or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The URL without tracking parameters or fragment, scheme and host lower-cased; a URL that
    cannot be parsed is returned stripped of surrounding spaces only."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    query = [(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)]
    kept = urlencode([(name, value) for name, value in query if not is_tracking(name)])
    return urlunsplit((scheme, host, parts.path or "/", kept, ""))


def is_local(url: str) -> bool:
    """Whether the URL's host is, or resolves to, a loopback, private, link-local or reserved
    address (this machine, its network, a cloud metadata service). A host that does not resolve
    is not local (fetching it fails on its own)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return bool(host) and _host_is_local(host)


@functools.lru_cache(maxsize=4096)
def _host_is_local(host: str) -> bool:
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return False
    for address in found:
        ip = ipaddress.ip_address(str(address).split("%")[0])
        if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_unspecified:
            return True
    return False
