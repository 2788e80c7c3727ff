"""Text with annotated spans wrapped in HTML elements, everything else escaped."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from newsprism.model import Doc, Entity, Paragraph

MARK = '<mark class="e {type}" title="{type}: {normal}" data-start="{a}" data-stop="{b}">{text}</mark>'
PARAGRAPH_TAGS = {"title": "h2", "lead": "p", "heading": "h3", "body": "p"}


def highlight(text: str, offset: int, entities: Sequence[Entity]) -> Markup:
    """`text` (which starts at `offset` in the doc) with each entity inside it wrapped in <mark>.

    Entities must be sorted and not overlap (NER output is both); each mark carries its type,
    normal form and offsets, so a page can point back to the exact characters of the source.
    """
    parts: list[str] = []
    position = 0
    for entity in entities:
        start, stop = entity.start - offset, entity.stop - offset
        if start < position or stop > len(text):
            continue
        parts.append(escape(text[position:start]))
        parts.append(
            Markup(MARK).format(
                type=entity.type, normal=entity.normal, a=entity.start, b=entity.stop, text=text[start:stop]
            )
        )
        position = stop
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def paragraphs_html(doc: Doc) -> list[tuple[str, Paragraph, Markup]]:
    """Each paragraph with its HTML tag and highlighted content."""
    result = []
    index = 0
    entities = doc.entities
    for paragraph in doc.paragraphs:
        while index < len(entities) and entities[index].stop <= paragraph.start:
            index += 1
        inside = []
        scan = index
        while scan < len(entities) and entities[scan].start < paragraph.stop:
            inside.append(entities[scan])
            scan += 1
        content = highlight(doc.span_text(paragraph), paragraph.start, inside)
        result.append((PARAGRAPH_TAGS[paragraph.kind], paragraph, content))
    return result
