"""The comparison in the terminal: `newsprism story ID` after the story's header.

It prints the stored comparison read back (`compare.record.ComparisonRecord`), the same record
the HTML report and the web page render.

Sections in the order an analyst reads them: the common ground, what each outlet adds or leaves
out, figures that differ, how each outlet names and judges the key actors, who speaks, headlines
the body does not support. Quoted text is shown as it is in the article, shortened with «…».
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsprism.compare.figures import counted_class
from newsprism.compare.record import ComparisonRecord, FigureRecord
from newsprism.present.safe_text import line, plain, text
from newsprism.tone import Tone, tone_text

SNIPPET = 160
STATUS_STYLE = {"conflict": "bold red", "different_times": "yellow", "compatible": "cyan", "agree": "green"}


def _snippet(value: str, limit: int = SNIPPET) -> str:
    value = " ".join(plain(value).split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _tone(tone: Tone) -> Text:
    """The outlet's own tone with its mentions («−0.50 (4 mentions)»), dim below MIN_MENTIONS,
    then the tone in quotes apart."""
    value = tone.sentiment
    style = "dim" if tone.few else "red" if value < -0.15 else "green" if value > 0.15 else "dim"
    cell = Text(tone_text(value, tone.mentions) if tone.mentions else "no own mention", style=style)
    if tone.quoted:
        cell.append(f"\nin quotes {tone_text(tone.quoted_sentiment, tone.quoted)}", style="dim")
    return cell


def _figure_cell(figure: FigureRecord) -> Text:
    cell = Text(_snippet(figure.span.text, 60), style="bold")
    cell.append(f"\n{plain(figure.outlet)}", style="dim")
    when = plain(figure.time or "time unknown")
    cell.append(f"\n{when} ({plain(figure.time_source)})", style="dim")
    return cell


def print_comparison(console: Console, c: ComparisonRecord) -> None:
    shared = c.shared_facts
    console.print()
    console.print(
        line(
            ("Comparison", "bold"),
            f" of {len(c.articles)} articles by {len(c.outlets)} outlets: "
            f"{shared} facts told by several outlets, {len(c.facts) - shared} by one",
        )
    )
    if c.articles_total > len(c.articles):
        console.print(
            text(
                f"  a sample of {len(c.articles)} of the story's {c.articles_total} articles,"
                " every outlet kept",
                "dim",
            )
        )
    for article in c.articles:
        if article.statements_left_out:
            compared = article.statements_compared
            console.print(
                f"  {article.outlet}: only the first {compared} of "
                f"{compared + article.statements_left_out} sentences compared (a very long article)",
                style="dim",
                markup=False,
                highlight=False,
            )
    _summary(console, c)
    _figures(console, c)
    _framing(console, c)
    _voices(console, c)
    _headlines(console, c)


def _summary(console: Console, c: ComparisonRecord) -> None:
    console.print()
    console.print(text("Common ground", "bold"))
    if not c.summary.common:
        console.print(text("  no statement is told by two outlets", "dim"))
    for statement in c.summary.common:
        outlet = c.outlet_of(statement.article)
        console.print(line(f"  • {_snippet(statement.text)}  ", (f"({outlet})", "dim")))
    for outlet_line in c.summary.outlets:
        facts = (
            f": {outlet_line.unique_facts} facts of its own, leaves out {len(outlet_line.leaves_out)} shared"
        )
        console.print(line("  ", (outlet_line.outlet, "yellow"), (facts, "dim")))
        for statement in outlet_line.adds:
            console.print(text(f"    + {_snippet(statement.text)}"))


def _figures(console: Console, c: ComparisonRecord) -> None:
    """Disagreements in full; agreements one line per figure with the outlets that give it."""
    differing = [item for item in c.figures if item.status != "agree"]
    agreed: dict[tuple[str, float], set[str]] = {}
    for item in c.figures:
        if item.status == "agree":
            key = (counted_class(item.a.counted), item.a.value)
            agreed.setdefault(key, set()).update({item.a.outlet, item.b.outlet})
    if differing:
        table = Table(
            title="Figures that differ between outlets", title_justify="left", show_lines=True, expand=True
        )
        table.add_column("figure")
        table.add_column("against")
        table.add_column("verdict")
        for item in differing:
            verdict = text(item.note, STATUS_STYLE[item.status])
            table.add_row(_figure_cell(item.a), _figure_cell(item.b), verdict)
        console.print(table)
    for (counted, value), outlets in sorted(agreed.items()):
        console.print(
            line("  ", ("=", "green"), f" {value:g} ({counted}): the same in {', '.join(sorted(outlets))}")
        )


def _framing(console: Console, c: ComparisonRecord) -> None:
    if not c.entities:
        return
    table = Table(
        title="How each outlet names and judges the key actors",
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("actor", ratio=2)
    table.add_column("outlet", ratio=2)
    table.add_column("tone", justify="right")
    table.add_column("named as", ratio=4)
    table.add_column("loaded words", ratio=2)
    for framing in c.entities:
        for number, view in enumerate(framing.outlets):
            namings = ", ".join(
                f"{n.naming} ×{n.count}" if n.count > 1 else n.naming for n in view.namings[:4]
            )
            loaded = ", ".join(dict.fromkeys(span.text for span, _ in view.loaded))
            table.add_row(
                text(framing.name if number == 0 else ""),
                text(view.outlet),
                _tone(view.tone),
                text(namings),
                text(loaded),
            )
    console.print(table)


def _voices(console: Console, c: ComparisonRecord) -> None:
    if not c.voices:
        return
    table = Table(title="Who is quoted", title_justify="left", expand=True)
    table.add_column("outlet")
    table.add_column("speaker")
    table.add_column("direct", justify="right")
    table.add_column("reported", justify="right")
    table.add_column("chars", justify="right")
    for voice in c.voices:
        speaker = text(voice.speaker)
        if voice.source:
            speaker.append("  source", style="cyan")
        table.add_row(
            text(voice.outlet), speaker, str(voice.direct), str(voice.indirect), str(voice.characters)
        )
    console.print(table)


def _headlines(console: Console, c: ComparisonRecord) -> None:
    flagged = [h for h in c.headlines if not h.supported]
    if not flagged:
        console.print()
        console.print(text("Every headline is supported by its body.", "green"))
        return
    console.print()
    console.print(text("Headlines the body does not support", "bold red"))
    for check in flagged:
        console.print(text(f"  {c.outlet_of(check.article)}: «{_snippet(check.headline.text)}»"))
        if check.best_match is not None:
            console.print(
                text(f"    closest in the body ({check.score:.2f}): {_snippet(check.best_match.text)}", "dim")
            )
