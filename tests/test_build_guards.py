"""The book build refuses notebooks that error or write to stderr, so a page never shows an error or a warning.

Each case builds a one-page book with this repository's _config.yml and _ext/ (as `make book` does), in a temp dir.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.build


def build_one_notebook(tmp_path: Path, source: str) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    shutil.copytree(ROOT / "_ext", tmp_path / "_ext")
    (tmp_path / "book").mkdir()
    shutil.copy(ROOT / "book" / "references.bib", tmp_path / "book" / "references.bib")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: book/page\n", encoding="utf-8")
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_markdown_cell("# 시험 (Test)"), nbformat.v4.new_code_cell(source)]
    nbformat.write(notebook, tmp_path / "book" / "page.ipynb")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    return subprocess.run([str(jupyter_book), "build", str(tmp_path), "--builder", "html", "-W", "-n", "--keep-going"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)


def test_a_clean_notebook_builds(tmp_path):
    result = build_one_notebook(tmp_path, 'print("ok")')
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


@pytest.mark.parametrize("source", [
    'raise RuntimeError("a failing cell")',
    'import sys; print("a warning on stderr", file=sys.stderr)',
    'import warnings; warnings.warn("a library warning")',
], ids=["error", "stderr", "warning"])
def test_a_notebook_that_errors_or_warns_fails_the_build(tmp_path, source):
    result = build_one_notebook(tmp_path, source)
    assert result.returncode != 0, "the build accepted a notebook that errors or writes to stderr"


# --- _ext/fresh_outputs.py: the execution cache follows helpers/ and the pinned packages --------------------------
def load_fresh_outputs():
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import fresh_outputs
    finally:
        sys.path.pop(0)
    return fresh_outputs


def test_code_key_changes_with_helpers_and_pins(tmp_path):
    fresh_outputs = load_fresh_outputs()
    (tmp_path / "helpers").mkdir()
    (tmp_path / "helpers" / "optim.py").write_text("lr = 1e-3\n")
    (tmp_path / "requirements.txt").write_text("numpy==2.4.6\n")
    first = fresh_outputs.code_key(tmp_path)
    assert fresh_outputs.code_key(tmp_path) == first
    (tmp_path / "helpers" / "optim.py").write_text("lr = 1e-2\n")
    second = fresh_outputs.code_key(tmp_path)
    (tmp_path / "requirements.txt").write_text("numpy==2.5.0\n")
    assert len({first, second, fresh_outputs.code_key(tmp_path)}) == 3


def test_refresh_cache_empties_the_cache_only_when_the_key_changes(tmp_path):
    fresh_outputs = load_fresh_outputs()
    cache = tmp_path / ".jupyter_cache"
    cache.mkdir()
    (cache / "global.db").write_text("outputs of old code")
    assert fresh_outputs.refresh_cache(cache, "key-1") is True          # no record of the key: recompute
    assert not cache.exists()
    cache.mkdir()
    (cache / "global.db").write_text("outputs of key-1")
    assert fresh_outputs.refresh_cache(cache, "key-1") is False         # same code: keep the cache
    assert (cache / "global.db").exists()
    assert fresh_outputs.refresh_cache(cache, "key-2") is True          # helpers changed: recompute
    assert not cache.exists()
