"""Serve the built book on 127.0.0.1 and drive Debian's Chromium with Playwright (browser tests, `make screenshots`).

No browser is downloaded: Playwright launches the system Chromium (`apt-get install chromium`).
"""

from __future__ import annotations

import functools
import os
import re
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
DEBIAN_PACKAGE = "chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 390, "height": 844}  # a phone held upright


def toc_files() -> list[str]:
    """Every page of the book in reading order (the toc), as paths without suffix: book/intro, ..."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        for chapter in part.get("chapters", []):
            files.append(chapter["file"])
            files += [section["file"] for section in chapter.get("sections", [])]
    return files


def built_pages() -> list[str]:
    """Every built HTML page as a path relative to _build/html, except the redirect that index.html is."""
    return sorted(str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts
                  and "<html" in p.read_text(encoding="utf-8"))


def notebook_pages() -> list[str]:
    """The pages made from notebooks (they offer their .ipynb for download)."""
    return [f"{name}.html" for name in toc_files() if (ROOT / f"{name}.ipynb").exists()]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(directory: Path = HTML):
    """A threaded static server for `directory` on 127.0.0.1 and a free port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)


def set_theme(page, mode: str) -> None:
    """Switch the pydata theme to light or dark, as its header button does (stored for later pages)."""
    page.evaluate("""mode => {
        localStorage.setItem("mode", mode);
        localStorage.setItem("theme", mode);
        document.documentElement.dataset.mode = mode;
        document.documentElement.dataset.theme = mode;
    }""", mode)


def wait_for_math(page) -> None:
    """Wait until MathJax (if the page loads it) has typeset the page, and laid it out again once the Hangul font
    has loaded (hangul-math.js replaces MathJax.startup.promise to do that)."""
    page.evaluate("""async () => {
        if (!document.querySelector('script[src*="mathjax"]')) return;
        const ready = () => window.MathJax && MathJax.startup && MathJax.startup.promise;
        for (let i = 0; i < 400 && !ready(); i++) await new Promise(r => setTimeout(r, 25));
        if (!ready()) return;
        await document.fonts.ready;
        for (let promise = null; promise !== MathJax.startup.promise; ) {
            promise = MathJax.startup.promise;
            await promise;
            await new Promise(r => setTimeout(r, 0));
        }
    }""")


def slug(page_path: str) -> str:
    return re.sub(r"[^\w.-]+", "_", page_path.removesuffix(".html"))
