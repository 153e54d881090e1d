"""Auto-checks for the exercises: grade a learner's function against a reference.

Every chapter's exercises end with a cell like
``assert check_standardize(standardize).passed``.
A check prints a bilingual verdict with the measured error
and returns a ``CheckResult``.
"""

import math
from dataclasses import dataclass

import numpy as np

from helpers.gradcheck import rel_error


@dataclass(repr=False)
class CheckResult:
    """The outcome of one check: ``passed`` is ``error <= tol``
    (``error`` is inf if the function failed to run).
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


# --- 시작하기 (Getting started) -----------------------------------------------------------

def _cube(x):
    return x**3


# Each test function with its exact derivative,
# so the check uses calculus, not another difference quotient.
_DERIVATIVES = {
    np.sin: np.cos,
    np.exp: np.exp,
    _cube: lambda x: 3 * x**2,
    np.tanh: lambda x: 1 - np.tanh(x) ** 2,
    np.log: lambda x: 1 / x,
}


def _exact_derivative(f, x):
    return _DERIVATIVES[f](x)


def check_centered_difference(fn) -> CheckResult:
    """Check ``fn(f, x)`` ≈ f'(x) for a few scalar functions,
    against their exact derivatives.

    A centered difference with h = 1e-5 has error O(h²) ≈ 1e-10 and passes
    (rtol 1e-7); a forward difference has error O(h) ≈ 1e-5 and fails.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    cases = [(np.sin, 0.3), (np.exp, 1.0), (_cube, -2.0), (np.tanh, 0.5), (np.log, 2.0)]
    hint = (
        "전진 차분 (f(x+h) − f(x))/h의 오차는 O(h), 중심 차분은 O(h²)입니다. "
        "f(x+h)와 f(x−h)를 쓰고 2h로 나누세요.\n"
        "A forward difference has error O(h), a centered one O(h²): "
        "use f(x+h) and f(x−h) and divide by 2h."
    )
    return check_function(
        fn, _exact_derivative, cases, name="centered_difference", rtol=1e-7, hint=hint
    )


def _reference_standardize(X_train, X_test):
    mean = X_train.mean(axis=0)  # per column, from the TRAIN data only
    std = X_train.std(axis=0)  # ddof=0: the population std
    return (X_train - mean) / std, (X_test - mean) / std


def _standardize_cases():
    """Three (X_train, X_test) pairs; the test set is drifted,
    the smallest train set has 5 rows.
    """
    rng = np.random.default_rng(0)
    cases = []
    for n_train, n_features in [(8, 3), (50, 5), (5, 1)]:
        loc = rng.uniform(-5, 5, size=n_features)
        scale = rng.uniform(0.5, 3, size=n_features)
        X_train = rng.normal(loc, scale, size=(n_train, n_features))
        # shifted and wider
        X_test = rng.normal(loc + 2 * scale, 1.5 * scale, size=(7, n_features))
        cases.append((X_train, X_test))
    return cases


def check_standardize(fn) -> CheckResult:
    """Check ``fn(X_train, X_test) -> (Z_train, Z_test)`` on random data.

    The test data come from a shifted, wider distribution, so standardizing
    the test set with its own statistics gives a visibly different answer, and
    small train sets make ddof=1 differ from ddof=0 by several percent.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    hint = (
        "테스트 데이터도 학습 데이터의 열별 평균과 표준편차(ddof=0)로 변환하고 "
        "(Z_train, Z_test)를 반환하세요.\n"
        "Transform BOTH sets with the TRAIN column mean and std (ddof=0, axis=0) "
        "and return (Z_train, Z_test)."
    )
    return check_function(
        fn,
        _reference_standardize,
        _standardize_cases(),
        name="standardize",
        rtol=1e-7,
        hint=hint,
    )


def _reference_stable_lr(a, b):
    # GD on ½(a x² + b y²): x_t = (1 − lr·a)^t x_0 and y_t = (1 − lr·b)^t y_0
    # converge iff both |factors| < 1
    return 2.0 / max(a, b)


def check_stable_learning_rate(fn) -> CheckResult:
    """Check ``fn(a, b)`` = the largest learning rate for which gradient descent
    on ½(a x² + b y²) converges.

    Cases put the steep direction on either axis, so an answer that only looks at ``b``
    (or uses the flattest direction, or 1/max) fails.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    cases = [(1.0, 20.0), (50.0, 2.0), (3.0, 3.0), (0.5, 4.0)]
    hint = (
        "두 좌표 모두 |1 − lr·a| < 1, |1 − lr·b| < 1 이어야 합니다. "
        "가장 가파른 방향이 상한을 정합니다.\n"
        "Both |1 − lr·a| < 1 and |1 − lr·b| < 1 must hold: "
        "the steepest direction sets the bound."
    )
    return check_function(
        fn, _reference_stable_lr, cases, name="largest_stable_lr", rtol=1e-12, hint=hint
    )
