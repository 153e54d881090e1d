"""Exercise checks for Adam: 모멘텀 + RMSProp + 편향 보정
(Adam: momentum + RMSProp + bias correction).

Chapter: book/optimization/adam.ipynb (Adam / Adam)
"""

import numpy as np

from helpers.exercises.core import CheckResult, check_function


# --- one Adam step

def _reference_adam_step(theta, grad, v, r, t, lr, beta1, beta2, eps):
    """One Adam step in the book's notation (torch's placement of eps).

    theta, grad, v, r: arrays of one shape; t: the number of this step (1, 2, ...).
    Returns (theta_new, v_new, r_new).
    """
    v = beta1 * v + (1 - beta1) * grad  # first moment (paper m, torch exp_avg)
    r = beta2 * r + (1 - beta2) * grad**2  # second moment (paper v, torch exp_avg_sq)
    v_hat = v / (1 - beta1**t)
    r_hat = r / (1 - beta2**t)
    theta = theta - lr * v_hat / (np.sqrt(r_hat) + eps)
    return theta, v, r


def _adam_step_cases():
    """Single steps at t = 1, 2, 3 and 50 from random states, with two eps values.

    The eps = 1e-3 cases have small gradients (|g| ~ 1e-3), so eps inside or outside
    the square root makes a difference far above the tolerance; t = 1 makes a missing
    or shifted bias correction obvious; t = 50 with beta2 = 0.999 still needs the
    correction (1 - 0.999**50 = 0.049).
    """
    rng = np.random.default_rng(3)
    cases = []
    for t, shape, eps, scale in [(1, (4,), 1e-8, 1.0), (2, (3, 2), 1e-8, 1.0),
                                 (3, (5,), 1e-3, 1e-3), (50, (2, 3), 1e-3, 1e-3)]:
        theta = rng.normal(size=shape)
        grad = scale * rng.normal(size=shape)
        if t == 1:
            v, r = np.zeros(shape), np.zeros(shape)
        else:
            v = scale * 0.3 * rng.normal(size=shape)
            r = scale**2 * 0.05 * rng.uniform(0.5, 1.5, size=shape)
        cases.append((theta, grad, v, r, t, 0.01, 0.9, 0.999, eps))
    return cases


def check_adam_step(fn) -> CheckResult:
    """Check ``fn(theta, grad, v, r, t, lr, beta1, beta2, eps) -> (theta, v, r)``,
    one Adam step with bias correction, eps added after the square root.

    Catches: no bias correction, eps inside the square root, a bias correction
    with a 0-based t (1 - beta**(t + 1)), the step taken with the old moments.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """
    hint = (
        "v와 r을 먼저 갱신하고, 1 − β^t (t는 1부터)로 나눠 보정한 뒤, "
        "ε은 제곱근 밖에서 더하세요. (θ, v, r)을 반환합니다.\n"
        "Update v and r first, divide by 1 − β^t (t starts at 1), add eps after "
        "the square root, and return (theta, v, r)."
    )
    return check_function(fn, _reference_adam_step, _adam_step_cases(),
                          name="adam_step", rtol=1e-10, hint=hint)


# --- the expected value of an exponential moving average

def _reference_expected_moment(beta, t, v0, mean):
    """E[v_t] for v_t = beta*v_{t-1} + (1 - beta)*g_t with E[g_t] = mean for all t,
    starting from a fixed v_0 = v0.

    Unrolled: v_t = beta**t * v0 + (1 - beta) * sum_i beta**(t - i) * g_i, and the
    geometric sum gives (1 - beta**t) * mean.
    """
    return beta**t * v0 + (1 - beta**t) * mean


def check_expected_moment(fn) -> CheckResult:
    """Check ``fn(beta, t, v0, mean)`` = E[v_t] of an exponential moving average
    started at v_0 = v0, for stationary gradients with E[g] = mean.

    Cases mix v0 = 0 (the book's derivation) and v0 != 0, small and large t, and
    beta = 0.9 / 0.999, so forgetting the v0 term, the (1 - beta**t) factor or
    using beta**(t - 1) fails.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """
    cases = [(0.9, 1, 0.0, 2.0), (0.9, 5, 0.0, -1.5), (0.999, 10, 0.0, 0.3),
             (0.9, 3, 4.0, 1.0), (0.999, 100, -2.0, 0.5), (0.5, 2, 1.0, 3.0)]
    hint = (
        "점화식을 t번 펼치면 v_t = β^t v_0 + (1 − β) Σ β^(t−i) g_i 입니다. "
        "기댓값을 취하고 등비급수를 더하세요.\n"
        "Unroll the recursion t times: v_t = β^t v_0 + (1 − β) Σ β^(t−i) g_i; "
        "take expectations and sum the geometric series."
    )
    return check_function(fn, _reference_expected_moment, cases,
                          name="expected_moment", rtol=1e-12, hint=hint)


