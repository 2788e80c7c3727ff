from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism.analyse import Pipeline
from newsprism.cli import app
from newsprism.ingest.fields import guess_language
from newsprism.model import Article, Doc
from newsprism.stories.build import compute_stories, default_scorer
from newsprism.stories.view import StoryDoc

DAY = datetime(2026, 5, 2, 10, 0, tzinfo=UTC)


def article(title: str, body: str, outlet: str, hour: int) -> Article:
    text = title + " " + body
    return Article(
        title=title,
        body=body,
        outlet=outlet,
        published=DAY.replace(hour=hour),
        language=guess_language(text),
    )


# One invented event told by two Russian outlets, an English and a Ukrainian one ...
BRIDGE = [
    article(
        "Губернатор Сергей Волков открыл новый мост через Волгу в Твери",
        "В субботу губернатор Тверской области Сергей Волков открыл движение по новому мосту через "
        "Волгу. Строительство обошлось в 12 миллиардов рублей и заняло три года. По мосту длиной 900 "
        "метров будут проезжать до 40 тысяч автомобилей в сутки.",
        "Тверские вести",
        9,
    ),
    article(
        "В Твери запустили движение по мосту через Волгу стоимостью 12 млрд рублей",
        "Новый мост через Волгу в Твери открыт для машин. Ленточку перерезал глава региона Сергей "
        "Волков. Мост длиной 900 метров строили три года, на него потратили 12 миллиардов рублей.",
        "Вечерний курьер",
        11,
    ),
    article(
        "New bridge over the Volga opens in Tver",
        "Governor Sergei Volkov opened traffic on a new bridge across the Volga in Tver on Saturday. "
        "The 900-metre bridge took three years to build and cost 12 billion roubles; up to 40,000 "
        "cars a day are expected to use it.",
        "Daily Wire Service",
        12,
    ),
    article(
        "У Твері відкрили новий міст через Волгу",
        "Губернатор Тверської області Сергій Волков відкрив рух новим мостом через Волгу. Будівництво "
        "коштувало 12 мільярдів рублів і тривало три роки. Довжина мосту 900 метрів, ним щодоби "
        "проїжджатимуть до 40 тисяч автомобілів.",
        "Вісті дня",
        13,
    ),
]
# ... and two events of the same day that are not it, in Russian and in English.
OTHERS = [
    article(
        "В Казани открылся фестиваль уличного театра",
        "В субботу в Казани начался международный фестиваль уличного театра. На площадях города "
        "выступят 30 трупп из восьми стран, сообщили организаторы. Фестиваль продлится до вторника.",
        "Тверские вести",
        10,
    ),
    article(
        "Central bank leaves its key rate unchanged",
        "The central bank kept its key interest rate at 21 percent on Friday, saying inflation was "
        "slowing but remained high. Analysts expect the first cut in the summer.",
        "Daily Wire Service",
        14,
    ),
]


def test_stories_an_event_joins_across_russian_english_and_ukrainian(pipeline: Pipeline) -> None:
    assert [item.language for item in BRIDGE] == ["ru", "ru", "en", "uk"]
    items = BRIDGE + OTHERS
    docs = list(pipeline.pipe(Doc.from_article(item) for item in items))
    # natasha never ran on the English and Ukrainian texts, so they name nobody
    for item, doc in zip(items, docs, strict=True):
        assert bool(doc.entities) == (item.language == "ru")
    views = [StoryDoc.from_analysis(item, doc) for item, doc in zip(items, docs, strict=True)]
    stories, _ = compute_stories(views, default_scorer())
    events = [set(story.article_ids) for story in stories if story.kind == "event"]
    bridge = {item.id for item in BRIDGE}
    assert bridge in events  # all four, and nothing else
    assert {OTHERS[0].id} in events and {OTHERS[1].id} in events


@pytest.mark.slow
def test_stories_analyze_says_what_it_skipped_for_other_languages(tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    rows = [
        {
            "title": item.title,
            "text": item.body,
            "outlet": item.outlet,
            "published": item.published.isoformat(),
        }
        for item in BRIDGE
        if item.published is not None
    ]
    source.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(source), "--db", str(tmp_path / "s.db"), "--no-report"])
    assert result.exit_code == 0, result.output
    assert "1 en, 1 uk: not Russian, so names, dates, figures, quotes and sentiment were skipped" in " ".join(
        result.output.split()
    )
