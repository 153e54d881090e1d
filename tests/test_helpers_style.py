"""The helpers are shown in the book with ``inspect.getsource``: keep their lines short."""

import re
from pathlib import Path

HELPERS = Path(__file__).resolve().parent.parent / "helpers"
MAX_LINE_LENGTH = 88  # width of the book's code box; counted in characters, not bytes


def test_helper_lines_fit_the_code_box():
    files = sorted(HELPERS.rglob("*.py"))
    assert files, f"no Python files found in {HELPERS}"
    too_long = [
        f"{path.relative_to(HELPERS.parent)}:{number}: {len(line)} characters"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > MAX_LINE_LENGTH
    ]
    assert not too_long, (
        f"lines longer than {MAX_LINE_LENGTH} characters:\n" + "\n".join(too_long)
    )


def test_every_chapter_back_link_points_to_a_chapter_in_the_book():
    """Docstrings say ``Chapter: book/<part>/<name>.ipynb (한국어 / English)``: the
    notebook must exist and be in the table of contents, so a reader can follow it."""
    root = HELPERS.parent
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    broken = []
    for path in sorted(HELPERS.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for target in re.findall(r"Chapter: (book/\S+?\.(?:ipynb|md))", line):
                in_toc = f"file: {target.rsplit('.', 1)[0]}" in toc
                if not (root / target).exists() or not in_toc:
                    broken.append(f"{path.relative_to(root)}:{number}: {target}")
    assert not broken, "back-links to missing chapters:\n" + "\n".join(broken)


def test_every_public_helper_has_a_chapter_back_link():
    """Each public module-level function or class names the chapter that teaches it."""
    import ast

    missing = []
    for path in sorted(HELPERS.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_doc = ast.get_docstring(tree) or ""
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_"):
                doc = ast.get_docstring(node) or ""
                if "Chapter:" not in doc and "Chapter:" not in module_doc:
                    missing.append(f"{path.relative_to(HELPERS.parent)}: {node.name}")
    assert not missing, "public helpers without a `Chapter:` back-link:\n" + "\n".join(missing)
