"""The built site, read in a real browser: Debian's Chromium driven by Playwright, the site served on 127.0.0.1.

For every page of the built book (found in _build/html, so new chapters are tested as they land): no console error
or page error, no failed request and no request to another host, all math typeset by the local MathJax (no raw TeX
left), every image loaded, every internal link and anchor resolves. Then: Korean and English search find the right
pages, the one language switch sets every prose block on this page and the next, `?lang=en` links work, plots stay
on a white card in dark mode, each notebook page's .ipynb downloads, and the UI reads in Korean.

One browser, one context and one tab for the whole module; the book is built once per session (tests/conftest.py).
Without Chromium the module skips (naming the Debian package); with CI=true it fails instead.
"""

from __future__ import annotations

import functools
import html
import json
import os
import re
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from site_browser import (CHROMIUM, DEBIAN_PACKAGE, HTML, NARROW, WIDE, built_pages, launch, notebook_pages, serve, set_theme,
                          toc_files, wait_for_math)

pytestmark = [pytest.mark.build, pytest.mark.browser]

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -r requirements.txt)"
    if not CHROMIUM.exists():
        return (f"no Chromium at {CHROMIUM}: install Debian's package `{DEBIAN_PACKAGE}`"
                f" (apt-get install {DEBIAN_PACKAGE})")
    return None


@pytest.fixture(scope="module")
def site(built_book):
    with serve(HTML) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    reason = _missing_browser()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class Tab:
    """One browser tab that records what went wrong while a page loaded."""

    def __init__(self, context, base: str):
        self.base = base
        self.origin = base.rstrip("/")
        self.page = context.new_page()
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed request: {r.url} ({r.failure})"))
        self.page.on("response", self._response)
        self.page.on("request", self._request)

    def _request(self, request):
        if not (request.url.startswith(self.origin + "/") or request.url.startswith(("data:", "blob:"))):
            self.problems.append(f"request to another host: {request.url}")

    def _response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, path: str, wait_math: bool = True, wait_until: str = "load"):
        self.problems.clear()
        self.page.goto(urljoin(self.base, path), wait_until=wait_until)
        if wait_math:
            wait_for_math(self.page)
        return self.page


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport=WIDE, accept_downloads=True, locale="ko-KR")
    yield context
    context.close()


@pytest.fixture(scope="module")
def tab(context, site):
    return Tab(context, site)


@pytest.fixture()
def fresh(tab):
    """The tab, with the reader's stored choices (language, theme) forgotten before and after the test."""
    tab.open("search.html", wait_math=False)
    tab.page.evaluate("localStorage.clear()")
    yield tab
    tab.page.evaluate("localStorage.clear()")


def test_every_toc_page_is_built_and_tested(built_book):
    """The pages below are found in _build/html; this ties them to the toc, so no chapter escapes the browser."""
    assert set(built_pages()) == set(PAGES)


# ---------------------------------------------------------------------------------------------------------------
# every page

PAGE_REPORT = """() => {
  const article = document.querySelector("article.bd-article") || document.body;
  const skip = "pre, code, script, style, mjx-container, .highlight, .MathJax";
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode: n => n.parentElement.closest(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  let text = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) text += n.data + " ";
  return {
    math: document.querySelectorAll(".math").length,
    mathUnrendered: [...document.querySelectorAll(".math")]
        .filter(el => !el.querySelector("mjx-container") && !el.closest("mjx-container"))
        .map(el => el.textContent.slice(0, 80)),
    mathErrors: [...document.querySelectorAll("mjx-merror")].map(el => el.getAttribute("data-mjx-error")
        || el.textContent.slice(0, 80)),
    mathjaxLocal: [...document.querySelectorAll('script[src*="mathjax"]')].map(s => s.src),
    mathjaxVersion: window.MathJax && MathJax.version || null,
    hangulInMath: [...document.querySelectorAll("mjx-utext")].filter(el => /[\uac00-\ud7a3]/.test(el.textContent))
        .map(el => ({text: el.textContent, font: getComputedStyle(el).fontFamily,
                     width: el.getBoundingClientRect().width,
                     size: parseFloat(getComputedStyle(el).fontSize)})),
    hangulFont: document.fonts.check('1em "Book Hangul"', "한"),
    images: [...document.images].map(img => ({src: img.currentSrc || img.src, ok: img.complete && img.naturalWidth > 0})),
    links: [...document.querySelectorAll("a[href]")].map(a => a.href),
    text,
    footer: (document.querySelector("footer.bd-footer-content") || {}).innerText || "",
    htmlLang: document.documentElement.getAttribute("lang"),
    ui: (() => {  // what the interface says outside the article: text, tooltips, labels, placeholders
      const out = [];
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode())
        if (!article.contains(n) && !n.parentElement.closest("script, style")) out.push(n.data.trim());
      document.querySelectorAll("[title], [aria-label], [placeholder], [data-bs-title]").forEach(el => {
        if (article.contains(el)) return;
        for (const a of ["title", "aria-label", "placeholder", "data-bs-title"])
          if (el.getAttribute(a)) out.push(el.getAttribute(a));
      });
      return out.filter(t => t).join("\\n");
    })(),
  };
}"""

