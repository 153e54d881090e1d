"""The reader's controls: one 한국어/English switch in the header, and CSS for legible plots and narrow screens.

The prose of every page is a sphinx-design tab-set per block (`:sync-group: lang`). Instead of a tab bar over every
paragraph, the header gets one switch (templates/lang-switch.html, static/lang-switch.js) that drives
sphinx-design's own sync and storage; static/reader.css hides the per-block tab labels once the script runs (without
JavaScript the tab bars stay, so nothing becomes unreachable). The notebooks' source format does not change.
"""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"


def add_static(app, config):
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))
    app.add_js_file("lang-switch.js")
    app.add_css_file("reader.css")


def setup(app):
    app.connect("config-inited", add_static)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
