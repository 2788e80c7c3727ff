"""Readable terminal output (rich)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsprism.model import Article, Doc
from newsprism.present.safe_text import plain, text
from newsprism.present.summary import ENTITY_TYPES, entity_counts
from newsprism.stories.entities import CanonicalEntity

TYPE_STYLES = {"PER": "bold cyan", "ORG": "bold magenta", "LOC": "bold green"}
UNKNOWN_OUTLET = "outlet unknown"


def print_article(console: Console, article: Article, doc: Doc | None, *, max_names: int = 12) -> None:
    """Outlet and title, then each entity type with its distinct names, most mentioned first."""
    head = Text()
    head.append(plain(article.outlet or UNKNOWN_OUTLET), style="bold yellow" if article.outlet else "dim")
    head.append(" — ")
    head.append(plain(article.title), style="bold")
    head.append(f"  [{plain(article.id)}]", style="dim")
    console.print(head)
    if doc is None:
        console.print("  (not analysed)", style="dim")
        return
    counts = entity_counts(doc.entities)
    for kind in ENTITY_TYPES:
        names = [c for c in counts if c.type == kind]
        if not names:
            continue
        line = Text("  ")
        line.append(f"{kind:<4}", style=TYPE_STYLES[kind])
        for index, name in enumerate(names[:max_names]):
            if index:
                line.append(", ")
            line.append(plain(name.normal))
            if name.count > 1:
                line.append(f" ×{name.count}", style="dim")
        if len(names) > max_names:
            line.append(f", … {len(names) - max_names} more", style="dim")
        console.print(line)
    console.print()


def articles_table(articles: Iterable[Article]) -> Table:
    table = Table(show_lines=False, header_style="bold")
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("outlet")
    table.add_column("published", no_wrap=True)
    table.add_column("title")
    for article in articles:
        table.add_row(
            text(article.id),
            text(article.outlet or "—"),
            article.published.date().isoformat() if article.published else "—",
            text(article.title),
        )
    return table


def entities_table(entities: Iterable[CanonicalEntity]) -> Table:
    table = Table(header_style="bold")
    table.add_column("entity")
    table.add_column("type", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("mentions", justify="right")
    table.add_column("− / 0 / +", justify="right", no_wrap=True)
    table.add_column("aliases")
    for entity in entities:
        aliases = sorted(entity.aliases.items(), key=lambda item: -len(item[1]))
        shown = ", ".join(f"{plain(alias)} ×{len(evidence)}" for alias, evidence in aliases[:6])
        if len(aliases) > 6:
            shown += f", … {len(aliases) - 6} more"
        counts = entity.sentiment
        table.add_row(
            text(entity.name),
            text(entity.type, TYPE_STYLES.get(entity.type, "")),
            str(len(entity.articles)),
            str(entity.mentions),
            f"{counts[-1]} / {counts[0]} / {counts[1]}",
            Text(shown),
        )
    return table