# The theme's interface strings a reader meets (buttons, tooltips, the search box) that must read in Korean.
ENGLISH_UI = ["Skip to main content", "Back to top", "Search this book", "System Settings", "Color mode",
              "Toggle primary sidebar", "Toggle secondary sidebar", "previous page", "next page", "Copyright",
              "Site navigation", "Light", "Dark"]
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\frac|\\sum|\$[^$\s][^$]{0,80}[\\^_][^$]{0,80}\$")
_anchor_cache: dict[str, set[str]] = {}


def anchors_of(path: str) -> set[str]:
    if path not in _anchor_cache:
        text = (HTML / path).read_text(encoding="utf-8")
        _anchor_cache[path] = set(re.findall(r'\bid="([^"]+)"', text)) | set(re.findall(r'\bname="([^"]+)"', text))
    return _anchor_cache[path]


_checked_urls: dict[str, int] = {}


def http_status(url: str) -> int:
    """Status of a local URL, asked once per test session (links repeat on every page: sidebar, header)."""
    if url not in _checked_urls:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as response:
                _checked_urls[url] = response.status
        except urllib.error.HTTPError as error:
            _checked_urls[url] = error.code
    return _checked_urls[url]


# Every page of the toc (known before the build, so each gets its own test id) and Sphinx's own pages; the test
# above proves this is exactly the set of pages in _build/html.
PAGES = [f"{name}.html" for name in toc_files()] + ["search.html", "genindex.html"]


