"""Outlet groups (an editorial line, a country) read from a small TOML file::

    [[group]]
    name = "Государственные"
    kind = "editorial line"
    outlets = ["Вестник Державы", { name = "Коммерсантъ", sites = ["kommersant.ru"] }]

A story page then shows which groups covered the story and which missed it. An outlet given with
its `sites` also counts the articles stored under those hosts («kommersant.ru», a folder
`kommersant/`: `store.outlets.Aliases`) as its own. The groups stored with followed sources
(`sources add --group`, a sources file) are groups too (`merged`); a group of the file replaces a
stored group of the same name.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.errors import GroupsError as GroupsError
from newsprism.store.outlets import Aliases


@dataclass(slots=True, frozen=True)
class OutletGroup:
    name: str
    kind: str
    outlets: tuple[str, ...]
    # (outlet, its sites) for the outlets the file gives with `sites`
    sites: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(slots=True, frozen=True)
class GroupCoverage:
    group: OutletGroup
    covered_by: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return bool(self.covered_by)


def load_groups(path: Path) -> tuple[OutletGroup, ...]:
    """The groups in a TOML file, in file order."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GroupsError(f"{path}: cannot read the outlet groups: {error.strerror or error}") from error
    except tomllib.TOMLDecodeError as error:
        raise GroupsError(f"{path}: not valid TOML: {error}") from error
    entries = data.get("group", [])
    if not isinstance(entries, list):
        raise GroupsError(f"{path}: `group` must be an array of tables ([[group]])")
    groups = []
    for number, entry in enumerate(entries, start=1):
        name, outlets = entry.get("name"), entry.get("outlets")
        if not isinstance(name, str) or not name:
            raise GroupsError(f"{path}: group {number}: `name` must be a non-empty string")
        if not isinstance(outlets, list):
            raise GroupsError(f"{path}: group {name!r}: `outlets` must be a list of outlet names")
        members = [_member(path, name, outlet) for outlet in outlets]
        sites = tuple((outlet, hosts) for outlet, hosts in members if hosts)
        groups.append(OutletGroup(name, str(entry.get("kind", "")), tuple(o for o, _ in members), sites))
    return tuple(groups)


def _member(path: Path, group: str, outlet: Any) -> tuple[str, tuple[str, ...]]:
    """An outlet of the file's `outlets` list: a name, or `{ name = ..., sites = [...] }`."""
    if isinstance(outlet, str) and outlet:
        return outlet, ()
    if isinstance(outlet, dict):
        name, sites = outlet.get("name"), outlet.get("sites", [])
        if (
            isinstance(name, str)
            and name
            and isinstance(sites, list)
            and all(isinstance(site, str) and site for site in sites)
        ):
            return name, tuple(sites)
    raise GroupsError(
        f"{path}: group {group!r}: each of `outlets` must be an outlet name or "
        f'{{ name = "...", sites = ["host", ...] }}, not {outlet!r}'
    )


def aliases(groups: Sequence[OutletGroup]) -> Aliases:
    """The groups' outlets by their names and their sites' hosts (`store.outlets.Aliases`)."""
    known = Aliases()
    for group in groups:
        for outlet, sites in group.sites:
            known.add(outlet, sites)
    return known


def member_of(group: OutletGroup, outlet: str, known: Aliases) -> str | None:
    """The group's outlet that a stored outlet name is (itself, or through its site), or None."""
    if outlet in group.outlets:
        return outlet
    named = known.name(outlet)
    return named if named in group.outlets else None


def merged(
    from_file: Sequence[OutletGroup], sources: Sequence[tuple[str, Sequence[str]]]
) -> tuple[OutletGroup, ...]:
    """The file's groups, in file order, then the groups named by followed sources (source name,
    its groups) that the file does not define, by name, each with the sources that name it. On a
    name both give, the file wins: its kind and outlets, none of the sources'."""
    defined = {group.name for group in from_file}
    members: dict[str, list[str]] = {}
    for source, groups in sources:
        for group in groups:
            if group not in defined and source not in members.setdefault(group, []):
                members[group].append(source)
    stored = (OutletGroup(name, "", tuple(outlets)) for name, outlets in sorted(members.items()))
    return (*from_file, *stored)


def coverage(groups: Sequence[OutletGroup], outlets: Sequence[str]) -> list[GroupCoverage]:
    """For each group, which of its outlets are among `outlets`, by name or by site (none: the
    group missed it)."""
    known = aliases(groups)
    found = []
    for group in groups:
        present = {member_of(group, outlet, known) for outlet in outlets}
        found.append(GroupCoverage(group, tuple(o for o in group.outlets if o in present)))
    return found
