"""Sources files: the outlets to follow, in TOML or as an OPML export of a feed reader.

TOML, one table per outlet::

    [[source]]
    name = "Вестник"                              # the outlet its articles are stored under
    feeds = ["https://vestnik.example/rss.xml"]   # RSS or Atom URLs
    sitemaps = ["https://vestnik.example/news-sitemap.xml"]   # optional: news sitemaps
    groups = ["state media"]                      # optional, as `--groups` names them

OPML: every `<outline>` with an `xmlUrl` is a feed of the source named by its `text` (or
`title`); the `text` of the outlines it is nested in are its groups. Feeds of outlines with the
same name make one source.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import lxml.etree

from newsprism.errors import SourcesFileError as SourcesFileError
from newsprism.store.following import SourceSpec

MAX_FILE_BYTES = 10 * 1024 * 1024


def load_sources(path: Path) -> list[SourceSpec]:
    """The sources a TOML or OPML file lists, by its extension (`.toml`; `.opml` or `.xml`)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SourcesFileError(f"{path}: larger than {MAX_FILE_BYTES} bytes; is it a sources file?")
        data = path.read_bytes()
    except OSError as error:
        raise SourcesFileError(f"{path}: cannot read: {error.strerror or error}") from error
    if path.suffix.lower() == ".toml":
        return sources_from_toml(data, str(path))
    if path.suffix.lower() in (".opml", ".xml"):
        return sources_from_opml(data, str(path))
    raise SourcesFileError(f"{path}: give a .toml or an .opml file")


def sources_from_toml(data: bytes, file: str) -> list[SourceSpec]:
    try:
        parsed = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SourcesFileError(f"{file}: not valid UTF-8 TOML: {error}") from error
    entries = parsed.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourcesFileError(f'{file}: no [[source]] tables; each needs name = "..." and feeds = [...]')
    return _merged([_toml_source(entry, number, file) for number, entry in enumerate(entries, start=1)])


def _toml_source(entry: Any, number: int, file: str) -> SourceSpec:
    where = f"{file}: source {number}"
    if not isinstance(entry, dict):
        raise SourcesFileError(f"{where}: is not a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourcesFileError(f'{where}: needs name = "the outlet\'s name"')
    feeds = _strings(entry.get("feeds", []), f"{where} ({name}): feeds")
    sitemaps = _strings(entry.get("sitemaps", []), f"{where} ({name}): sitemaps")
    if not feeds and not sitemaps:
        raise SourcesFileError(f'{where} ({name}): needs feeds = ["https://.../rss"] (or sitemaps = [...])')
    for url in feeds + sitemaps:
        check_feed_url(url, f"{where} ({name})")
    groups = _strings(entry.get("groups", []), f"{where} ({name}): groups")
    return SourceSpec(name.strip(), tuple(feeds), tuple(groups), tuple(sitemaps))


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SourcesFileError(f"{where}: must be a list of strings")
    return [item.strip() for item in value if item.strip()]


def sources_from_opml(data: bytes, file: str) -> list[SourceSpec]:
    # No entities, no network, no huge trees: an OPML file is data from elsewhere.
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = lxml.etree.fromstring(data, parser)
    except lxml.etree.XMLSyntaxError as error:
        raise SourcesFileError(f"{file}: not OPML XML: {error}") from error
    found: list[SourceSpec] = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if not url:
            continue
        name = (outline.get("text") or outline.get("title") or "").strip()
        if not name:
            raise SourcesFileError(f"{file}: line {outline.sourceline}: an outline with xmlUrl needs text=")
        check_feed_url(url, f"{file}: line {outline.sourceline} ({name})")
        groups = [
            (parent.get("text") or parent.get("title") or "").strip()
            for parent in outline.iterancestors("outline")
        ]
        found.append(SourceSpec(name, (url,), tuple(reversed([g for g in groups if g]))))
    if not found:
        raise SourcesFileError(f"{file}: no <outline xmlUrl=...> feeds")
    return _merged(found)


def check_feed_url(url: str, where: str) -> None:
    """A feed URL must be http(s) with a host."""
    scheme, _, rest = url.partition("://")
    if scheme.lower() not in ("http", "https") or not rest.split("/", 1)[0]:
        raise SourcesFileError(f"{where}: {url!r} is not an http(s) URL of a feed")


def _merged(specs: list[SourceSpec]) -> list[SourceSpec]:
    """One source per name, its feeds, groups and sitemaps in the order first given."""
    by_name: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for spec in specs:
        feeds, groups, sitemaps = by_name.setdefault(spec.name, ([], [], []))
        feeds.extend(url for url in spec.feeds if url not in feeds)
        groups.extend(group for group in spec.groups if group not in groups)
        sitemaps.extend(url for url in spec.sitemaps if url not in sitemaps)
    return [
        SourceSpec(name, tuple(feeds), tuple(groups), tuple(sitemaps))
        for name, (feeds, groups, sitemaps) in by_name.items()
    ]
