"""Small fixes that keep the built site offline-complete and its browser console clean.

Only what no library does:
- sphinx-thebe (always loaded by Jupyter Book 1) injects an inline script declaring
  ``const THEBE_JS_URL = "https://unpkg.com/..."`` plus ``sphinx-thebe.js``. Sphinx 7.4 emits the inline
  script twice, so every page logs "Identifier 'THEBE_JS_URL' has already been declared". The book has no
  live-code (Thebe) button, so both scripts are dropped, and with them the page's only mention of a CDN.
- Any other script registered twice is emitted once.
"""

from __future__ import annotations


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


def setup(app):
    app.connect("html-page-context", clean_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