@pytest.mark.parametrize("path", PAGES)
def test_page_reads_clean_in_the_browser(tab, path):
    page = tab.open(path)
    report = page.evaluate(PAGE_REPORT)
    problems = list(tab.problems)

    # math: every element typeset by the local MathJax, no TeX error, no raw TeX left in the prose
    if report["math"]:
        assert report["mathjaxLocal"] and all(src.startswith(tab.origin) for src in report["mathjaxLocal"]), report
        assert report["mathjaxVersion"], "MathJax did not start"
    problems += [f"math not typeset: {m}" for m in report["mathUnrendered"]]
    problems += [f"MathJax error: {m}" for m in report["mathErrors"]]
    # Hangul inside formulas (\text{편향}) drawn with the book's Hangul font, loaded, at a real width (not blank)
    for glyph in report["hangulInMath"]:
        if "Book Hangul" not in glyph["font"] or not report["hangulFont"] or glyph["width"] < 0.5 * glyph["size"]:
            problems.append(f"Hangul in a formula may show blank: {glyph}")
    problems += [f"raw TeX in the text: ...{report['text'][max(0, m.start() - 40):m.end() + 40]}..."
                 for m in RAW_TEX.finditer(report["text"])]

    # Markdown bold that did not render: CommonMark does not close ** between punctuation and a Hangul particle
    # ("**변화(shift)**라고"); write "**변화**(shift)라고"
    problems += [f"literal ** in the text (unrendered bold): ...{report['text'][max(0, m.start() - 40):m.end() + 40]}..."
                 for m in re.finditer(r"\*\*", report["text"])]

    # images
    problems += [f"image not loaded: {img['src']}" for img in report["images"] if not img["ok"]]

    # internal links: the page exists (HTTP 200) and so does the anchor
    for href in sorted(set(report["links"])):
        parts = urlsplit(href)
        if not href.startswith(tab.origin + "/"):
            continue
        target = parts._replace(fragment="", query="").geturl()
        status = http_status(target)
        if status != 200:
            problems.append(f"link to {href}: HTTP {status}")
            continue
        local = unquote(parts.path).lstrip("/") or "index.html"
        if parts.fragment and local.endswith(".html") and unquote(parts.fragment) not in anchors_of(local):
            problems.append(f"link to a missing anchor: {href}")

    # the UI reads in Korean: Korean page language, the book's Korean footer
    assert report["htmlLang"] == "ko", report["htmlLang"]
    assert "지은이 (Authors)" in report["footer"] and "©" in report["footer"], report["footer"]
    assert "Copyright" not in report["footer"] and "By " not in report["footer"], report["footer"]
    ui_lines = set(report["ui"].splitlines())
    problems += [f"interface string in English: {s!r}" for s in ENGLISH_UI
                 if s in ui_lines or any(line.startswith(s) for line in ui_lines)]

    # a notebook's page offers its .ipynb in the header's download menu, and the download is that notebook
    if path in notebook_pages():
        page.locator(".article-header-buttons .dropdown-download-buttons button").first.click()
        link = page.locator('a.btn-download-source-button[href$=".ipynb"]').first
        assert link.is_visible(), f"{path}: no visible .ipynb download"
        with page.expect_download() as info:
            link.click()
        download = info.value
        notebook = json.loads(Path(download.path()).read_text(encoding="utf-8"))
        source = json.loads((HTML.parent.parent / path.replace(".html", ".ipynb")).read_text(encoding="utf-8"))
        assert download.suggested_filename == path.split("/")[-1].replace(".html", ".ipynb")
        assert notebook["nbformat"] == 4 and len(notebook["cells"]) == len(source["cells"]), path
        page.keyboard.press("Escape")

    # a phone held upright: the page itself never scrolls sideways (wide formulas, tables, code scroll in their box)
    page.set_viewport_size(NARROW)
    page.wait_for_timeout(300)  # the page re-fits wide inline formulas 100 ms after a resize (hangul-math.js)
    try:
        overflow = page.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            const scroll = document.documentElement.scrollWidth - width;
            const clipped = el => {  // inside a box that scrolls or clips sideways
                for (let a = el.parentElement; a; a = a.parentElement)
                    if (getComputedStyle(a).overflowX !== "visible") return true;
                return false;
            };
            const wide = scroll <= 1 ? [] : [...document.querySelectorAll("article.bd-article *")]
                .filter(el => el.getBoundingClientRect().right > width + 1 && !clipped(el))
                .slice(0, 5).map(el => el.tagName + "." + el.className);
            const scrolls = el => {  // inside a box the reader can scroll sideways
                for (let a = el.parentElement; a; a = a.parentElement)
                    if (["auto", "scroll"].includes(getComputedStyle(a).overflowX)) return true;
                return false;
            };
            const cut = [...document.querySelectorAll(
                    "article.bd-article mjx-container, article.bd-article img, article.bd-article table")]
                .filter(el => el.getClientRects().length && el.getBoundingClientRect().right > width + 1
                              && !scrolls(el) && !(el.matches("mjx-container") && el.closest(".wide-inline-math")))
                .filter(el => !["auto", "scroll"].includes(getComputedStyle(el).overflowX))
                .slice(0, 5).map(el => el.tagName + ": " + el.textContent.slice(0, 60));
            return {scroll, wide, cut};
        }""")
    finally:
        page.set_viewport_size(WIDE)
    problems += [f"cut off at phone width (and not scrollable): {what}" for what in overflow["cut"]]
    if overflow["scroll"] > 1:
        problems.append(f"at phone width the page scrolls sideways by {overflow['scroll']} px: {overflow['wide']}")

    assert not problems, f"{path}:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------------------------------------------
# Korean and English search

_search_results: dict[str, list[str]] = {}


def search(tab, query: str) -> list[str]:
    """Type `query` in the search page's box, press Enter, and return the pages found (paths like book/intro.html).

    The results page has the box too, so consecutive searches load one page each; a query is asked once."""
    if query in _search_results:
        return _search_results[query]
    page = tab.page
    if urlsplit(page.url).path != "/search.html":
        page = tab.open("search.html", wait_math=False)
    tab.problems.clear()
    box = page.locator('.bd-search-container input[name="q"]').first
    box.fill(query)
    with page.expect_navigation(wait_until="load"):
        box.press("Enter")
    page.wait_for_function(
        "() => { const r = document.querySelector('#search-results p.search-summary');"
        " return r && r.innerText.trim(); }", timeout=20000)
    found = page.evaluate("[...document.querySelectorAll('#search-results ul.search li a')].map(a => a.href)")
    assert not tab.problems, tab.problems
    _search_results[query] = sorted({urlsplit(href).path.lstrip("/") for href in found})
    return _search_results[query]


@functools.cache
def article_text(path: str) -> str:
    """The visible text of a page's article (both languages), as the search index sees it."""
    text = (HTML / path).read_text(encoding="utf-8")
    start = text.find("<article")
    end = text.find("</article>", start)
    article = text[start:end] if start >= 0 else text
    article = re.sub(r'<div class="prev-next-area".*', "", article, flags=re.S)
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", article))


