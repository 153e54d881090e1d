"""The Adam chapter's exercise checks pass the reference solutions and fail plausible
wrong answers (each wrong answer is named by the bug it has).
"""

import math

import numpy as np
import pytest
import torch

from helpers.exercises.adam import (
    _adam_step_cases,
    _reference_adam_efficient_step,
    _reference_adam_step,
    _reference_expected_moment,
    _reference_momentum_multiplier,
    buggy_adam_efficient_step,
    check_adam_efficient_step,
    check_adam_step,
    check_expected_moment,
    check_momentum_multiplier,
)


# --- one Adam step

def adam_step(theta, grad, v, r, t, lr, beta1, beta2, eps):
    v = beta1 * v + (1 - beta1) * grad
    r = beta2 * r + (1 - beta2) * grad**2
    v_hat, r_hat = v / (1 - beta1**t), r / (1 - beta2**t)
    return theta - lr * v_hat / (np.sqrt(r_hat) + eps), v, r


def adam_step_in_place(theta, grad, v, r, t, lr, beta1, beta2, eps):
    """Right answer written with in-place updates (modifies its inputs)."""
    v *= beta1
    v += (1 - beta1) * grad
    r *= beta2
    r += (1 - beta2) * grad**2
    theta -= lr * (v / (1 - beta1**t)) / (np.sqrt(r / (1 - beta2**t)) + eps)
    return theta, v, r


def adam_no_bias_correction(theta, grad, v, r, t, lr, beta1, beta2, eps):
    v = beta1 * v + (1 - beta1) * grad
    r = beta2 * r + (1 - beta2) * grad**2
    return theta - lr * v / (np.sqrt(r) + eps), v, r


def adam_eps_inside_sqrt(theta, grad, v, r, t, lr, beta1, beta2, eps):
    v = beta1 * v + (1 - beta1) * grad
    r = beta2 * r + (1 - beta2) * grad**2
    v_hat, r_hat = v / (1 - beta1**t), r / (1 - beta2**t)
    return theta - lr * v_hat / np.sqrt(r_hat + eps), v, r


def adam_t_from_zero(theta, grad, v, r, t, lr, beta1, beta2, eps):
    """Bias correction as if t were 0-based: 1 - beta**(t + 1)."""
    v = beta1 * v + (1 - beta1) * grad
    r = beta2 * r + (1 - beta2) * grad**2
    v_hat, r_hat = v / (1 - beta1 ** (t + 1)), r / (1 - beta2 ** (t + 1))
    return theta - lr * v_hat / (np.sqrt(r_hat) + eps), v, r


def adam_old_moments(theta, grad, v, r, t, lr, beta1, beta2, eps):
    """Takes the step with v_{t-1}, r_{t-1} and updates them afterwards."""
    v_hat = v / (1 - beta1**t) + (grad if t == 1 else 0)  # avoid 0/0 at t = 1
    r_hat = r / (1 - beta2**t) + (grad**2 if t == 1 else 0)
    theta = theta - lr * v_hat / (np.sqrt(r_hat) + eps)
    return theta, beta1 * v + (1 - beta1) * grad, beta2 * r + (1 - beta2) * grad**2


def adam_eps_before_correction(theta, grad, v, r, t, lr, beta1, beta2, eps):
    """The paper's efficient form: eps added to sqrt(r), not to sqrt(r_hat)."""
    v = beta1 * v + (1 - beta1) * grad
    r = beta2 * r + (1 - beta2) * grad**2
    alpha_t = lr * math.sqrt(1 - beta2**t) / (1 - beta1**t)
    return theta - alpha_t * v / (np.sqrt(r) + eps), v, r


def adam_returns_theta_only(theta, grad, v, r, t, lr, beta1, beta2, eps):
    return adam_step(theta, grad, v, r, t, lr, beta1, beta2, eps)[0]


@pytest.mark.parametrize("right", [adam_step, adam_step_in_place])
def test_adam_step_passes(right):
    result = check_adam_step(right)
    assert result.passed and result.error < 1e-13


@pytest.mark.parametrize("wrong", [
    adam_no_bias_correction, adam_eps_inside_sqrt, adam_t_from_zero, adam_old_moments,
    adam_eps_before_correction,
])
def test_adam_step_fails_plausible_bugs(wrong):
    result = check_adam_step(wrong)
    assert not result.passed and result.error > 1e-4  # far above the tolerance 1e-10


def test_adam_step_returning_only_theta_fails():
    result = check_adam_step(adam_returns_theta_only)
    assert not result.passed and "return values" in result.message


