import math

import numpy as np
import pytest

from helpers.exercises import CheckResult, check_function
from helpers.exercises.getting_started import (
    _reference_stable_lr,
    _reference_standardize,
    _standardize_cases,
    check_centered_difference,
    check_stable_learning_rate,
    check_standardize,
)


# --- solutions and plausible wrong answers written by a "learner" ----------------------------

def centered_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def forward_difference(f, x, h=1e-5):
    return (f(x + h) - f(x)) / h


def backward_difference(f, x, h=1e-5):
    return (f(x) - f(x - h)) / h


def standardize(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def standardize_test_with_own_stats(X_train, X_test):
    return ((X_train - X_train.mean(axis=0)) / X_train.std(axis=0),
            (X_test - X_test.mean(axis=0)) / X_test.std(axis=0))


def standardize_ddof1(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    return (X_train - mean) / std, (X_test - mean) / std


def standardize_train_only(X_train, X_test):
    return standardize(X_train, X_test)[0]


def standardize_global_stats(X_train, X_test):  # one mean/std for the whole matrix
    mean, std = X_train.mean(), X_train.std()
    return (X_train - mean) / std, (X_test - mean) / std


def standardize_in_place(X_train, X_test):  # mutates its inputs but returns the right answer
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    X_train -= mean
    X_train /= std
    X_test -= mean
    X_test /= std
    return X_train, X_test


# --- the concrete checks ---------------------------------------------------------------------

def test_centered_difference_passes(capsys):
    result = check_centered_difference(centered_difference)
    assert result.passed and result.error < 1e-9
    out = capsys.readouterr().out
    assert "통과" in out and "Passed" in out and f"{result.error:.1e}" in out


@pytest.mark.parametrize("wrong", [forward_difference, backward_difference])
def test_one_sided_differences_fail(wrong, capsys):
    result = check_centered_difference(wrong)
    assert not result.passed
    assert 1e-7 < result.error < 1e-4  # O(h) error, not a crash
    out = capsys.readouterr().out
    assert "실패" in out and "Failed" in out and "힌트 (Hint)" in out and "O(h²)" in out


def test_derivative_of_one_function_only_fails():
    assert not check_centered_difference(lambda f, x: np.cos(x)).passed  # right only for sin


def test_centered_difference_with_large_h_fails():
    assert not check_centered_difference(lambda f, x: centered_difference(f, x, h=1e-2)).passed


def test_standardize_passes():
    result = check_standardize(standardize)
    assert result.passed and result.error < 1e-12


def test_standardize_that_mutates_its_input_still_passes():
    assert check_standardize(standardize_in_place).passed


@pytest.mark.parametrize("wrong", [standardize_test_with_own_stats, standardize_ddof1, standardize_global_stats])
def test_wrong_standardize_fails_by_a_wide_margin(wrong):
    result = check_standardize(wrong)
    assert not result.passed and math.isfinite(result.error)
    assert result.error > 1e-2  # far from the tolerance, not a rounding-level miss


def test_standardize_cases_have_a_drifted_test_set_and_a_small_train_set():
    cases = _standardize_cases()
    for X_train, X_test in cases:
        drift = (X_test.mean(axis=0) - X_train.mean(axis=0)) / X_train.std(axis=0)
        assert np.all(np.abs(drift) > 0.5)
    assert min(len(X_train) for X_train, _ in cases) <= 10  # ddof=1 vs 0: sqrt(n/(n-1)) >= 5 %


def test_standardize_returning_only_train_fails():
    result = check_standardize(standardize_train_only)
    assert not result.passed and result.error == math.inf
    assert "return values" in result.message


def test_reference_standardize_uses_train_statistics():
    rng = np.random.default_rng(1)
    X_train, X_test = rng.normal(3, 2, size=(40, 3)), rng.normal(size=(10, 3))
    Z_train, Z_test = _reference_standardize(X_train, X_test)
    assert np.allclose(Z_train.mean(axis=0), 0) and np.allclose(Z_train.std(axis=0), 1)
    assert np.allclose(Z_test * X_train.std(axis=0) + X_train.mean(axis=0), X_test)


# --- failures that are not numerical ----------------------------------------------------------

def test_candidate_that_raises_fails_with_inf(capsys):
    def broken(f, x):
        raise TypeError("unsupported operand")

    result = check_centered_difference(broken)
    assert not result.passed and result.error == math.inf
    assert "your function raised" in result.message and "TypeError: unsupported operand" in result.message
    assert "inf" in capsys.readouterr().out


def test_missing_return_fails():
    result = check_centered_difference(lambda f, x: None)
    assert not result.passed and "None" in result.message


def test_wrong_shape_fails():
    result = check_function(lambda x: np.zeros(3), lambda x: np.zeros((3, 2)), [(1.0,)], name="shape")
    assert not result.passed and result.error == math.inf
    assert "shape mismatch" in result.message and "(3,)" in result.message and "(3, 2)" in result.message


def test_nan_output_fails():
    result = check_function(lambda x: np.full(2, np.nan), lambda x: np.ones(2), [(1.0,)], name="nan")
    assert not result.passed and result.error == math.inf and "NaN" in result.message


# --- the generic engine -----------------------------------------------------------------------

def test_check_function_identical_and_perturbed():
    cases = [(np.arange(4.0),), (np.linspace(-1, 1, 5),)]
    same = check_function(np.tanh, np.tanh, cases, name="tanh")
    assert same.passed and same.error == 0.0
    perturbed = check_function(lambda x: np.tanh(x) * (1 + 1e-5), np.tanh, cases, name="tanh")
    assert not perturbed.passed
    assert perturbed.error == pytest.approx(1e-5 / (2 + 1e-5), rel=1e-3)


def test_check_function_uses_rtol_and_worst_case():
    cases = [(1.0,), (2.0,)]
    result = check_function(lambda x: x * (1 + 1e-3 * (x == 2.0)), lambda x: x, cases, name="worst", rtol=1e-2)
    assert result.passed and result.error == pytest.approx(1e-3 / 2.001)
    assert not check_function(lambda x: x * 1.1, lambda x: x, cases, name="x", rtol=1e-2).passed


def test_candidate_cannot_corrupt_reference_inputs():
    def mutating(x):
        x[:] = 0
        return x

    seen = []

    def reference(x):
        seen.append(x.copy())
        return np.zeros_like(x)

    data = np.arange(3.0)
    check_function(mutating, reference, [(data,)], name="copy")
    assert np.array_equal(data, np.arange(3.0)) and np.array_equal(seen[0], np.arange(3.0))


def test_check_function_rejects_bad_cases():
    with pytest.raises(ValueError, match="cases"):
        check_function(abs, abs, [], name="empty")
    with pytest.raises(ValueError, match="cases"):
        check_function(abs, abs, [1.0], name="not tuples")


# --- the result object --------------------------------------------------------------------------

def test_verdict_text():
    passed = CheckResult("centered_difference", True, 3.1e-11, 1e-7)
    assert str(passed).splitlines() == [
        "✔ 통과 (Passed) — centered_difference",
        "   최대 상대 오차 (max relative error): 3.1e-11 ≤ 1e-07",
    ]
    failed = CheckResult("centered_difference", False, 1.5e-5, 1e-7, "   힌트 (Hint): …")
    assert str(failed).splitlines() == [
        "✘ 실패 (Failed) — centered_difference",
        "   최대 상대 오차 (max relative error): 1.5e-05 > 1e-07",
        "   힌트 (Hint): …",
    ]


def test_hint_prints_korean_then_english_on_indented_lines(capsys):
    check_centered_difference(lambda f, x, h=1e-5: (f(x + h) - f(x)) / h)
    hint = [line for line in capsys.readouterr().out.splitlines() if "O(h" in line]
    assert hint[0].startswith("   힌트 (Hint): 전진 차분") and hint[1].startswith("   A forward difference")


def test_repr_is_short():
    r = CheckResult("centered_difference", True, 3.1e-11, 1e-7, "long message " * 10)
    assert repr(r) == "CheckResult(name='centered_difference', passed=True, error=3.1e-11, tol=1e-07)"


def test_passing_check_shows_no_hint():
    result = check_centered_difference(centered_difference)
    assert result.message == "" and len(str(result).splitlines()) == 2 and "Hint" not in str(result)


# --- check_stable_learning_rate -----------------------------------------------------------------------------------
def test_stable_learning_rate_passes_the_derived_bound():
    assert check_stable_learning_rate(lambda a, b: 2 / max(a, b)).passed


@pytest.mark.parametrize("wrong", [
    lambda a, b: 2 / b,             # looks only at the y direction
    lambda a, b: 2 / min(a, b),     # the flattest direction: diverges along the steep one
    lambda a, b: 1 / max(a, b),     # safe but not the largest
    lambda a, b: 2 / (a + b),
])
def test_stable_learning_rate_fails_plausible_wrong_answers(wrong):
    assert not check_stable_learning_rate(wrong).passed


def test_stable_learning_rate_bound_is_sharp():
    """The reference is derived, not guessed: just below it GD converges, just above it diverges."""
    from helpers.data import quadratic
    for a, b in [(1.0, 20.0), (50.0, 2.0)]:
        bound, surface = _reference_stable_lr(a, b), quadratic(a, b)
        for lr, converges in [(0.99 * bound, True), (1.01 * bound, False)]:
            point = np.array([1.0, 1.0])
            for _ in range(2000):
                point = point - lr * surface.grad(*point)
            assert (np.linalg.norm(point) < 1e-3) == converges, (a, b, lr)


def test_every_chapter_check_is_re_exported():
    """``from helpers.exercises import check_x`` works for every chapter's check."""
    import importlib
    import pkgutil

    import helpers.exercises as package

    for module in pkgutil.iter_modules(package.__path__):
        chapter = importlib.import_module(f"helpers.exercises.{module.name}")
        for name in dir(chapter):
            if name.startswith("check_") and callable(getattr(chapter, name)):
                assert getattr(package, name, None) is getattr(chapter, name), name
                assert name in package.__all__, name