def pages_containing(term: str) -> list[str]:
    pages = [p for p in built_pages() if p not in ("search.html", "genindex.html")]
    if HANGUL.search(term):
        return [p for p in pages if term in article_text(p)]
    return [p for p in pages if re.search(rf"\b{re.escape(term)}", article_text(p), re.I)]


QUERIES = ["학습", "발산", "수렴", "편향", "학습률", "모멘텀", "정규화", "규제", "경사", "momentum", "dropout",
           "gradient", "learning rate"]


def test_search_finds_every_page_that_holds_a_term(fresh):
    """Every page whose article holds the term (as a substring for Korean, a word start for English) is found."""
    checked = 0
    for query in QUERIES:
        expected = set.intersection(*[set(pages_containing(word)) for word in query.split()])
        if not expected:
            continue  # the term is on no page yet (its chapter has not landed)
        found = set(search(fresh, query))
        assert expected <= found, f"search {query!r}: expected {sorted(expected)}, found {sorted(found)}"
        checked += 1
    assert checked >= 6, "too few search terms appear in the book for this test to mean anything"


def test_two_syllable_korean_queries_find_words_with_particles(fresh):
    """Two syllables that stand in the book only inside longer words (학습 in 학습률을) are still found.

    Sphinx's own splitter indexes whole words only, so these queries found nothing before the bigram index."""
    runs = {path: re.findall(r"[\uac00-\ud7a3]+", article_text(path)) for path in bilingual_pages()}
    whole_words = {run for words in runs.values() for run in words}
    checked = 0
    for path, words in runs.items():
        inside = sorted({w[:2] for w in words if len(w) >= 3 and w[:2] not in whole_words})
        for query in inside[:2]:
            assert path in search(fresh, query), f"{query!r} (inside a longer word on {path}) does not find it"
            checked += 1
        if checked >= 10:
            break  # enough proof; keeps the suite fast as chapters land
    assert checked >= 6, checked


def test_each_page_is_found_by_its_title_words(fresh):
    for path in [f"{name}.html" for name in toc_files()]:
        title = re.search(r"<title>(.*?)</title>", (HTML / path).read_text(encoding="utf-8"), re.S).group(1)
        title = title.split("—")[0].split(" &#8212;")[0]
        words = [w for w in re.findall(r"[\uac00-\ud7a3]{2,}|[A-Za-z]{4,}", title)]
        assert words, title
        for word in words[:1]:
            assert path in search(fresh, word), f"{path}: search {word!r} (title {title!r})"


def test_nonsense_finds_nothing(fresh):
    assert search(fresh, "쀍뛟") == []
    assert search(fresh, "zqxjvw") == []


# ---------------------------------------------------------------------------------------------------------------
# one language switch

VISIBLE_PROSE = """() => {
  const sets = [...document.querySelectorAll(".sd-tab-set")].filter(
      s => s.querySelector(':scope > label.sd-tab-label[data-sync-group="lang"]'));
  const shown = sets.map(s => [...s.querySelectorAll(":scope > .sd-tab-content")]
      .filter(c => c.offsetParent !== null || c.getClientRects().length)
      .map(c => c.previousElementSibling.getAttribute("data-sync-id")));
  const labelsShown = [...document.querySelectorAll('label.sd-tab-label[data-sync-group="lang"]')]
      .filter(l => l.getClientRects().length).length;
  const switches = [...document.querySelectorAll(".lang-switch")].filter(s => s.getClientRects().length).length;
  const text = sets.map(s => [...s.querySelectorAll(":scope > .sd-tab-content")]
      .filter(c => c.getClientRects().length).map(c => c.innerText).join(" ")).join(" ");
  const checked = sets.map(s => [...s.querySelectorAll(":scope > input:checked")]
      .map(i => i.nextElementSibling.getAttribute("data-sync-id")).join());
  return {sets: sets.length, shown, checked, labelsShown, switches, text, lang: document.documentElement.lang};
}"""


