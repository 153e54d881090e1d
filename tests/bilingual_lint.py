"""Bilingual lint for the book's prose (notebooks' markdown cells and MyST pages under book/).

The house rule (../shared/DESIGN.md, "Bilingual from one source"):
- Every prose block lives in a sphinx-design tab-set with ``:sync-group: lang`` holding a 한국어 tab
  (``:sync: ko``) and an English tab (``:sync: en``); one click switches every block on every page.
- Headings are bilingual: ``## 편향 보정 (Bias correction)``.
- Math, code, tables (whose columns carry both languages) and bibliography directives are shared.
- Other directives (note, exercise, dropdown, ...) may sit outside a tab-set, but their own prose must then obey
  the same rules, and a title they carry must be bilingual.

`lint_markdown(text)` returns a list of human-readable problems; an empty list means the text is clean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN = re.compile(r"[A-Za-z]")
FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,}|~{3,})\s*(?P<info>.*?)\s*$")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<arg>.*)$")
OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):\s*(?P<value>.*)$")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
# "한국어 (English)": Hangul before a parenthesised part that contains Latin letters (math or labels may follow).
BILINGUAL_TITLE = re.compile(r"[\uac00-\ud7a3][^()]*\((?=[^)]*[A-Za-z])[^)]*\)")

# Directives whose body is not prose: math, code and generated content are shared by both languages.
SHARED_DIRECTIVES = {"math", "code", "code-block", "code-cell", "bibliography", "toctree", "raw", "eval-rst",
                     "literalinclude", "glue", "glue:figure", "glue:math"}
# Gated sphinx-exercise markers carry only options; their content is the following notebook cells.
GATE_DIRECTIVES = {"exercise-start", "exercise-end", "solution-start", "solution-end"}
KO_MIN_HANGUL_SHARE = 0.3   # Korean prose mixes in English terms and symbols, but is mostly Hangul
EN_MAX_HANGUL_SHARE = 0.15  # English prose may quote a Korean term now and then


@dataclass
class Block:
    name: str                       # directive name, "code" for a plain code fence, "" for the document
    arg: str = ""
    options: dict = field(default_factory=dict)
    lines: list = field(default_factory=list)      # (line number, text) of this block's own prose lines
    children: list = field(default_factory=list)
    line: int = 0


def parse(text: str) -> Block:
    """Parse MyST markdown into nested fenced blocks (directives and code fences)."""
    root = Block(name="")
    stack = [(root, None)]  # (block, fence string that closes it)
    in_math = False
    for number, line in enumerate(text.splitlines(), start=1):
        block, closing = stack[-1]
        literal = block.name in SHARED_DIRECTIVES or block.name == "code"
        match = FENCE_OPEN.match(line)
        if closing is not None and match and not match.group("info") and match.group("fence")[0] == closing[0] \
                and len(match.group("fence")) >= len(closing):
            stack.pop()
            continue
        if literal:
            continue
        stripped = line.strip()
        if in_math:  # inside display math (shared): skip until the line that ends it
            in_math = not stripped.endswith("$$")
            continue
        if stripped.startswith("$$"):
            # display math opens here; it also closes on this line if the line is `$$ ... $$`
            in_math = not (len(stripped) > 4 and stripped.endswith("$$"))
            continue
        if match and match.group("info"):
            directive = DIRECTIVE_INFO.match(match.group("info"))
            child = Block(name=directive.group("name") if directive else "code",
                          arg=directive.group("arg") if directive else "", line=number)
            block.children.append(child)
            stack.append((child, match.group("fence")))
            continue
        option = OPTION.match(line)
        if option and block.name and not block.lines and not any(text.strip() for _, text in block.lines):
            block.options[option.group("key")] = option.group("value").strip()
            continue
        block.lines.append((number, line))
    return root


def _letters(text: str) -> tuple[int, int]:
    return len(HANGUL.findall(text)), len(LATIN.findall(text))


def _strip_inline(text: str) -> str:
    """Remove inline code, inline math, roles' targets, links' URLs and HTML comments: they are not prose."""
    text = re.sub(r"<!--.*?-->", "", text)
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"\$[^$]*\$", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return text


def _all_text(block: Block) -> str:
    parts = [_strip_inline(text) for _, text in block.lines]
    for child in block.children:
        if child.name not in SHARED_DIRECTIVES and child.name != "code":
            parts.append(_strip_inline(child.arg))
            parts.append(_all_text(child))
    return "\n".join(parts)


def _is_prose(text: str) -> bool:
    """A line outside a tab-set is prose unless it is a heading, table row, target, comment or only symbols."""
    stripped = text.strip()
    if not stripped or HEADING.match(text) or stripped.startswith("|"):
        return False
    if re.fullmatch(r"\(.*\)=", stripped) or re.fullmatch(r"<!--.*-->", stripped):
        return False
    hangul, latin = _letters(_strip_inline(stripped))
    return hangul + latin > 0


def _check_language(tab: Block, lang: str, where: str) -> list[str]:
    hangul, latin = _letters(_all_text(tab))
    if hangul + latin == 0:
        return [f"{where}: the {lang} tab is empty"]
    share = hangul / (hangul + latin)
    if lang == "ko" and share < KO_MIN_HANGUL_SHARE:
        return [f"{where}: the ko tab is not Korean ({share:.0%} Hangul letters)"]
    if lang == "en" and share > EN_MAX_HANGUL_SHARE:
        return [f"{where}: the en tab is not English ({share:.0%} Hangul letters)"]
    return []


def _check_tab_set(block: Block, where: str) -> list[str]:
    problems = []
    if block.options.get("sync-group") != "lang":
        problems.append(f"{where}: tab-set outside the lang group (needs ':sync-group: lang')")
    tabs = [child for child in block.children if child.name == "tab-item"]
    syncs = [tab.options.get("sync") for tab in tabs]
    if syncs != ["ko", "en"]:
        problems.append(f"{where}: a lang tab-set needs exactly a ':sync: ko' tab then a ':sync: en' tab, got {syncs}")
    if any(_is_prose(text) for _, text in block.lines):
        problems.append(f"{where}: text inside the tab-set but outside its tab-items")
    for tab in tabs:
        if tab.options.get("sync") in ("ko", "en"):
            problems += _check_language(tab, tab.options["sync"], f"{where} ({tab.options['sync']} tab)")
    return problems


def _check_block(block: Block, where: str) -> list[str]:
    problems = []
    for number, text in block.lines:
        heading = HEADING.match(text)
        if heading and not BILINGUAL_TITLE.search(heading.group("text")):
            problems.append(f"{where} line {number}: heading is not '한국어 (English)': {heading.group('text')!r}")
        elif _is_prose(text):
            problems.append(f"{where} line {number}: prose outside a lang tab-set: {text.strip()[:60]!r}")
    for child in block.children:
        child_where = f"{where} line {child.line} {{{child.name}}}"
        if child.name == "tab-set":
            problems += _check_tab_set(child, child_where)
        elif child.name in SHARED_DIRECTIVES or child.name == "code":
            continue
        elif child.name in GATE_DIRECTIVES:
            # only exercise-start carries a title (solution-start's argument is the exercise's label)
            title = _strip_inline(child.arg) if child.name == "exercise-start" else ""
            if sum(_letters(title)) and not BILINGUAL_TITLE.search(title):
                problems.append(f"{child_where}: title is not '한국어 (English)': {child.arg!r}")
        else:
            title = _strip_inline(child.arg)
            if child.name not in ("tab-item",) and sum(_letters(title)) and not BILINGUAL_TITLE.search(title):
                problems.append(f"{child_where}: title is not '한국어 (English)': {child.arg!r}")
            problems += _check_block(child, child_where)
    return problems


def lint_markdown(text: str, where: str = "text") -> list[str]:
    """Problems with the bilingual structure of one markdown text (a notebook cell or a page)."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)  # YAML front matter
    return _check_block(parse(text), where)


def korean_text(text: str) -> str:
    """The Korean prose of a text: the contents of its ':sync: ko' tabs (for the glossary's word checks)."""
    parts = []

    def walk(block: Block):
        for child in block.children:
            if child.name == "tab-item" and child.options.get("sync") == "ko":
                parts.append(_all_text(child))
            else:
                walk(child)

    walk(parse(text))
    return "\n".join(parts)
