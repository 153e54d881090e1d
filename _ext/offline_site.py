"""Small fixes that keep the built site offline-complete and its browser console clean.

Only what no library does:
- Korean glyphs on every machine: a machine without a Korean font (CI's, many Linux installs) shows empty boxes.
  The site ships NanumGothic (from koreanize-matplotlib, SIL OFL) subset to Hangul as WOFF (about 0.8 MB per
  weight instead of 4.7 MB), loaded by static/korean-font.css only for Hangul code points.
- sphinx-thebe (always loaded by Jupyter Book 1) injects an inline script declaring
  ``const THEBE_JS_URL = "https://unpkg.com/..."`` plus ``sphinx-thebe.js``. Sphinx 7.4 emits the inline
  script twice, so every page logs "Identifier 'THEBE_JS_URL' has already been declared". The book has no
  live-code (Thebe) button, so both scripts are dropped, and with them the page's only mention of a CDN.
- Any other script registered twice is emitted once.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
HANGUL = [*range(0x1100, 0x1200), *range(0x3000, 0x3040), *range(0x3130, 0x3190), *range(0xAC00, 0xD7A4)]
FONTS = {"NanumGothic.ttf": "NanumGothic-hangul.woff", "NanumGothicBold.ttf": "NanumGothicBold-hangul.woff"}


def _is_thebe_script(script) -> bool:
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "") or ""
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body


def _script_key(script):
    # Sphinx 7.4 stores an inline script's filename as None or as "" depending on how it was added
    attributes = getattr(script, "attributes", None) or {}
    return (getattr(script, "filename", None) or None, tuple(sorted(attributes.items())))


def clean_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        key = _script_key(script)
        if _is_thebe_script(script) or key in seen:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def add_static(app, config):
    config.html_static_path.append(str(STATIC))
    app.add_css_file("korean-font.css")


def ship_korean_fonts(app, exception):
    """Write the Hangul subsets of NanumGothic into _static/fonts (once: kept across rebuilds)."""
    if exception is not None or app.builder.format != "html":
        return
    from fontTools import subset  # installed with matplotlib

    spec = importlib.util.find_spec("koreanize_matplotlib")  # its fonts, without importing it
    source_dir = Path(spec.submodule_search_locations[0], "fonts")
    target_dir = Path(app.outdir, "_static", "fonts")
    target_dir.mkdir(parents=True, exist_ok=True)
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "TSI0 NOT subset" notes are expected
    for source, target in FONTS.items():
        if (target_dir / target).exists():
            continue
        options = subset.Options(flavor="woff", layout_features=["*"], name_IDs=["*"], notdef_outline=True)
        font = subset.load_font(str(source_dir / source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=HANGUL)
        subsetter.subset(font)
        subset.save_font(font, str(target_dir / target), options)


def setup(app):
    app.connect("config-inited", add_static)
    app.connect("build-finished", ship_korean_fonts)
    app.connect("html-page-context", clean_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

