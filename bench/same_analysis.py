"""Dump everything `analyze` stores for a corpus, canonically, so that two versions of the code can
be compared: a restructuring that moves code and changes no behaviour gives the same file.

    PYTHONPATH=src .venv/bin/python bench/same_analysis.py examples/ -o /tmp/before.jsonl
    ... change the code ...
    PYTHONPATH=src .venv/bin/python bench/same_analysis.py examples/ -o /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl

Each line is one record, sorted: every article's analysis (`Doc.to_dict`, without the text and
without the pipeline's version, which names the code), every story, every stored comparison.
The paths may be files or folders (what `analyze` takes) or JSONL records; `--limit N` keeps the
first N lines of each JSONL file (a slice of the news stream is a realistic corpus). A store of
its own is made in a temporary folder, so nothing the user has is touched.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from newsprism.store import open_store


def _sliced(paths: list[Path], limit: int | None, folder: Path) -> list[str]:
    """The inputs, JSONL files cut to their first `limit` lines."""
    out = []
    for number, path in enumerate(paths):
        if limit is not None and path.suffix == ".jsonl":
            cut = folder / f"{number}-{path.name}"
            with path.open(encoding="utf-8") as source, cut.open("w", encoding="utf-8") as target:
                for index, line in enumerate(source):
                    if index >= limit:
                        break
                    target.write(line)
            out.append(str(cut))
        else:
            out.append(str(path))
    return out


def _records(db: Path) -> list[str]:
    store = open_store(db, read_only=True)
    records: list[dict[str, Any]] = []
    try:
        for story in store.stories():
            records.append({"story": story.to_dict()})
            signature = store.comparison_signatures().get(story.id)
            if signature is not None:
                records.append({"comparison": story.id, "value": store.comparison(story.id, signature)})
            for article_id in story.article_ids:
                doc = store.doc(article_id)
                if doc is not None:
                    records.append({"doc": article_id, "value": doc.to_dict(with_text=False)})
    finally:
        store.close()
    return sorted({json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records})


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None, help="first N lines of each JSONL file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "same.db"
        inputs = _sliced(args.paths, args.limit, Path(folder))
        command = [sys.executable, "-m", "newsprism", "analyze", *inputs, "--db", str(db), "--no-report"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        lines = _records(db)
    args.output.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    print(f"{len(lines)} records -> {args.output}")


if __name__ == "__main__":
    main()
