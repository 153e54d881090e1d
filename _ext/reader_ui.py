"""The reader's controls: one 한국어/English switch in the header, and CSS for legible plots and narrow screens.

The prose of every page is a sphinx-design tab-set per block (`:sync-group: lang`). Instead of a tab bar over every
paragraph, the header gets one switch (templates/lang-switch.html, static/lang-switch.js) that drives
sphinx-design's own sync and storage; static/reader.css hides the per-block tab labels once the script runs (without
JavaScript the tab bars stay, so nothing becomes unreachable). The notebooks' source format does not change.

The theme's interface strings that have no Korean translation (맨 위로 "Back to top", the colour-mode menu, ...)
come from locale/ko/LC_MESSAGES/sphinx.po, compiled at build time and added as a fallback catalog.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
LOCALE = Path(__file__).resolve().parent / "locale"
EXT = Path(__file__).resolve().parent


def ext_fingerprint() -> str:
    """A hash of every file in _ext/ (extensions, CSS, JS, templates, catalogs).

    Sphinx skips its finishing step (copying _static, writing the search index) when no page is out of date, so an
    edited reader.css would never reach a rebuilt site. As an 'html' config value, this hash changing makes Sphinx
    rewrite every page (no notebook is re-executed) and copy the static files again."""
    digest = hashlib.sha256()
    for path in sorted(p for p in EXT.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(EXT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def add_static(app, config):
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    app.add_js_file("lang-switch.js")
    app.add_js_file("hangul-math.js")
    app.add_css_file("reader.css")


def add_korean_catalog(app):
    """Compile locale/ko/LC_MESSAGES/sphinx.po into the build's doctree folder and add it as a message catalog."""
    from babel.messages.mofile import write_mo  # babel comes with Sphinx
    from babel.messages.pofile import read_po

    source = LOCALE / "ko" / "LC_MESSAGES" / "sphinx.po"
    target_dir = Path(app.doctreedir).parent / "reader_ui_locale"
    target = target_dir / "ko" / "LC_MESSAGES" / "sphinx.mo"
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as po, target.open("wb") as mo:
        write_mo(mo, read_po(po, locale="ko"))
    app.add_message_catalog("sphinx", str(target_dir))


def search_page_math(app, pagename, templatename, context, doctree):
    """The search page loads the local MathJax (as a page with formulas does) to typeset the result summaries."""
    if pagename != "search" or app.builder.format != "html" or not app.config.mathjax_path:
        return
    if app.config.mathjax3_config:
        app.builder.add_js_file("", body="window.MathJax = " + json.dumps(app.config.mathjax3_config))
    app.builder.add_js_file(app.config.mathjax_path, defer="defer")
    app.builder.add_js_file("search-math.js", defer="defer")


def setup(app):
    app.add_config_value("reader_ui_fingerprint", ext_fingerprint(), "html")
    add_korean_catalog(app)
    app.connect("config-inited", add_static)
    app.connect("html-page-context", search_page_math)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
