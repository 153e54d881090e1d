"""The batch-norm exercise checks pass the derived solutions and fail plausible bugs.

The "learner" solutions below are written from the chapter's formulas, not from
helpers.norm, and the references are checked against torch here, so a check that
passes them is right for a reason other than comparing a function with itself.
"""

import math

import numpy as np
import pytest
import torch

from helpers.exercises.batch_norm import (
    _cases,
    _reference_backward,
    _reference_forward,
    _reference_running,
    _running_cases,
    check_batch_norm_backward,
    check_batch_norm_forward,
    check_running_stats,
)


# --- forward -----------------------------------------------------------------------
def forward(x, gamma, beta, eps):
    mu = x.mean(axis=0)
    var = x.var(axis=0)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


def forward_unbiased_variance(x, gamma, beta, eps):
    mu, var = x.mean(axis=0), x.var(axis=0, ddof=1)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


def forward_eps_outside_sqrt(x, gamma, beta, eps):
    mu, var = x.mean(axis=0), x.var(axis=0)
    return gamma * (x - mu) / (np.sqrt(var) + eps) + beta


def forward_wrong_axis(x, gamma, beta, eps):  # per example, as layer norm would
    mu, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
    return gamma * (x - mu) / np.sqrt(var + eps) + beta


def forward_without_affine(x, gamma, beta, eps):
    return (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)


def test_forward_check_passes_the_formula():
    result = check_batch_norm_forward(forward)
    assert result.passed and result.error < 1e-12


@pytest.mark.parametrize("wrong", [forward_unbiased_variance, forward_eps_outside_sqrt,
                                   forward_wrong_axis, forward_without_affine])
def test_forward_check_fails_plausible_bugs(wrong):
    result = check_batch_norm_forward(wrong)
    assert not result.passed and math.isfinite(result.error)
    assert result.error > 1e-3  # far from the tolerance, not a rounding-level miss


def test_forward_reference_matches_torch():
    for x, gamma, beta, eps in _cases():
        bn = torch.nn.BatchNorm1d(x.shape[1], eps=eps, dtype=torch.float64)
        with torch.no_grad():
            bn.weight.copy_(torch.from_numpy(gamma))
            bn.bias.copy_(torch.from_numpy(beta))
            expected = bn(torch.from_numpy(x)).numpy()
        np.testing.assert_allclose(_reference_forward(x, gamma, beta, eps), expected,
                                   rtol=1e-10, atol=1e-12)


# --- backward ----------------------------------------------------------------------
def _normalized(x, eps):
    inv_std = 1.0 / np.sqrt(x.var(axis=0) + eps)
    return (x - x.mean(axis=0)) * inv_std, inv_std


def backward(dy, x, gamma, eps):
    n = x.shape[0]
    xhat, inv_std = _normalized(x, eps)
    dx = gamma * inv_std / n * (
        n * dy - dy.sum(axis=0) - xhat * (dy * xhat).sum(axis=0))
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)


def backward_missing_xhat_term(dy, x, gamma, eps):
    n = x.shape[0]
    xhat, inv_std = _normalized(x, eps)
    dx = gamma * inv_std / n * (n * dy - dy.sum(axis=0))
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)


def backward_missing_mean_term(dy, x, gamma, eps):
    n = x.shape[0]
    xhat, inv_std = _normalized(x, eps)
    dx = gamma * inv_std / n * (n * dy - xhat * (dy * xhat).sum(axis=0))
    return dx, (dy * xhat).sum(axis=0), dy.sum(axis=0)


def backward_statistics_as_constants(dy, x, gamma, eps):  # ignores dμ/dx and dσ²/dx
    xhat, inv_std = _normalized(x, eps)
    return gamma * inv_std * dy, (dy * xhat).sum(axis=0), dy.sum(axis=0)


def backward_without_gamma(dy, x, gamma, eps):
    return backward(dy, x, np.ones_like(gamma), eps)


def test_backward_check_passes_the_compact_formula():
    result = check_batch_norm_backward(backward)
    assert result.passed and result.error < 1e-10


