"""Outlet names as a user or a file gives them, to the names articles are stored under.

An outlet is known by its name in any case (ё as е, spaces collapsed: `newsprism.text.name_key`), and a
followed source (`newsprism sources`) also by the hosts of its feeds and sitemaps (without
`www.`) and by those hosts' site labels («kommersant.ru» → «kommersant»). So an article stored
under the host «kommersant.ru», or from a folder `kommersant/`, is stored under the source's name
«Коммерсантъ» (`Aliases.name`), and `--outlet kommersant` finds the outlet whatever it is stored
as (`Aliases.resolve`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from newsprism.store.following import SourceStatus
from newsprism.text import name_key

# second-level labels under which a country's sites are registered («bbc.co.uk» is «bbc»)
_SHARED_LABELS = frozenset({"ac", "co", "com", "edu", "gov", "net", "org"})


def host_of(value: str) -> str:
    """The host of a URL or a bare host name, lower case, without `www.`; "" when there is none."""
    candidate = value.strip().lower()
    try:
        host = urlsplit(candidate if "//" in candidate else "//" + candidate).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.") if "." in host else ""


def site_label(host: str) -> str:
    """The label a site is registered under: «kommersant» of «kommersant.ru», «bbc» of
    «bbc.co.uk», «mail» of «news.mail.ru»; "" for a name that is not a host."""
    labels = host.split(".")
    if len(labels) < 2 or not all(labels):
        return ""
    if len(labels) >= 3 and labels[-2] in _SHARED_LABELS:
        return labels[-3]
    return labels[-2]


def _keys(name: str) -> list[str]:
    """The keys a name is known by: itself in any case, and as a host, the host and its label."""
    found = [name_key(name)]
    if host := host_of(name):
        found += [host, site_label(host)]
    return [key for key in dict.fromkeys(found) if key]


@dataclass(slots=True)
class Aliases:
    """Outlet names by the keys they are known by (`of_sources` builds them from followed sources)."""

    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of_sources(cls, sources: Iterable[SourceStatus]) -> Aliases:
        aliases = cls()
        for source in sources:
            aliases.add(source.name, [feed.url for feed in source.feeds])
        return aliases

    def add(self, name: str, also: Sequence[str] = ()) -> None:
        """`name` is known by its own keys and those of `also` (its URLs, hosts, other names);
        a key already taken by another outlet keeps it."""
        for alias in (name, *also):
            for key in _keys(alias):
                self.names.setdefault(key, name)

    def name(self, outlet: str) -> str:
        """The outlet's known name («Коммерсантъ» for «kommersant.ru» or «КОММЕРСАНТЪ»), or the
        outlet as given when no alias is known."""
        for key in _keys(outlet):
            if key in self.names:
                return self.names[key]
        return outlet

    def resolve(self, query: str, stored: Iterable[str]) -> tuple[str, ...]:
        """The stored outlet names `query` may mean: those it names in any case, as a host or a
        site's label, or through an alias; empty when none is stored."""
        wanted = set(_keys(query)) | {name_key(self.name(query))}
        return tuple(
            outlet
            for outlet in dict.fromkeys(stored)
            if outlet and (wanted & set(_keys(outlet)) or name_key(self.name(outlet)) in wanted)
        )
