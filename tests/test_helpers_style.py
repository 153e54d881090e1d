"""The helpers are shown in the book with ``inspect.getsource``: keep their lines short."""

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
