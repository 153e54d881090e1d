"""Test setup for tests/: the helper modules here (bilingual_lint, site_browser) importable by the tests, and the
one book build of a test session, shared by the build checks (test_book_build.py) and the browser tests
(test_site_browser.py), so `make test` builds the book once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_book() -> str:
    """Build the book into _build/html exactly as `make book` does (warnings are errors); returns the build log."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run(
        [str(jupyter_book), "build", str(ROOT), "--builder", "html", "-W", "-n", "--keep-going"],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"jupyter-book build failed:\n{log[-6000:]}"
    return log
