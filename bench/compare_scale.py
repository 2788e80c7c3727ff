"""How the cost of one story's comparison grows with its articles, and what the sample bound does.

    PYTHONPATH=src .venv/bin/python bench/compare_scale.py [--articles 400]

The demo articles (examples/) are repeated under twelve outlets, analysed once, and compared as
one story of 20, 40, 80 and 160 articles (all of them compared), then as a story of `--articles`
compared on its `sample_articles`. Prints CPU seconds per comparison.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsprism.analyse import default_pipeline
from newsprism.compare import compare_story
from newsprism.compare.comparison import sample_articles
from newsprism.ingest import read_paths
from newsprism.model import Article, Doc, Story

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=400)
    args = parser.parse_args()
    base = [item for item in read_paths([str(EXAMPLES)]) if isinstance(item, Article)]
    articles = [
        Article(title=f"{a.title} ({n})", body=a.body, outlet=f"Издание {n % 12}")
        for n, a in enumerate(base[n % len(base)] for n in range(args.articles))
    ]
    docs = list(default_pipeline().pipe(Doc.from_article(article) for article in articles))
    items = list(zip(articles, docs, strict=True))
    story = Story(id="bench", kind="event", title="bench", article_ids=[a.id for a in articles])
    for size in (20, 40, 80, 160):
        started = time.process_time()
        compare_story(story, items[:size])
        print(f"{size:>5} articles, all compared: {time.process_time() - started:6.2f} s CPU")
    chosen = {article.id for article in sample_articles(articles)}
    started = time.process_time()
    compare_story(story, [item for item in items if item[0].id in chosen], total=len(articles))
    print(
        f"{len(articles):>5} articles, a sample of {len(chosen)}: {time.process_time() - started:6.2f} s CPU"
    )


if __name__ == "__main__":
    main()
