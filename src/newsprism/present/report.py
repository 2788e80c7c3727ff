"""The self-contained HTML report: one file with inline CSS and JavaScript, nothing from the network.

A report holds the comparison of one or more stories (storylines first, each followed by its
events), an index of them at the top (a table its script sorts by size, outlets or date and filters
by words), and the articles that are in no story. A big batch's sections are stored compressed and
unpacked when opened (`report_pack`): at 997 articles of a real day, 3.8 MB instead of 18.9 MB.
A Content Security Policy in the page allows only its own inline style and its one script (by
hash): even if text from an article slipped through unescaped, no other script could run and
nothing could be fetched.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from newsprism import __version__
from newsprism.compare.record import ComparisonRecord
from newsprism.compare.statements import source_label
from newsprism.compare.stored import stored_record
from newsprism.model import Article, Doc, Story
from newsprism.present.article_html import article_html
from newsprism.present.comparison_html import Column, StoryView, safe_url, story_view
from newsprism.present.report_file import ReportError, write_report
from newsprism.present.report_pack import INLINE_MAX_BYTES, pack, should_pack
from newsprism.present.view_words import outlet_label, when_label
from newsprism.store import Store

__all__ = ["ReportError", "record_view", "render_report", "run_report", "story_views", "write_report"]

_env = Environment(
    loader=PackageLoader("newsprism.present", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
# The report is in English; its story section is translated on the web story page (web/i18n.py)
_env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
_env.filters["outlet"] = outlet_label


@dataclass(slots=True, frozen=True)
class Script:
    code: Markup
    csp_hash: str


def _script() -> Script:
    """The report's script and its CSP hash (computed on the exact text that goes in the page)."""
    source = _env.loader.get_source(_env, "report.js")[0] if _env.loader else ""
    digest = base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")
    return Script(Markup(source), f"sha256-{digest}")


def loose_column(article: Article, doc: Doc | None) -> Column:
    """An article that is in no story: its highlighted text, without facts to align."""
    return Column(
        id=f"article-{article.id}",
        article_id=article.id,
        outlet=source_label(article),
        outlet_index=0,
        title=article.title,
        when=when_label(
            article.published is not None,
            article.published.date().isoformat() if article.published else (doc.written_after if doc else ""),
            doc.written_before if doc and not article.published else "",
        ),
        url=safe_url(article.url),
        event="",
        html=article_html(doc) if doc else Markup(""),
    )


def _events_of(store: Store, story: Story) -> list[tuple[str, str, str, str]]:
    events = [store.story(event_id) for event_id in story.event_ids]
    return [(e.id, e.title, e.first, e.last) for e in events if e is not None]


def ordered_stories(stories: Iterable[Story]) -> list[Story]:
    """Storylines (biggest first), each followed by its events among `stories`, then other events."""
    found = {s.id: s for s in stories}
    lines = sorted(
        (s for s in found.values() if s.kind == "storyline"),
        key=lambda s: (-len(s.article_ids), s.first, s.id),
    )
    out: list[Story] = []
    for line in lines:
        out.append(line)
        out.extend(found[e] for e in line.event_ids if e in found)
    placed = {s.id for s in out}
    rest = sorted((s for s in found.values() if s.id not in placed), key=lambda s: (s.first, s.id))
    return out + rest


def record_view(store: Store, record: ComparisonRecord) -> StoryView:
    """The view of a stored comparison, highlighted from its articles' stored analyses."""
    docs = {a.id: doc for a in record.articles if (doc := store.doc(a.id)) is not None}
    return story_view(record, docs, _events_of(store, record.story))


def story_views(store: Store, stories: Iterable[Story]) -> list[StoryView]:
    """The view of each story's stored comparison, in report order; stories with no analysed
    article are left out."""
    views = []
    for story in ordered_stories(stories):
        record = stored_record(store, story)
        if record is None or not record.articles:
            continue
        views.append(record_view(store, record))
    return views


def run_report(
    store: Store,
    stories: Sequence[Story],
    items: Sequence[tuple[Article, Doc | None]],
    *,
    inline_max: int = INLINE_MAX_BYTES,
) -> str:
    """The report of a run: the comparison of every story it touched, then its articles that are
    in no story (an analysed article normally has at least its own event)."""
    in_story = {article_id for story in stories for article_id in story.article_ids}
    loose = [loose_column(article, doc) for article, doc in items if article.id not in in_story]
    return render_report(story_views(store, stories), loose, inline_max=inline_max)


@dataclass(slots=True, frozen=True)
class Section:
    """One story's section of the report (or the articles in no story): its HTML, or that HTML
    packed (`report_pack`) behind a placeholder with what the index says of it."""

    anchor: str
    kind: str
    title: str
    first: str
    last: str
    articles: int
    outlets: list[str]
    html: Markup
    packed: str = ""


@dataclass(slots=True, frozen=True)
class IndexGroup:
    """A row group of the report's index: a story, then the events of it that the report has (a
    sort moves a storyline with its events)."""

    head: StoryView
    events: list[StoryView]


def index_groups(views: Sequence[StoryView]) -> list[IndexGroup]:
    groups: list[IndexGroup] = []
    for view in views:
        if view.parent and groups and groups[-1].head.anchor == view.parent:
            groups[-1].events.append(view)
        else:
            groups.append(IndexGroup(view, []))
    return groups


def article_count(view: StoryView) -> int:
    return max(view.total, len(view.columns))


def _sections(views: Sequence[StoryView], loose: Sequence[Column], inline_max: int) -> list[Section]:
    present = [view.anchor for view in views]
    section = _env.get_template("story_section.html")
    sections = [
        Section(
            view.anchor,
            view.kind,
            view.title,
            view.first,
            view.last,
            article_count(view),
            view.outlets,
            Markup(section.render(story=view, present=present)),
        )
        for view in views
    ]
    if loose:
        html = _env.get_template("loose_section.html").render(loose=loose, present=present)
        outlets = list(dict.fromkeys(column.outlet for column in loose))
        title = "Articles in no story"
        sections.append(Section("no-story", "", title, "", "", len(loose), outlets, Markup(html)))
    if not should_pack([s.html for s in sections], inline_max):
        return sections
    return [dataclasses.replace(s, html=Markup(""), packed=pack(s.html)) for s in sections]


def render_report(
    views: Sequence[StoryView],
    loose: Sequence[Column] = (),
    *,
    title: str = "newsprism report",
    inline_max: int = INLINE_MAX_BYTES,
) -> str:
    """The report's page; when the sections' HTML is over `inline_max` bytes they are packed."""
    script = _script()
    sections = _sections(views, loose, inline_max)
    return _env.get_template("report.html").render(
        title=title,
        stories=views,
        groups=index_groups(views),
        sections=sections,
        packed=any(s.packed for s in sections),
        loose=len(loose),
        article_count=article_count,
        script=script.code,
        script_hash=script.csp_hash,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        version=__version__,
    )
