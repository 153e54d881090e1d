import inspect

import pytest

import helpers.gradcheck
from helpers.source import show_source


def test_shows_the_real_source():
    code = show_source(helpers.gradcheck.rel_error)
    assert "def rel_error" in code.data
    assert code.data == inspect.getsource(helpers.gradcheck.rel_error)


def test_module_source():
    assert show_source(helpers.gradcheck).data == inspect.getsource(helpers.gradcheck)


def test_python_highlighting():
    assert 'class="highlight' in show_source(show_source)._repr_html_()


@pytest.mark.parametrize("obj", [len, print, 3])
def test_no_source_raises_value_error(obj):
    with pytest.raises(ValueError, match="source"):
        show_source(obj)


def test_import_helpers_stays_light():
    import subprocess
    import sys

    code = "import sys, helpers; print('torch' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
