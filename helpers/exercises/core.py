"""The machinery every exercise check uses: ``CheckResult`` and ``check_function``.

A chapter's checks live in their own module of this package
(``helpers/exercises/<chapter>.py``) and are built on ``check_function``.
"""

import math
from dataclasses import dataclass

import numpy as np

from helpers.gradcheck import rel_error


@dataclass(repr=False)
class CheckResult:
    """The outcome of one check: ``passed`` is ``error <= tol``
    (``error`` is inf if the function failed to run).

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """

    name: str
    passed: bool
    error: float
    tol: float
    message: str = ""  # extra lines printed under the verdict (what went wrong, a hint)

    def __str__(self):
        # ✔/✘ are in every common font (colour emoji are not); the error goes on its own
        # line so the verdict fits a notebook's output box
        verdict = "✔ 통과 (Passed)" if self.passed else "✘ 실패 (Failed)"
        relation = "≤" if self.passed else ">"
        text = (f"{verdict} — {self.name}\n   최대 상대 오차 (max relative error): "
                f"{self.error:.1e} {relation} {self.tol:g}")
        return text + ("\n" + self.message if self.message else "")

    def __repr__(self):
        return (f"CheckResult(name={self.name!r}, passed={self.passed}, "
                f"error={self.error:.1e}, tol={self.tol:g})")


def _compare(got, expected):
    """Max relative error between two results, or (inf, what is wrong).

    A tuple/list result (e.g. ``(Z_train, Z_test)``) must have as many items
    as the reference's; the items are compared one by one.
    """
    if got is None:
        return math.inf, (
            "함수가 None을 반환했습니다 (your function returned None — missing `return`?)"
        )
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            count = (
                len(got)
                if isinstance(got, (tuple, list))
                else f"a single {type(got).__name__}"
            )
            return math.inf, (f"반환값의 개수가 다릅니다 (wrong number of return values): "
                              f"got {count}, expected a tuple of {len(expected)}")
        results = [_compare(g, e) for g, e in zip(got, expected)]
        return max(results, key=lambda result: result[0])  # the worst item decides
    try:
        got = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return math.inf, (
            f"숫자가 아닙니다 (not a number or numeric array): got {type(got).__name__}"
        )
    expected = np.asarray(expected, dtype=float)
    if got.shape != expected.shape:
        return math.inf, (
            f"모양이 다릅니다 (shape mismatch): got {got.shape}, expected {expected.shape}"
        )
    if not np.all(np.isfinite(got)):
        return math.inf, "NaN 또는 inf가 있습니다 (the result contains NaN or inf)"
    return rel_error(got, expected), ""


def _copy_arrays(args):
    """Copy ndarray arguments so a function that modifies its input
    cannot affect the other call.
    """
    return tuple(arg.copy() if isinstance(arg, np.ndarray) else arg for arg in args)


def check_function(
    candidate, reference, cases, *, name, rtol=1e-7, hint=""
) -> CheckResult:
    """Call ``candidate(*case)`` and ``reference(*case)`` for every case
    and compare with ``rel_error``.

    ``cases``: a list of tuples of positional arguments. The error is the
    largest over all cases; the check passes if it is at most ``rtol``. If the
    candidate raises, returns the wrong shape or NaN/inf, the check fails with
    error = inf and says why. Prints the verdict and returns the ``CheckResult``.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    cases = list(cases)
    if not cases or not all(isinstance(case, tuple) for case in cases):
        raise ValueError(
            "cases must be a non-empty list of tuples of positional arguments"
        )

    error, problem = 0.0, ""
    for case in cases:
        expected = reference(*_copy_arrays(case))
        try:
            got = candidate(*_copy_arrays(case))
        except Exception as exc:  # the learner's bug is reported, not raised
            error, problem = math.inf, (
                f"함수가 예외를 냈습니다 (your function raised): {type(exc).__name__}: {exc}"
            )
            break
        case_error, problem = _compare(got, expected)
        error = max(error, case_error)
        if problem:
            break

    passed = error <= rtol
    lines = []
    if problem:
        lines.append(f"   {problem}")
    if hint and not passed:
        # a hint is "Korean\nEnglish": both lines indented under the verdict
        lines.append("   힌트 (Hint): " + hint.replace("\n", "\n   "))
    result = CheckResult(name, passed, float(error), rtol, "\n".join(lines))
    print(result)
    return result
