"""Peak memory and time of `newsprism analyze` on one article of 1 KB to 5 MB.

    .venv/bin/python bench/memory_by_size.py [--data /work/shared/data/news-stream] [--sizes 1e3,1e6]

Each article is built from real news texts (the `text` of the JSON lines in `--data`, concatenated
in file order until the size is reached; nothing of them is kept) in three shapes: `line`, the
whole body on one line; `paragraphs`, a paragraph per line of the source texts; `run-on`, one line
with every full stop, question and exclamation mark taken out (no sentence ends: the worst case
for the per-mention work). Each is analysed by a real `newsprism analyze FILE --db NEW.db --report
NEW.html` subprocess; its peak resident set comes from `os.wait4` (the kernel's `ru_maxrss` of
that child alone). `--limit-gb` also caps the child's address space (RLIMIT_AS), as the tests do.
Results: printed as a Markdown table and written to bench/results/memory_by_size.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWSPRISM = Path(sys.executable).with_name("newsprism")
DEFAULT_DATA = Path("/work/shared/data/news-stream")
DEFAULT_SIZES = "1000,10000,100000,1000000,3000000,5000000"
SHAPES = ("line", "paragraphs", "run-on")
SENTENCE_ENDS = re.compile(r"[.!?…]")


def source_texts(folder: Path) -> list[str]:
    texts: list[str] = []
    for path in sorted(folder.glob("ru-*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            texts.extend(json.loads(line)["text"] for line in lines if line.strip())
    if not texts:
        raise SystemExit(f"no ru-*.jsonl news texts in {folder}: pass --data")
    return texts


def article(texts: list[str], size: int, shape: str) -> str:
    """A title line, a blank line and a body of `size` bytes of UTF-8 (cut at a character)."""
    separator = "\n\n" if shape == "paragraphs" else " "
    parts: list[str] = []
    total, index = 0, 0
    while total < size:
        text = texts[index % len(texts)]
        index += 1
        if shape == "paragraphs":
            body = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
        else:
            body = " ".join(text.split())
            body = SENTENCE_ENDS.sub("", body) if shape == "run-on" else body
        parts.append(body)
        total += len(body.encode("utf-8")) + len(separator)
    body = separator.join(parts).encode("utf-8")[:size].decode("utf-8", errors="ignore")
    return f"Статья из новостной ленты, {size} байт\n\n{body}\n"


def measure(path: Path, folder: Path, limit_gb: float | None) -> dict[str, object]:
    def cap() -> None:
        if limit_gb:
            limit = int(limit_gb * 1024**3)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    command = [
        str(NEWSPRISM), "analyze", str(path), "--db", str(folder / "store.db"),
        "--report", str(folder / "report.html"),
    ]  # fmt: skip
    started = time.perf_counter()
    with (folder / "out.txt").open("wb") as out, (folder / "err.txt").open("wb") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, preexec_fn=cap)
        _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    tail = (folder / "err.txt").read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
    return {
        "exit": child.returncode,
        "peak_rss_mib": round(usage.ru_maxrss / 1024),
        "seconds": round(seconds, 1),
        "last_line": tail[0] if tail else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="Bytes of body, comma-separated.")
    parser.add_argument("--shapes", default=",".join(SHAPES))
    parser.add_argument("--limit-gb", type=float, default=None, help="RLIMIT_AS of each child.")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "memory_by_size.json")
    args = parser.parse_args()
    texts = source_texts(args.data)
    rows = []
    print("| size | shape | chars | peak RSS MiB | seconds | exit |")
    print("|---|---|---|---|---|---|")
    for size in (int(float(s)) for s in args.sizes.split(",")):
        for shape in args.shapes.split(","):
            with tempfile.TemporaryDirectory(prefix="newsprism-memory-") as tmp:
                folder = Path(tmp)
                text = article(texts, size, shape)
                path = folder / "article.txt"
                path.write_text(text, encoding="utf-8")
                row = {
                    "bytes": size,
                    "shape": shape,
                    "chars": len(text),
                    **measure(path, folder, args.limit_gb),
                }
            rows.append(row)
            print(
                f"| {size:,} | {shape} | {len(text):,} | {row['peak_rss_mib']:,} | {row['seconds']} "
                f"| {row['exit']} |",
                flush=True,
            )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    args.out.write_text(json.dumps({"load_average": load, "rows": rows}, indent=1, ensure_ascii=False) + "\n")
    print(f"load average at the end: {load[0]:.1f}; written {args.out}")


if __name__ == "__main__":
    main()
