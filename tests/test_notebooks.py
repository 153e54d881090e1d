"""Every chapter notebook follows the book's template (book/getting_started.ipynb is the model).

nbval (`make test`) re-executes the notebooks and compares outputs; these checks cover what nbval cannot see:
the chapter anatomy, the exercises' auto-checks and collapsed solutions, and a clean top-to-bottom execution.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
REQUIRED_HEADINGS = ["## 학습 목표 (Learning goals)", "## 연습문제 (Exercises)", "## 참고문헌 (References)"]
MAX_CODE_LINE = 88  # the width of a code box on the site


def cells(path: Path) -> list[dict]:
    return [dict(cell, text="".join(cell["source"])) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]]


def ids(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_every_notebook_is_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"file:\s*(\S+)", toc)) | {yaml.safe_load(toc)["root"]}
    missing = [ids(p) for p in NOTEBOOKS if str(p.relative_to(ROOT).with_suffix("")) not in listed]
    assert not missing, f"notebooks missing from _toc.yml: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_chapter_anatomy(path):
    markdown = [c["text"] for c in cells(path) if c["cell_type"] == "markdown"]
    assert markdown and markdown[0].startswith("# "), "the first cell starts with the chapter title"
    headings = [line.strip() for text in markdown for line in text.splitlines() if line.startswith("## ")]
    for required in REQUIRED_HEADINGS:
        assert required in headings, f"missing heading {required!r}"
    assert headings.index(REQUIRED_HEADINGS[1]) < headings.index(REQUIRED_HEADINGS[2])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_executed_top_to_bottom_in_a_fresh_kernel(path):
    counts = [c.get("execution_count") for c in cells(path) if c["cell_type"] == "code" and c["text"].strip()]
    assert counts == list(range(1, len(counts) + 1)), f"re-run the notebook from the top: counts {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_code_is_readable_and_installs_nothing(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    for index, cell in enumerate(cells(path)):
        if cell["cell_type"] != "code":
            continue
        assert not re.search(r"sys\.path\.(append|insert)|^\s*[!%]pip ", cell["text"], re.M), f"cell {index}"
        long = [line for line in cell["text"].splitlines() if len(line) > MAX_CODE_LINE]
        assert not long, f"cell {index}: lines longer than {MAX_CODE_LINE}: {long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_exercises_are_auto_checked_with_collapsed_executed_solutions(path):
    """3+ exercises; each has an auto-check, and a dropdown solution whose code asserts that the check passes."""
    exercises, solution, current = [], None, None
    for cell in cells(path):
        text = cell["text"]
        if cell["cell_type"] == "markdown" and "{exercise-start}" in text:
            label = re.search(r":label:\s*(\S+)", text).group(1)
            current = {"label": label, "checked": False, "solved": False, "dropdown": False}
            exercises.append(current)
        elif cell["cell_type"] == "markdown" and "{solution-start}" in text:
            solution = next(e for e in exercises if e["label"] in text)
            solution["dropdown"] = ":class: dropdown" in text
        elif cell["cell_type"] == "markdown" and "{solution-end}" in text:
            solution = None
        elif cell["cell_type"] == "code" and solution is not None:
            solution["solved"] |= bool(re.search(r"assert check_\w+\(.*\)\.passed", text))
        elif cell["cell_type"] == "code" and current is not None and re.search(r"check_\w+\(", text):
            current["checked"] = True
        if cell["cell_type"] == "markdown" and "{exercise-end}" in text:
            current = None
    assert len(exercises) >= 3, f"{len(exercises)} exercises; each chapter has 3 or more"
    for exercise in exercises:
        assert exercise["checked"], f"{exercise['label']}: no auto-check call in the exercise"
        assert exercise["dropdown"], f"{exercise['label']}: the solution is not a collapsed dropdown"
        assert exercise["solved"], f"{exercise['label']}: the solution does not assert that its check passes"


def _unrendered_bold(markdown: str) -> list[str]:
    """Lines where CommonMark leaves ``**`` as literal text: a closing ``**`` after
    punctuation and right before a letter, e.g. ``**과대적합(overfitting)**입니다``.
    Write ``**과대적합**(overfitting)입니다`` instead."""
    from markdown_it import MarkdownIt

    text = re.sub(r"\$\$.*?\$\$", "M", markdown, flags=re.S)  # math is not Markdown
    text = re.sub(r"\$[^$\n]+\$", "M", text)
    html = MarkdownIt("commonmark").render(text)
    html = re.sub(r"<code>.*?</code>", "", html, flags=re.S)
    return [line for line in html.splitlines() if "**" in line]


PAGES = NOTEBOOKS + sorted((ROOT / "book").rglob("*.md"))


@pytest.mark.parametrize("path", PAGES, ids=ids)
def test_bold_text_renders(path):
    if path.suffix == ".md":
        sources = [path.read_text(encoding="utf-8")]
    else:
        sources = [c["text"] for c in cells(path) if c["cell_type"] == "markdown"]
    broken = [line for source in sources for line in _unrendered_bold(source)]
    assert not broken, "literal ** in the rendered page:\n" + "\n".join(broken)