def prose_language(page) -> dict:
    report = page.evaluate(VISIBLE_PROSE)
    langs = {lang for shown in report["shown"] for lang in shown}
    report["visible"] = langs
    for shown in report["shown"]:
        assert len(shown) == 1, f"a prose block shows {len(shown)} languages at once: {shown}"
    return report


def bilingual_pages() -> list[str]:
    return [f"{name}.html" for name in toc_files()
            if 'data-sync-group="lang"' in (HTML / f"{name}.html").read_text(encoding="utf-8")]


def check_language(page, lang: str) -> None:
    report = prose_language(page)
    assert report["sets"], "no bilingual prose on this page"
    assert report["visible"] == {lang}, report["visible"]
    assert set(report["checked"]) == {lang}, f"sphinx-design's tabs are not all on {lang}: {report['checked']}"
    assert report["labelsShown"] == 0, "the per-block 한국어/English tab labels are still shown"
    assert report["switches"] == 1, f"{report['switches']} language switches are visible (want exactly one)"
    assert report["lang"] == lang
    hangul, latin = len(HANGUL.findall(report["text"])), len(LATIN.findall(report["text"]))
    if lang == "ko":
        assert hangul > latin / 4, (hangul, latin)
    else:
        assert hangul < latin / 20, (hangul, latin)


def test_one_switch_sets_every_block_here_and_on_the_next_page(fresh):
    pages = bilingual_pages()
    assert len(pages) >= 2, pages
    page = fresh.open(pages[0])
    check_language(page, "ko")  # the default
    page.get_by_role("button", name="English", exact=True).click()
    check_language(page, "en")
    page.locator("a.right-next").first.click()  # the theme's "next page" link
    page.wait_for_load_state("load")
    next_path = urlsplit(page.url).path.lstrip("/")
    assert next_path != pages[0]
    if next_path in pages:
        check_language(page, "en")
    page = fresh.open(pages[1])
    check_language(page, "en")
    page.get_by_role("button", name="한국어", exact=True).click()
    check_language(page, "ko")
    page = fresh.open(pages[0])
    check_language(page, "ko")
    assert not fresh.problems, fresh.problems


def test_lang_query_links_choose_the_language(fresh):
    pages = bilingual_pages()
    page = fresh.open(f"{pages[-1]}?lang=en")
    check_language(page, "en")
    page = fresh.open(pages[0])  # remembered
    check_language(page, "en")
    page = fresh.open(f"{pages[0]}?lang=ko")
    check_language(page, "ko")
    assert not fresh.problems, fresh.problems


def test_without_javascript_both_languages_stay_reachable(browser, site):
    """The switch hides the per-block tabs only when its script runs; with JavaScript off the tabs remain."""
    context = browser.new_context(java_script_enabled=False, viewport=WIDE)
    try:
        page = context.new_page()
        page.goto(urljoin(site, bilingual_pages()[0]))
        assert page.locator('label.sd-tab-label[data-sync-group="lang"]').first.is_visible()
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------------------------
# plots in dark mode, notebook download

def pages_with_plots() -> list[str]:
    return [p for p in notebook_pages() if 'class="cell_output' in (HTML / p).read_text(encoding="utf-8")
            and "<img" in (HTML / p).read_text(encoding="utf-8")]


def test_plots_sit_on_a_white_card_in_dark_mode(fresh):
    pages = pages_with_plots()
    assert pages, "no notebook page shows a plot"
    page = fresh.open(pages[0])
    set_theme(page, "dark")
    page = fresh.open(pages[0])
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    styles = page.evaluate("""() => [...document.querySelectorAll(".cell_output img")].map(img => {
        const s = getComputedStyle(img); return {bg: s.backgroundColor, filter: s.filter}; })""")
    assert styles
    for style in styles:
        assert style["bg"] == "rgb(255, 255, 255)" and style["filter"] == "none", style
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert body != "rgb(255, 255, 255)", "the page is not dark: the check above would prove nothing"


