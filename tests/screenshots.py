"""`make screenshots`: every page of the built book in light and dark mode and at phone width, as PNG files.

Usage: .venv/bin/python tests/screenshots.py [OUT_DIR]   (default _build/screenshots; needs a built book)
Files: OUT_DIR/<page>--light.png, --dark.png (1280 px wide, whole page), --mobile.png (390 px wide, whole page),
plus --en.png (light, English prose) to check the language switch. Served on 127.0.0.1 like the browser tests.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from urllib.parse import urljoin

from site_browser import HTML, NARROW, WIDE, built_pages, launch, serve, set_theme, slug, wait_for_math


def main(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    pages = built_pages()
    start = time.perf_counter()
    with serve(HTML) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        shots = [("light", WIDE, "light", "ko"), ("dark", WIDE, "dark", "ko"), ("mobile", NARROW, "light", "ko"),
                 ("en", WIDE, "light", "en")]
        for name, viewport, mode, lang in shots:
            context = browser.new_context(viewport=viewport, locale="ko-KR",
                                          device_scale_factor=1, is_mobile=viewport is NARROW)
            page = context.new_page()
            page.goto(urljoin(base, f"search.html?lang={lang}"))
            set_theme(page, mode)
            for path in pages:
                page.goto(urljoin(base, path), wait_until="load")
                wait_for_math(page)
                page.evaluate("document.fonts.ready")
                target = out / f"{slug(path)}--{name}.png"
                page.screenshot(path=str(target), full_page=True)
            context.close()
        browser.close()
    print(f"{len(pages) * 4} screenshots of {len(pages)} pages in {out} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("_build/screenshots"))
