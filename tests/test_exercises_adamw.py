"""The checks of book/optimization/adamw.ipynb pass the reference solutions and fail
plausible wrong answers; the references agree with helpers.optim.AdamW and torch.
"""

import math

import numpy as np
import pytest
import torch

from helpers.exercises.adamw import (
    _adamw_cases,
    _reference_adamw_step,
    _reference_l2_decay_rate,
    check_adamw_step,
    check_l2_decay_rate,
    check_paper_to_torch_weight_decay,
)
from helpers.optim import Adam, AdamW

# --- paper λ → torch weight_decay -----------------------------------------------------------


def test_conversion_passes():
    assert check_paper_to_torch_weight_decay(lambda lam, lr: lam / lr).passed


@pytest.mark.parametrize("wrong, bug", [
    (lambda lam, lr: lam * lr, "multiplied instead of divided"),
    (lambda lam, lr: lam, "copied unchanged"),
    (lambda lam, lr: lr / lam, "inverted"),
])
def test_wrong_conversion_fails(wrong, bug):
    result = check_paper_to_torch_weight_decay(wrong)
    assert not result.passed, bug
    assert math.isfinite(result.error)


def test_converted_weight_decay_decays_like_the_paper():
    """torch.optim.AdamW with wd = λ_paper/lr, zero gradients: θ·(1 − λ_paper)^t."""
    lam_paper, lr = 0.02, 0.1
    p = torch.ones(3, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.AdamW([p], lr=lr, weight_decay=lam_paper / lr, foreach=False)
    for _ in range(10):
        p.grad = torch.zeros(3, dtype=torch.float64)
        opt.step()
    assert np.allclose(p.detach().numpy(), (1 - lam_paper) ** 10, rtol=1e-12)


# --- one AdamW step ---------------------------------------------------------------------------


def adamw_step(theta, v, r, grad, t, lr, beta1, beta2, eps, weight_decay):
    theta = theta * (1 - lr * weight_decay)
    v = beta1 * v + (1 - beta1) * grad
    r = beta2 * r + (1 - beta2) * grad**2
    v_hat, r_hat = v / (1 - beta1**t), r / (1 - beta2**t)
    return theta - lr * v_hat / (np.sqrt(r_hat) + eps), v, r


def adam_l2_step(theta, v, r, grad, t, lr, beta1, beta2, eps, weight_decay):
    """Decay not decoupled: Adam + ℓ2."""
    return adamw_step(theta, v, r, grad + weight_decay * theta, t, lr, beta1, beta2, eps,
                      0.0)


def decay_after_update(theta, v, r, grad, t, lr, beta1, beta2, eps, weight_decay):
    theta, v, r = adamw_step(theta, v, r, grad, t, lr, beta1, beta2, eps, 0.0)
    return theta * (1 - lr * weight_decay), v, r


def decay_times_lr_twice(theta, v, r, grad, t, lr, beta1, beta2, eps, weight_decay):
    return adamw_step(theta, v, r, grad, t, lr, beta1, beta2, eps, lr * weight_decay)


def paper_decay_without_lr(theta, v, r, grad, t, lr, beta1, beta2, eps, weight_decay):
    """θ(1 − λ): the paper's form with torch's weight_decay."""
    return adamw_step(theta, v, r, grad, t, lr, beta1, beta2, eps, weight_decay / lr)


def no_bias_correction(theta, v, r, grad, t, lr, beta1, beta2, eps, weight_decay):
    theta = theta * (1 - lr * weight_decay)
    v = beta1 * v + (1 - beta1) * grad
    r = beta2 * r + (1 - beta2) * grad**2
    return theta - lr * v / (np.sqrt(r) + eps), v, r


def test_adamw_step_passes():
    result = check_adamw_step(adamw_step)
    assert result.passed and result.error < 1e-13


@pytest.mark.parametrize("wrong", [adam_l2_step, decay_after_update, decay_times_lr_twice,
                                   paper_decay_without_lr, no_bias_correction])
def test_wrong_adamw_step_fails(wrong):
    result = check_adamw_step(wrong)
    assert not result.passed
    assert result.error > 1e-6  # far above the tolerance 1e-10, not a rounding-level miss


def test_reference_adamw_step_matches_helpers_and_torch():
    """Run helpers' AdamW and torch's AdamW for 30 steps; before every step, the
    reference applied to the current state gives the next state."""
    rng = np.random.default_rng(11)
    theta = rng.normal(size=(3, 4))
    ours = [theta.copy()]
    opt = AdamW(ours, lr=0.05, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.3)
    p = torch.tensor(theta.copy(), requires_grad=True)
    topt = torch.optim.AdamW([p], lr=0.05, betas=(0.9, 0.999), eps=1e-8,
                             weight_decay=0.3, foreach=False)
    v, r = np.zeros_like(theta), np.zeros_like(theta)
    for t in range(1, 31):
        grad = rng.normal(size=theta.shape)
        expected, v, r = _reference_adamw_step(ours[0].copy(), v, r, grad, t, 0.05, 0.9,
                                               0.999, 1e-8, 0.3)
        opt.step([grad])
        p.grad = torch.tensor(grad)
        topt.step()
        assert np.allclose(ours[0], expected, rtol=1e-12, atol=1e-14)
        assert np.allclose(p.detach().numpy(), expected, rtol=1e-12, atol=1e-14)
        assert np.allclose(opt.v[0], v) and np.allclose(opt.r[0], r)


def test_cases_cover_the_first_step_and_later_steps():
    steps = [case[4] for case in _adamw_cases()]
    assert 1 in steps and max(steps) > 10


# --- ℓ2 decay rate inside Adam ------------------------------------------------------------------


def test_l2_decay_rate_passes():
    assert check_l2_decay_rate(lambda lr, wd, r_hat, eps: lr * wd / (np.sqrt(r_hat) + eps)).passed


@pytest.mark.parametrize("wrong, bug", [
    (lambda lr, wd, r_hat, eps: lr * wd + 0 * r_hat, "AdamW's rate"),
    (lambda lr, wd, r_hat, eps: lr * wd / (r_hat + eps), "no square root"),
    (lambda lr, wd, r_hat, eps: lr * wd / np.sqrt(r_hat + eps), "eps inside the root"),
])
def test_wrong_l2_decay_rate_fails(wrong, bug):
    assert not check_l2_decay_rate(wrong).passed, bug


def test_reference_l2_decay_rate_matches_adam_when_the_gradient_is_pure_l2():
    """With ∇J = 0 and r̂ frozen large (a long gradient history), one Adam+ℓ2 step shrinks
    θ by the reference rate: the ℓ2 term is divided by √r̂ + ε."""
    lr, wd, eps = 1e-2, 0.1, 1e-8
    theta = np.array([1.0, 1.0])
    opt = Adam([theta], lr=lr, betas=(0.0, 0.999999), eps=eps, weight_decay=wd)
    big = np.array([0.5, 4.0])  # gradient scales of the history
    opt.r[0][...] = big**2      # as if after many steps of such gradients
    opt.t = 10**7               # bias corrections ≈ 1
    before = theta.copy()
    opt.step([np.zeros(2)])
    r_hat = opt.r[0] / (1 - 0.999999 ** opt.t)
    measured = 1 - theta / before
    assert np.allclose(measured, _reference_l2_decay_rate(lr, wd, r_hat, eps), rtol=1e-6)
