"""Show a helper's real source code in a notebook, syntax-highlighted."""

import inspect

from IPython.display import Code


def show_source(obj) -> Code:
    """Return the source of a function, class, method or module
    as an ``IPython.display.Code``.

    The book displays the helpers it teaches with this, so what you read is
    exactly the code the experiments run.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    try:
        source = inspect.getsource(obj)
    except (TypeError, OSError) as exc:
        # builtins, C extensions, objects defined in a REPL
        raise ValueError(f"no Python source is available for {obj!r}: {exc}") from exc
    return Code(source, language="python")