def test_reference_adam_step_matches_torch():
    """The check's reference is torch.optim.Adam (foreach=False), step for step."""
    for theta, grad, _, _, _, lr, beta1, beta2, eps in _adam_step_cases()[:2]:
        param = torch.tensor(theta, requires_grad=True)
        opt = torch.optim.Adam([param], lr=lr, betas=(beta1, beta2), eps=eps,
                               foreach=False)
        mine, v, r = theta.copy(), np.zeros_like(theta), np.zeros_like(theta)
        rng = np.random.default_rng(0)
        for t in range(1, 6):
            g = grad * rng.uniform(0.5, 1.5, size=grad.shape)
            param.grad = torch.tensor(g)
            opt.step()
            mine, v, r = _reference_adam_step(mine, g, v, r, t, lr, beta1, beta2, eps)
            np.testing.assert_allclose(mine, param.detach().numpy(), rtol=1e-12)
            np.testing.assert_allclose(v, opt.state[param]["exp_avg"].numpy(),
                                       rtol=1e-12)


# --- E[v_t]

@pytest.mark.parametrize("wrong", [
    lambda beta, t, v0, mean: (1 - beta**t) * mean,            # forgets v0
    lambda beta, t, v0, mean: mean,                            # "an average is unbiased"
    lambda beta, t, v0, mean: beta**t * v0 + mean,             # forgets (1 - beta**t)
    lambda beta, t, v0, mean: beta ** (t - 1) * v0 + (1 - beta ** (t - 1)) * mean,
    lambda beta, t, v0, mean: beta**t * v0 + (1 - beta) * t * mean,  # no geometric sum
])
def test_expected_moment_fails_plausible_bugs(wrong):
    assert not check_expected_moment(wrong).passed


def test_expected_moment_passes_and_matches_simulation():
    assert check_expected_moment(_reference_expected_moment).passed
    # the reference is the mean of the recursion itself, not a copy of the formula
    rng = np.random.default_rng(0)
    beta, t, v0, mean = 0.9, 7, 4.0, 1.0
    g = rng.normal(mean, 1.0, size=(200_000, t))
    v = np.full(200_000, v0)
    for i in range(t):
        v = beta * v + (1 - beta) * g[:, i]
    expected = _reference_expected_moment(beta, t, v0, mean)
    assert abs(v.mean() - expected) < 4 * v.std() / math.sqrt(len(v))


# --- efficient form

def fixed_efficient_step(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    alpha_t = lr * np.sqrt(1 - beta2**t) / (1 - beta1**t)
    return theta - alpha_t * m / (np.sqrt(v) + eps), m, v


def efficient_with_betas_swapped(theta, grad, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad**2
    alpha_t = lr * np.sqrt(1 - beta1**t) / (1 - beta2**t)
    return theta - alpha_t * m / (np.sqrt(v) + eps), m, v


def test_efficient_step_passes_the_fix():
    assert check_adam_efficient_step(fixed_efficient_step).passed


@pytest.mark.parametrize("wrong", [
    buggy_adam_efficient_step,        # the exercise's bug: no sqrt on 1 - beta2**t
    efficient_with_betas_swapped,
    adam_step,                        # torch's form: eps after the corrected sqrt
    adam_no_bias_correction,
])
def test_efficient_step_fails_plausible_bugs(wrong):
    result = check_adam_efficient_step(wrong)
    assert not result.passed and result.error > 1e-6


def test_efficient_form_equals_torch_form_with_rescaled_eps():
    """Both forms are one algorithm when eps_efficient = eps * sqrt(1 - beta2**t)."""
    rng = np.random.default_rng(1)
    theta, grad = rng.normal(size=5), rng.normal(size=5)
    m, v = 0.3 * rng.normal(size=5), 0.05 * rng.uniform(0.5, 1.5, size=5)
    for t in (1, 2, 10, 200):
        eps = 1e-3
        torch_form = _reference_adam_step(theta, grad, m, v, t, 0.01, 0.9, 0.999, eps)
        efficient = _reference_adam_efficient_step(
            theta, grad, m, v, t, 0.01, 0.9, 0.999, eps * math.sqrt(1 - 0.999**t))
        np.testing.assert_allclose(efficient[0], torch_form[0], rtol=1e-13)


# --- momentum multiplier

@pytest.mark.parametrize("wrong", [
    lambda beta, t: 1 / (1 - beta),                         # the limit, too early
    lambda beta, t: 1 - beta**t,                            # moving-average form
    lambda beta, t: (1 - beta ** (t + 1)) / (1 - beta),     # one term too many
    lambda beta, t: (1 - beta ** (t - 1)) / (1 - beta),     # one term too few
])
def test_momentum_multiplier_fails_plausible_bugs(wrong):
    assert not check_momentum_multiplier(wrong).passed


def test_momentum_multiplier_passes_and_matches_torch():
    assert check_momentum_multiplier(_reference_momentum_multiplier).passed
    for beta in (0.5, 0.9):
        param = torch.zeros(1, dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([param], lr=1.0, momentum=beta, foreach=False)
        for t in range(1, 8):
            param.grad = torch.ones(1, dtype=torch.float64)
            opt.step()
            buffer = opt.state[param]["momentum_buffer"].item()
            assert buffer == pytest.approx(_reference_momentum_multiplier(beta, t),
                                           rel=1e-14)