@pytest.mark.parametrize("wrong", [backward_missing_xhat_term,
                                   backward_missing_mean_term,
                                   backward_statistics_as_constants,
                                   backward_without_gamma])
def test_backward_check_fails_plausible_bugs(wrong):
    result = check_batch_norm_backward(wrong)
    assert not result.passed and math.isfinite(result.error) and result.error > 1e-3


def test_ones_as_upstream_would_hide_the_missing_xhat_term():
    """Why the check draws dy at random: with dy = 1, Σ(dy·x̂) = Σx̂ = 0 and the bug
    agrees with the reference, so a check built on ones could not catch it."""
    for _, x, gamma, eps in _cases(with_dy=True):
        ones = np.ones_like(x)
        right = _reference_backward(ones, x, gamma, eps)
        buggy = backward_missing_xhat_term(ones, x, gamma, eps)
        for got, expected in zip(buggy, right):
            np.testing.assert_allclose(got, expected, atol=1e-10)


def test_backward_cases_use_random_upstream_gradients():
    for dy, _, _, _ in _cases(with_dy=True):
        assert np.std(dy) > 0.1 and not np.allclose(dy, dy[0])


def test_backward_reference_matches_autograd():
    for dy, x, gamma, eps in _cases(with_dy=True):
        xt = torch.tensor(x, requires_grad=True)
        bn = torch.nn.BatchNorm1d(x.shape[1], eps=eps, dtype=torch.float64)
        with torch.no_grad():
            bn.weight.copy_(torch.from_numpy(gamma))
        bn(xt).backward(torch.from_numpy(dy))
        dx, dgamma, dbeta = _reference_backward(dy, x, gamma, eps)
        np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(dgamma, bn.weight.grad.numpy(), rtol=1e-10)
        np.testing.assert_allclose(dbeta, bn.bias.grad.numpy(), rtol=1e-10)


# --- running statistics --------------------------------------------------------------
def running(running_mean, running_var, x, momentum):
    new_mean = (1 - momentum) * running_mean + momentum * x.mean(axis=0)
    new_var = (1 - momentum) * running_var + momentum * x.var(axis=0, ddof=1)
    return new_mean, new_var


def running_biased_variance(running_mean, running_var, x, momentum):
    new_mean = (1 - momentum) * running_mean + momentum * x.mean(axis=0)
    new_var = (1 - momentum) * running_var + momentum * x.var(axis=0)
    return new_mean, new_var


# Keras' convention: momentum weighs the OLD value
def running_momentum_reversed(running_mean, running_var, x, momentum):
    new_mean = momentum * running_mean + (1 - momentum) * x.mean(axis=0)
    new_var = momentum * running_var + (1 - momentum) * x.var(axis=0, ddof=1)
    return new_mean, new_var


def running_in_place(running_mean, running_var, x, momentum):  # right, but in place
    running_mean *= 1 - momentum
    running_mean += momentum * x.mean(axis=0)
    running_var *= 1 - momentum
    running_var += momentum * x.var(axis=0, ddof=1)
    return running_mean, running_var


def test_running_check_passes_the_update():
    result = check_running_stats(running)
    assert result.passed and result.error < 1e-12


def test_running_check_passes_an_in_place_update_of_its_own_copies():
    assert check_running_stats(running_in_place).passed


@pytest.mark.parametrize("wrong", [running_biased_variance, running_momentum_reversed])
def test_running_check_fails_plausible_bugs(wrong):
    result = check_running_stats(wrong)
    assert not result.passed and math.isfinite(result.error) and result.error > 1e-3


def test_running_reference_matches_torch():
    for running_mean, running_var, x, momentum in _running_cases():
        bn = torch.nn.BatchNorm1d(x.shape[1], momentum=momentum, dtype=torch.float64)
        bn.running_mean.copy_(torch.from_numpy(running_mean))
        bn.running_var.copy_(torch.from_numpy(running_var))
        bn(torch.from_numpy(x))
        new_mean, new_var = _reference_running(running_mean, running_var, x, momentum)
        np.testing.assert_allclose(new_mean, bn.running_mean.numpy(), rtol=1e-12)
        np.testing.assert_allclose(new_var, bn.running_var.numpy(), rtol=1e-12)
