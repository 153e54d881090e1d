"""The environment `make` builds: pinned, CPU-only torch, helpers importable everywhere, JupyterLab able to render MyST."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_torch_is_pinned_to_the_local_cpu_wheel():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^torch==2\.13\.0$", requirements, re.M), "torch must stay pinned: unpinned pulls a CUDA build"
    import torch

    assert torch.__version__.startswith("2.13.0") and torch.version.cuda is None


def test_every_direct_requirement_is_pinned_exactly():
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "-")):
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.+]+", line), f"not an exact pin: {line}"


def test_helpers_is_the_repository_package_from_any_folder():
    """`pip install -e .` (not sys.path hacks): a kernel started in book/ must import this repository's helpers."""
    code = "import helpers, pathlib; print(pathlib.Path(helpers.__file__).resolve())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT / "book", capture_output=True, text=True, check=True)
    assert Path(out.stdout.strip()) == ROOT / "helpers" / "__init__.py"


def test_jupyterlab_can_load_jupyterlab_myst():
    jupyter = Path(sys.executable).with_name("jupyter")
    out = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    assert "jupyterlab-myst" in text, text
    assert "not compatible" not in text, text