# --- the paper's "efficient form"

def _reference_adam_efficient_step(theta, grad, m, v, t, lr, beta1, beta2, eps):
    """One step of Adam in the paper's efficient form (Kingma & Ba 2015, end of
    section 2), in the paper's notation (m, v):

        alpha_t = lr * sqrt(1 - beta2**t) / (1 - beta1**t)
        theta   = theta - alpha_t * m / (sqrt(v) + eps)      (eps not rescaled)

    Returns (theta_new, m_new, v_new).
    """
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    alpha_t = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    theta = theta - alpha_t * m / (np.sqrt(v) + eps)
    return theta, m, v


def buggy_adam_efficient_step(theta, grad, m, v, t, lr, beta1, beta2, eps):
    """The exercise's starting point: Adam's efficient form with ONE bug."""
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    alpha_t = lr * (1 - beta2**t) / (1 - beta1**t)
    theta = theta - alpha_t * m / (np.sqrt(v) + eps)
    return theta, m, v


def _efficient_cases():
    rng = np.random.default_rng(7)
    cases = []
    for t, shape, eps in [(1, (3,), 1e-8), (2, (2, 2), 1e-8), (10, (4,), 1e-3),
                          (200, (3,), 1e-8)]:
        theta, grad = rng.normal(size=shape), rng.normal(size=shape)
        if t == 1:
            m, v = np.zeros(shape), np.zeros(shape)
        else:
            m = 0.3 * rng.normal(size=shape)
            v = 0.05 * rng.uniform(0.5, 1.5, size=shape)
        cases.append((theta, grad, m, v, t, 0.01, 0.9, 0.999, eps))
    return cases


def check_adam_efficient_step(fn) -> CheckResult:
    """Check ``fn(theta, grad, m, v, t, lr, beta1, beta2, eps) -> (theta, m, v)``,
    the paper's efficient form: alpha_t = lr*sqrt(1 - beta2**t)/(1 - beta1**t),
    then theta -= alpha_t * m / (sqrt(v) + eps) with eps NOT rescaled.

    The buggy starting point (no square root on 1 - beta2**t) fails, and so does
    torch's form (eps added to the bias-corrected sqrt(v_hat)) in the eps = 1e-3 case.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """
    hint = (
        "α_t의 두 보정 인자를 v̂ = v/(1 − β2^t)의 제곱근에서 다시 유도해 보세요.\n"
        "Re-derive alpha_t's two factors from the square root of "
        "v_hat = v/(1 − beta2^t)."
    )
    return check_function(fn, _reference_adam_efficient_step, _efficient_cases(),
                          name="adam_efficient_step", rtol=1e-10, hint=hint)


# --- momentum's effective step size

def _reference_momentum_multiplier(beta, t):
    """torch's SGD momentum buffer b_t = beta*b_{t-1} + g, b_1 = g, under a constant
    gradient g: b_t = (1 + beta + ... + beta**(t-1)) g = (1 - beta**t)/(1 - beta) g.
    Returns that multiplier; it tends to 1/(1 - beta).
    """
    return (1 - beta**t) / (1 - beta)


def check_momentum_multiplier(fn) -> CheckResult:
    """Check ``fn(beta, t)`` = b_t / g for torch's SGD momentum buffer under a
    constant gradient g (step t = 1, 2, ...).

    Small t catches the limit 1/(1 - beta) used too early and off-by-one exponents;
    t = 10_000 catches the moving-average form 1 - beta**t, which forgets the
    1/(1 - beta) gain.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """
    cases = [(0.9, 1), (0.9, 2), (0.9, 10), (0.99, 50), (0.5, 3), (0.9, 10_000)]
    hint = (
        "b_1 = g, b_2 = (1 + β)g, b_3 = (1 + β + β²)g, ... 를 써 보고 등비급수로 "
        "더하세요.\n"
        "Write out b_1 = g, b_2 = (1 + β)g, b_3 = (1 + β + β²)g, ... and sum the "
        "geometric series."
    )
    return check_function(fn, _reference_momentum_multiplier, cases,
                          name="momentum_multiplier", rtol=1e-12, hint=hint)
