"""The book builds with warnings as errors, and the built site is complete offline.

One build per test session (the `built_book` fixture of tests/conftest.py, shared with the browser tests) into
_build/html, exactly as `make book` does it; the checks read its HTML.
The notebooks execute through Jupyter Book's cache (_build/.jupyter_cache), so a rebuild after an unchanged
notebook is fast, and a changed one is re-executed: a page never shows outputs of older code.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_browser import toc_files  # the one reading of _toc.yml (tests/ is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def build(built_book):
    """The one build of the session (tests/conftest.py), shared with the browser tests."""
    return built_book


def pages() -> list[Path]:
    """Every built HTML page (not the one-line redirect that index.html is)."""
    return sorted(p for p in HTML.rglob("*.html")
                  if "_static" not in p.parts and "<html" in p.read_text(encoding="utf-8"))


class Resources(HTMLParser):
    """Collects every URL a browser would LOAD (not plain links), and the inline scripts."""

    LOADING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut icon", "prefetch", "manifest"}

    def __init__(self):
        super().__init__()
        self.loads: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("href") and (attrs.get("rel") or "").lower() in self.LOADING_RELS:
            self.loads.append(attrs["href"])
        if tag == "script" and not attrs.get("src"):
            self._in_script = True
            self.inline_scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.inline_scripts[-1] += data


def parse(path: Path) -> Resources:
    parser = Resources()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def test_every_toc_page_is_built(build):
    missing = [f for f in toc_files() if not (HTML / f"{f}.html").exists()]
    assert not missing, missing
    assert 'url=book/intro.html' in (HTML / "index.html").read_text(encoding="utf-8")


def test_no_resource_is_loaded_from_another_host(build):
    problems = []
    for page in pages():
        for url in parse(page).loads:
            if EXTERNAL.match(url):
                problems.append(f"{page.relative_to(HTML)}: {url}")
    for css in HTML.rglob("*.css"):
        for url in re.findall(r"(?:url\(|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", css.read_text(errors="ignore")):
            problems.append(f"{css.relative_to(HTML)}: {url}")
    assert not problems, "\n".join(problems)


def test_no_page_mentions_a_cdn_or_tracker(build):
    hosts = re.compile(r"unpkg\.com|cdn\.jsdelivr|cdnjs|googleapis|gstatic|googletagmanager|google-analytics|"
                       r"mybinder|colab\.research", re.I)
    problems = [f"{p.relative_to(HTML)}: {m.group(0)}" for p in pages()
                for m in [hosts.search(p.read_text(encoding="utf-8"))] if m]
    assert not problems, "\n".join(problems)


def test_math_uses_the_local_mathjax(build):
    mathjax = HTML / "_static" / "mathjax" / "tex-chtml.js"
    assert mathjax.exists(), "the local MathJax was not copied into the site"
    assert (HTML / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    pages_with_math = [p for p in pages() if 'class="math' in p.read_text(encoding="utf-8")]
    assert pages_with_math, "no page has math: the check below would prove nothing"
    for page in pages_with_math:
        scripts = [url for url in parse(page).loads if "mathjax" in url.lower()]
        assert scripts, f"{page.name}: math but no MathJax script"
        for url in scripts:
            assert (page.parent / url.split("?")[0]).resolve() == mathjax.resolve(), f"{page.name}: MathJax from {url}"


def test_pages_are_korean_and_scripts_are_not_duplicated(build):
    for page in pages():
        parsed = parse(page)
        assert parsed.lang == "ko", f"{page.name}: <html lang={parsed.lang!r}>"
        bodies = [body.strip() for body in parsed.inline_scripts if body.strip()]
        duplicated = {body[:60] for body in bodies if bodies.count(body) > 1}
        assert not duplicated, f"{page.name}: inline scripts emitted twice: {duplicated}"
        assert "THEBE_JS_URL" not in page.read_text(encoding="utf-8")


def test_footer_reads_correctly_in_korean(build):
    text = (HTML / "book" / "intro.html").read_text(encoding="utf-8")
    footer = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text[text.find('<footer class="bd-footer-content"'):]))
    assert "지은이 (Authors): 『최적화와 규제』 저자 일동" in footer, footer
    assert "© 2026 『최적화와 규제』" in footer, footer
    assert "Copyright" not in footer and " 으로 " not in footer, footer  # the theme's broken Korean strings


def test_notebook_pages_show_no_errors_and_offer_the_ipynb(build):
    for name in [f for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]:
        page = HTML / f"{name}.html"
        text = page.read_text(encoding="utf-8")
        assert "output traceback" not in text and "output error" not in text, f"{page.name} shows an error"
        assert "output stderr" not in text, f"{page.name} shows stderr output"
        source = HTML / "_sources" / f"{name}.ipynb"
        assert source.exists(), f"{name}.ipynb is not downloadable from the site"
        assert f"{Path(name).name}.ipynb" in text, f"{page.name} has no download link for its notebook"


def test_exercises_and_solutions_are_rendered(build):
    text = (HTML / "book" / "getting_started.html").read_text(encoding="utf-8")
    assert text.count('class="admonition exercise') >= 3 or text.count("exercise") >= 3
    assert "dropdown" in text  # solutions are collapsed


def test_korean_font_ships_with_the_site(build):
    """A machine without a Korean font must still show Hangul, not empty boxes (fonts subset by _ext/offline_site.py)."""
    from fontTools.ttLib import TTFont

    css = (HTML / "_static" / "korean-font.css").read_text(encoding="utf-8")
    fonts = re.findall(r'url\("([^"]+)"\)', css)
    assert len(fonts) == 2, fonts
    for font in fonts:
        cmap = TTFont(HTML / "_static" / font).getBestCmap()
        assert 0xAC00 in cmap and 0xD55C in cmap and 0xD7A3 in cmap  # 가, 한, 힣: every Hangul syllable
    for page in pages():
        assert any("korean-font.css" in url for url in parse(page).loads), f"{page.name} does not load the font"


def test_hidden_folders_and_tooling_stay_out_of_the_site(build):
    leaked = [str(p.relative_to(HTML)) for p in HTML.rglob("*")
              if any(part.startswith(".") for part in p.relative_to(HTML).parts[:-1])
              or any(part in ("helpers", "tests", "_ext") for part in p.relative_to(HTML).parts)]
    assert not leaked, leaked[:20]