def test_every_notebook_page_is_checked_for_its_download():
    """The .ipynb download is checked inside the page test (the page is open there already)."""
    assert notebook_pages() and set(notebook_pages()) <= set(PAGES)


def test_the_search_page_splits_a_query_as_the_index_does(fresh):
    """Every Hangul piece the search page makes of a text is a term the index holds for that same text."""
    import sys

    sys.path.insert(0, str(HTML.parent.parent / "_ext"))
    from korean_search import split_words

    page = fresh.open("search.html", wait_math=False)
    for text in ["학습률을 줄이면 발산하지 않고 수렴합니다", "AdamW는 편향 보정을", "모멘텀(momentum)과 드롭아웃"]:
        pieces = page.evaluate("t => splitQuery(t)", text)
        hangul = [p for p in pieces if HANGUL.search(p)]
        assert hangul and set(hangul) <= set(split_words(text)), (text, pieces)
        assert all(len(p) <= 2 for p in hangul), pieces  # a Hangul query is searched by its bigrams


def test_search_summaries_show_typeset_math_not_tex(fresh):
    """Sphinx cuts each hit's summary from the page text, formulas included: the local MathJax typesets them."""
    # Sphinx centres a summary on the term's first place in the page: pick two syllables that first stand just
    # before an inline formula, so their summary holds math.
    queries = []
    for path in bilingual_pages():
        text = article_text(path)
        for match in re.finditer(r"([\uac00-\ud7a3]{2})[^\\]{0,30}\\\(", text):
            if text.find(match.group(1)) == match.start(1) and match.group(1) not in queries:
                queries.append(match.group(1))
                break
    assert queries, "no page has a word right before an inline formula"
    typeset = 0
    for query in queries[:4]:
        search(fresh, query)
        page = fresh.page
        try:
            page.wait_for_function("""() => {
                const results = document.querySelector("#search-results");
                const items = results.querySelectorAll("ul.search li");
                if ([...items].some(li => !li.querySelector("p.context"))) return false;  // summaries still loading
                const clone = results.cloneNode(true);
                clone.querySelectorAll("mjx-container").forEach(m => m.remove());
                return !/\\\\\\(|\\\\\\)|\\\\\\[|\\\\\\]/.test(clone.innerText);
            }""", timeout=10000)
        except Exception as error:  # playwright's TimeoutError: report what is left
            text = page.evaluate("document.querySelector('#search-results').innerText")
            raise AssertionError(f"search {query!r}: raw TeX left in the summaries:\n{text[:1500]}") from error
        typeset += page.evaluate("document.querySelectorAll('#search-results mjx-container').length")
        assert not page.evaluate("document.querySelectorAll('#search-results mjx-merror').length"), query
    assert typeset, "no summary held a formula: this test proved nothing"
    assert not fresh.problems, fresh.problems


@pytest.mark.parametrize("width", [1280, 1440])
def test_code_lines_fit_their_box_on_a_laptop(browser, site, width):
    """88-column code (the limit the notebook and helper tests enforce) shows without sideways scrolling on a
    laptop-width screen with both sidebars, where the theme's 14 px font fits only 77 columns."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = Tab(context, site)
        clipped = {}
        for path in notebook_pages():
            page = tab.open(path, wait_math=False)
            boxes = page.evaluate("""() => [...document.querySelectorAll('.bd-content div.highlight > pre')]
                .filter(pre => pre.offsetParent !== null)
                .map(pre => ({over: pre.scrollWidth - pre.clientWidth,
                              longest: Math.max(...pre.textContent.split('\\n').map(l => l.length))}))""")
            assert boxes, f"{path}: no code box found"
            # outputs may hold longer lines (printed tables); code cells and show_source listings may not
            over = [b for b in boxes if b["over"] > 1 and b["longest"] <= 88]
            if over:
                clipped[path] = over[:3]
            sizes = page.evaluate("""() => [...document.querySelectorAll('.bd-content div.highlight > pre')]
                .map(pre => parseFloat(getComputedStyle(pre).fontSize))""")
            assert min(sizes) >= 11, f"{path}: code font below 11 px"
        assert not clipped, f"code lines of at most 88 columns scroll sideways at {width} px: {clipped}"
    finally:
        context.close()
