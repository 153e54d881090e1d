"""The checks of book/optimization/sgd_weight_decay.ipynb pass the reference solutions and
fail plausible wrong answers; the references themselves agree with helpers.optim and torch.
"""

import math

import numpy as np
import pytest
import torch

from helpers.exercises.sgd_weight_decay import (
    _momentum_cases,
    _reference_matching_decay,
    _reference_momentum_l2_step,
    check_decay_factor,
    check_matching_decoupled_decay,
    check_momentum_l2_step,
)
from helpers.optim import SGD

# --- decay factor ---------------------------------------------------------------------------


def test_decay_factor_passes():
    assert check_decay_factor(lambda lr, wd: 1 - lr * wd).passed


@pytest.mark.parametrize("wrong, bug", [
    (lambda lr, wd: 1 - wd, "learning rate forgotten (the paper's decoupled rate)"),
    (lambda lr, wd: 1 - lr * wd / 2, "the penalty's 1/2 kept in the gradient"),
    (lambda lr, wd: 1 - 2 * lr * wd, "penalty differentiated as λ‖θ‖²"),
    (lambda lr, wd: (1 - lr) * wd, "factor mixed up"),
])
def test_wrong_decay_factor_fails(wrong, bug):
    result = check_decay_factor(wrong)
    assert not result.passed, bug
    assert math.isfinite(result.error)


# --- one SGD step with momentum and ℓ2 -----------------------------------------------------


def momentum_l2_step(theta, buf, grad, lr, momentum, weight_decay):
    g = grad + weight_decay * theta
    buf = momentum * buf + g
    return theta - lr * buf, buf


def decoupled_step(theta, buf, grad, lr, momentum, weight_decay):  # SGDW, not ℓ2
    buf = momentum * buf + grad
    return (1 - lr * weight_decay) * theta - lr * buf, buf


def decay_outside_buffer(theta, buf, grad, lr, momentum, weight_decay):
    buf = momentum * buf + grad
    return theta - lr * (buf + weight_decay * theta), buf


def dampened_buffer(theta, buf, grad, lr, momentum, weight_decay):
    g = grad + weight_decay * theta
    buf = momentum * buf + (1 - momentum) * g
    return theta - lr * buf, buf


def returns_theta_only(theta, buf, grad, lr, momentum, weight_decay):
    return momentum_l2_step(theta, buf, grad, lr, momentum, weight_decay)[0]


def test_momentum_l2_step_passes():
    result = check_momentum_l2_step(momentum_l2_step)
    assert result.passed and result.error < 1e-14


@pytest.mark.parametrize("wrong", [decoupled_step, decay_outside_buffer, dampened_buffer,
                                   returns_theta_only])
def test_wrong_momentum_l2_step_fails(wrong):
    assert not check_momentum_l2_step(wrong).passed


@pytest.mark.parametrize("case", range(3))
def test_reference_momentum_step_matches_helpers_and_torch(case):
    """The reference equals step 2 of helpers.optim.SGD and torch.optim.SGD
    whose buffer after step 1 is ``buf``."""
    theta, buf, grad, lr, mu, wd = _momentum_cases()[case]
    expected_theta, expected_buf = _reference_momentum_l2_step(theta, buf, grad, lr, mu, wd)

    # step 1 with a gradient chosen so that the buffer becomes buf: b_1 = g_1 + λθ_0
    theta0 = theta + lr * buf  # so that θ_1 = θ_0 − lr·b_1 = theta
    g1 = buf - wd * theta0
    ours = [theta0.copy()]
    opt = SGD(ours, lr=lr, momentum=mu, weight_decay=wd)
    opt.step([g1])
    opt.step([grad])
    assert np.allclose(ours[0], expected_theta, rtol=1e-12, atol=1e-12)
    assert np.allclose(opt.v[0], expected_buf, rtol=1e-12, atol=1e-12)

    p = torch.tensor(theta0.copy(), requires_grad=True)
    topt = torch.optim.SGD([p], lr=lr, momentum=mu, weight_decay=wd, foreach=False)
    for g in (g1, grad):
        p.grad = torch.tensor(g)
        topt.step()
    assert np.allclose(p.detach().numpy(), expected_theta, rtol=1e-12, atol=1e-12)


# --- matching decoupled decay ----------------------------------------------------------------


def test_matching_decay_passes():
    assert check_matching_decoupled_decay(lambda wd, mu: wd / (1 - mu)).passed


@pytest.mark.parametrize("wrong", [
    lambda wd, mu: wd,              # momentum ignored
    lambda wd, mu: wd * (1 - mu),   # inverted
    lambda wd, mu: wd / (1 + mu),
])
def test_wrong_matching_decay_fails(wrong):
    assert not check_matching_decoupled_decay(wrong).passed


def test_reference_matching_decay_gives_the_same_fixed_point():
    """On a quadratic J = ½ h θ², SGD-momentum+ℓ2 (λ) and the decoupled form (λ') converge
    to the same point when λ' is the reference, and to different points when λ' = λ."""
    h, c, lr, mu, lam = 2.0, 1.5, 0.05, 0.9, 0.3

    def grad_j(theta):
        return h * (theta - c)

    def run_l2():
        theta = np.array([0.0])
        opt = SGD([theta], lr=lr, momentum=mu, weight_decay=lam)
        for _ in range(3000):
            opt.step([grad_j(theta)])
        return theta[0]

    def run_decoupled(lam_dec):
        theta = np.array([0.0])
        opt = SGD([theta], lr=lr, momentum=mu)
        for _ in range(3000):
            g = grad_j(theta)
            theta *= 1 - lr * lam_dec
            opt.step([g])
        return theta[0]

    target = h * c / (h + lam)  # minimizer of J + (λ/2)θ²
    assert run_l2() == pytest.approx(target, rel=1e-10)
    assert run_decoupled(_reference_matching_decay(lam, mu)) == pytest.approx(target, rel=1e-10)
    assert abs(run_decoupled(lam) - target) > 1e-2
