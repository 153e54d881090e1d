"""Never show outputs of older code: re-execute every notebook when the code it imports changes.

Jupyter Book's execution cache (jupyter-cache) is keyed on a notebook's own code cells only. A chapter that shows a
helper's source or its results would keep showing the OLD ones after `helpers/` changed, because the notebook
itself did not. So the cache also gets a key made of `helpers/` and the pinned environment; when the key changes,
the cache is emptied before the build and every notebook is read and executed afresh.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def code_key(root: Path = ROOT) -> str:
    """sha256 of everything a notebook's outputs depend on besides its own cells."""
    files = sorted((root / "helpers").rglob("*.py")) + [root / "requirements.txt", root / "constraints.txt"]
    digest = hashlib.sha256()
    for path in files:
        if path.exists():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def refresh_cache(cache: Path, key: str) -> bool:
    """Empty `cache` unless it was filled under `key`; record `key`. True if the outputs must be recomputed."""
    stamp = cache.with_name(cache.name + ".key")
    stale = not stamp.exists() or stamp.read_text() != key
    if stale and cache.exists():
        shutil.rmtree(cache)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(key)
    return stale


def on_config_inited(app, config):
    app.fresh_outputs_stale = False
    if config.nb_execution_mode != "cache":
        return
    cache = Path(config.nb_execution_cache_path or Path(app.outdir).parent / ".jupyter_cache")
    if not cache.is_absolute():
        cache = Path(app.confdir) / cache
    app.fresh_outputs_stale = refresh_cache(cache, code_key())


def notebooks_to_reread(app, env, added, changed, removed):
    """Sphinx re-reads only changed sources; after a key change every notebook must be re-read (and so re-run)."""
    if not app.fresh_outputs_stale:
        return []
    return [doc for doc in env.found_docs if str(env.doc2path(doc)).endswith(".ipynb")]


def setup(app):
    app.connect("config-inited", on_config_inited)
    app.connect("env-get-outdated", notebooks_to_reread)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
