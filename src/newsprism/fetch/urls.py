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


PUBLIC, PRIVATE, FORBIDDEN = "public", "private", "forbidden"


def ip_kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    """`forbidden` for addresses no news source is on (unspecified, link-local: a cloud metadata
    service, multicast, reserved), `private` for this machine and its networks (loopback, RFC 1918,
    unique local, shared and documentation ranges: anything not globally reachable), else `public`."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip_kind(ip.ipv4_mapped)
    if ip.is_loopback:
        return PRIVATE  # before `is_reserved`, which ::1 is too
    if ip.is_unspecified or ip.is_link_local or ip.is_multicast or ip.is_reserved:
        return FORBIDDEN
    if ip.is_private or not ip.is_global:
        return PRIVATE
    return PUBLIC


def host_kind(host: str) -> str:
    """The kind (`ip_kind`) of a host: a literal address as it is (never resolved), a name by every
    address it resolves to, the worst of them. A name that does not resolve is `public` (fetching
    it fails on its own)."""
    try:
        return ip_kind(ipaddress.ip_address(host.strip("[]").split("%")[0]))
    except ValueError:
        return _resolved_kind(host.lower().rstrip("."))


@functools.lru_cache(maxsize=4096)
def _resolved_kind(host: str) -> str:
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError):
        return PUBLIC
    kinds = {ip_kind(ipaddress.ip_address(str(address).split("%")[0])) for address in found}
    return next((kind for kind in (FORBIDDEN, PRIVATE) if kind in kinds), PUBLIC)


def refusal(url: str, origin: str = "", *, allow_private: bool = True) -> str:
    """Why `url` must not be fetched ('' when it may): a scheme other than http(s); a forbidden
    address (`ip_kind`); a private one when `allow_private` is off, or when it is reached from
    `origin` (a feed, a page that redirects) on a public address."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "not a valid URL; not fetched"
    if parts.scheme.lower() not in ("http", "https"):
        return f"not an http(s) URL (scheme {parts.scheme or 'none'!r}); not fetched"
    if not host:
        return "no host; not fetched"
    kind = host_kind(host)
    if kind == FORBIDDEN:
        return f"{host} is a link-local, multicast or reserved address; never fetched"
    if kind == PRIVATE and not allow_private:
        return f"{host} is a loopback or private address and private addresses are not allowed"
    if kind == PRIVATE and origin:
        try:
            origin_host = urlsplit(origin).hostname or ""
        except ValueError:
            origin_host = ""
        if origin_host and host_kind(origin_host) == PUBLIC:
            return f"{host} is a loopback or private address reached from a public one ({origin_host})"
    return ""


def is_local(url: str) -> bool:
    """Whether the URL's host is, or resolves to, a non-public address (`host_kind`)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return bool(host) and host_kind(host) != PUBLIC
