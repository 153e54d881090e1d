"""Exercise checks for 시작하기 (Getting started).

Chapter: book/getting_started.ipynb (시작하기 / Getting started)
"""

import numpy as np

from helpers.exercises.core import CheckResult, check_function

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
