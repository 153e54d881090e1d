"""Every prose block of the book is in Korean and English (see tests/bilingual_lint.py for the rules)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bilingual_lint import korean_text, lint_markdown

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
PAGES = sorted(BOOK.rglob("*.md"))


def markdown_cells(path: Path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "markdown":
            yield index, "".join(cell["source"])


def tabs(ko: str, en: str, group: str = "lang") -> str:
    """A tab-set as the chapters write it."""
    return (f"::::{{tab-set}}\n:sync-group: {group}\n\n:::{{tab-item}} 한국어\n:sync: ko\n\n{ko}\n:::\n\n"
            f":::{{tab-item}} English\n:sync: en\n\n{en}\n:::\n::::\n")


GOOD = "## 편향 보정 (Bias correction)\n\n" + tabs("첫 단계에서 모멘트가 0 쪽으로 치우칩니다.",
                                                  "In the first steps the moments are biased towards zero.")


# --- the lint itself can fail -------------------------------------------------------------------------------------
def test_lint_accepts_a_good_block():
    assert lint_markdown(GOOD) == []


def test_lint_skips_multiline_display_math_in_every_form():
    ko = "식은 다음과 같습니다.\n\n$$x_t = (1-\\alpha a)\\, x_{t-1}\n\\Longrightarrow x_t = (1-\\alpha a)^t x_0$$\n\n그래서 수렴합니다."
    en = "The formula is\n\n$$\nx_t = (1-\\alpha a)^t x_0\n$$\n\nso it converges."
    assert lint_markdown(tabs(ko, en)) == []


def test_lint_accepts_shared_math_code_and_tables():
    text = GOOD + "\n$$\n\\hat v_t = \\frac{v_t}{1-\\beta_1^t}\n$$\n\n```python\nprint('hi')\n```\n\n| 한국어 | English |\n|---|---|\n"
    assert lint_markdown(text) == []


@pytest.mark.parametrize("bad, message", [
    ("## 편향 보정\n", "heading"),
    ("## Bias correction\n", "heading"),
    ("모멘트가 0 쪽으로 치우칩니다.\n", "prose outside"),
    (tabs("첫 단계에서 모멘트가 0 쪽으로 치우칩니다.", "In the first steps the moments are biased.", group="other"),
     "outside the lang group"),
    (tabs("In the first steps the moments are biased.", "In the first steps the moments are biased."), "not Korean"),
    (tabs("첫 단계에서 모멘트가 0 쪽으로 치우칩니다.", "첫 단계에서 모멘트가 0 쪽으로 치우칩니다."), "not English"),
    (tabs("첫 단계에서 모멘트가 0 쪽으로 치우칩니다.", ""), "empty"),
    ("::::{tab-set}\n:sync-group: lang\n\n:::{tab-item} 한국어\n:sync: ko\n\n한국어 문장입니다.\n:::\n::::\n", "exactly"),
    ("```{note}\n모멘트가 0 쪽으로 치우칩니다.\n```\n", "prose outside"),
    ("````{exercise} Adam 한 단계\n" + tabs("한 단계를 구현하세요.", "Implement one step.").replace("::::", ":::::") + "````\n",
     "title"),
])
def test_lint_rejects(bad, message):
    problems = lint_markdown(bad)
    assert problems, f"the lint accepted {bad!r}"
    assert any(message in problem for problem in problems), problems


def test_korean_text_extracts_only_the_ko_tabs():
    ko = korean_text(GOOD)
    assert "치우칩니다" in ko and "biased" not in ko


# --- the book ----------------------------------------------------------------------------------------------------
def test_the_book_has_pages_and_notebooks():
    assert NOTEBOOKS and PAGES


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_prose_is_bilingual(path):
    problems = []
    for index, source in markdown_cells(path):
        problems += lint_markdown(source, where=f"cell {index}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_prose_is_bilingual(path):
    problems = lint_markdown(path.read_text(encoding="utf-8"), where=path.name)
    assert not problems, "\n".join(problems)


# --- one Korean term per English term: the glossary's "avoid" column ------------------------------------------------
def glossary_avoid_words() -> dict[str, str]:
    """{avoided Korean variant: the glossary's term}, read from the glossary table's last column."""
    avoid = {}
    for line in (BOOK / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and line.lstrip().startswith("|") and not set(cells[0]) <= set("-: "):
            for word in re.split(r"[,，]", cells[2]):
                word = word.strip()
                if word and word not in ("—", "-") and re.search(r"[\uac00-\ud7a3]", word):
                    avoid[word] = cells[0]
    return avoid


def test_glossary_lists_avoided_variants():
    avoid = glossary_avoid_words()
    assert "정칙화" in avoid and "레이어" in avoid, avoid  # the two traps DESIGN.md names


def book_korean_prose():
    for path in NOTEBOOKS:
        yield path, "\n".join(korean_text(source) for _, source in markdown_cells(path))
    for path in PAGES:
        if path.name != "glossary.md":
            yield path, korean_text(path.read_text(encoding="utf-8"))


def test_korean_prose_uses_the_glossary_terms():
    avoid = glossary_avoid_words()
    problems = []
    for path, text in book_korean_prose():
        for word, term in avoid.items():
            if word in text:
                problems.append(f"{path.relative_to(ROOT)}: '{word}' → use the glossary's '{term}'")
    assert not problems, "\n".join(problems)
