"""The self-contained HTML report: one file, inline CSS, no network."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from newsprism import __version__
from newsprism.model import Article, Doc
from newsprism.present.highlight import paragraphs_html
from newsprism.present.summary import entity_counts

_env = Environment(
    loader=PackageLoader("newsprism.present", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_report(items: Sequence[tuple[Article, Doc | None]], *, title: str = "newsprism report") -> str:
    cards = [
        {
            "article": article,
            "counts": entity_counts(doc.entities) if doc else [],
            "paragraphs": paragraphs_html(doc) if doc else [],
        }
        for article, doc in items
    ]
    outlets = sorted({article.outlet for article, _ in items if article.outlet})
    return _env.get_template("report.html").render(
        title=title,
        cards=cards,
        outlets=outlets,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
    )


def write_report(path: Path, items: Sequence[tuple[Article, Doc | None]]) -> Path:
    """Write the report atomically (a half-written report never replaces a good one)."""
    html = render_report(items)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(path)
    return path
