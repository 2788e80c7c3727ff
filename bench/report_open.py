"""Seconds a report takes to open in headless Chromium (load and first layout), and to open its
biggest story when its sections are packed.

    .venv/bin/python bench/report_open.py REPORT.html [REPORT.html ...]

Uses the Chromium the browser tests use (/usr/bin/chromium, driven by playwright).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        for name in sys.argv[1:]:
            path = Path(name).resolve()
            page = browser.new_page()
            started = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            page.evaluate("document.body.offsetHeight")
            opened = time.perf_counter() - started
            line = f"{path.name}: {path.stat().st_size / 1e6:.2f} MB, opens in {opened:.2f} s"
            links = page.locator("table.story-index a")
            if page.locator("section.packed").count() and links.count():
                sizes = [
                    int(cell.text_content() or 0)
                    for cell in page.locator("table.story-index td.num:nth-child(3)").all()
                ]
                biggest = links.nth(max(range(len(sizes)), key=sizes.__getitem__))
                anchor = biggest.get_attribute("href") or ""
                started = time.perf_counter()
                biggest.click()
                page.wait_for_selector(f"section{anchor}:not(.packed) .cols")
                took = time.perf_counter() - started
                line += f"; its biggest story ({max(sizes)} articles) unpacks in {took:.2f} s"
            print(line)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
