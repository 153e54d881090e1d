"""The layer-norm chapter's checks pass the right answer and fail plausible bugs."""

import numpy as np
import torch

from helpers.exercises.layer_norm import (
    check_layer_norm,
    check_layer_norm_backward,
    check_ln_rnn_step,
)

# --- check_layer_norm -------------------------------------------------------------


def layer_norm(a, gamma, beta, eps):
    mu = a.mean(axis=-1, keepdims=True)
    var = a.var(axis=-1, keepdims=True)
    return gamma * (a - mu) / np.sqrt(var + eps) + beta


def test_layer_norm_passes_the_solution_and_torch():
    assert check_layer_norm(layer_norm).passed

    def with_torch(a, gamma, beta, eps):  # an independent implementation
        return torch.nn.functional.layer_norm(
            torch.from_numpy(a), (a.shape[-1],), torch.from_numpy(gamma),
            torch.from_numpy(beta), eps).numpy()

    assert check_layer_norm(with_torch).passed


def test_layer_norm_fails_batch_axis():
    def batch_axis(a, gamma, beta, eps):  # batch norm's axis: one μ per unit
        mu = a.mean(axis=0, keepdims=True)
        var = a.var(axis=0, keepdims=True)
        return gamma * (a - mu) / np.sqrt(var + eps) + beta

    assert not check_layer_norm(batch_axis).passed


def test_layer_norm_fails_unbiased_variance():
    def unbiased(a, gamma, beta, eps):
        mu = a.mean(axis=-1, keepdims=True)
        var = a.var(axis=-1, ddof=1, keepdims=True)
        return gamma * (a - mu) / np.sqrt(var + eps) + beta

    assert not check_layer_norm(unbiased).passed


def test_layer_norm_fails_eps_outside_the_sqrt():
    def eps_outside(a, gamma, beta, eps):
        mu = a.mean(axis=-1, keepdims=True)
        return gamma * (a - mu) / (a.std(axis=-1, keepdims=True) + eps) + beta

    assert not check_layer_norm(eps_outside).passed


def test_layer_norm_fails_without_gamma_beta_and_without_return():
    def no_affine(a, gamma, beta, eps):
        return (a - a.mean(-1, keepdims=True)) / np.sqrt(a.var(-1, keepdims=True) + eps)

    assert not check_layer_norm(no_affine).passed
    assert not check_layer_norm(lambda a, gamma, beta, eps: None).passed


# --- check_layer_norm_backward ------------------------------------------------


def layer_norm_backward(dy, a, gamma, eps):
    inv_std = 1 / np.sqrt(a.var(axis=-1, keepdims=True) + eps)
    xhat = (a - a.mean(axis=-1, keepdims=True)) * inv_std
    dxhat = gamma * dy
    return inv_std * (dxhat - dxhat.mean(-1, keepdims=True)
                      - xhat * (dxhat * xhat).mean(-1, keepdims=True))


def test_backward_passes_the_solution_and_autograd():
    assert check_layer_norm_backward(layer_norm_backward).passed

    def autograd(dy, a, gamma, eps):
        at = torch.tensor(a, requires_grad=True)
        y = torch.nn.functional.layer_norm(at, (a.shape[-1],), torch.from_numpy(gamma),
                                           None, eps)
        y.backward(torch.from_numpy(dy))
        return at.grad.numpy()

    assert check_layer_norm_backward(autograd).passed


def test_backward_fails_missing_variance_term():
    """This bug gives the right answer for an all-ones dy with γ = 1 (see
    tests/test_norm.py); the check's random dy and γ catch it."""

    def missing_variance_term(dy, a, gamma, eps):
        inv_std = 1 / np.sqrt(a.var(axis=-1, keepdims=True) + eps)
        dxhat = gamma * dy
        return inv_std * (dxhat - dxhat.mean(-1, keepdims=True))

    assert not check_layer_norm_backward(missing_variance_term).passed
    # ... and it would have passed with ones as the upstream gradient and γ = 1
    a = np.random.default_rng(0).normal(size=(3, 5))
    ones, gamma = np.ones_like(a), np.ones(5)
    assert np.allclose(missing_variance_term(ones, a, gamma, 1e-5),
                       layer_norm_backward(ones, a, gamma, 1e-5), atol=1e-12)


def test_backward_fails_missing_mean_term_and_missing_gamma():
    def missing_mean_term(dy, a, gamma, eps):
        inv_std = 1 / np.sqrt(a.var(axis=-1, keepdims=True) + eps)
        xhat = (a - a.mean(axis=-1, keepdims=True)) * inv_std
        dxhat = gamma * dy
        return inv_std * (dxhat - xhat * (dxhat * xhat).mean(-1, keepdims=True))

    def missing_gamma(dy, a, gamma, eps):
        return layer_norm_backward(dy, a, np.ones_like(gamma), eps)

    assert not check_layer_norm_backward(missing_mean_term).passed
    assert not check_layer_norm_backward(missing_gamma).passed


# --- check_ln_rnn_step --------------------------------------------------------------


def ln_rnn_step(x_t, h_prev, W_xh, W_hh, gamma, b, eps):
    a_t = x_t @ W_xh.T + h_prev @ W_hh.T
    mu = a_t.mean(axis=-1, keepdims=True)
    sigma = np.sqrt(a_t.var(axis=-1, keepdims=True) + eps)
    return np.tanh(gamma / sigma * (a_t - mu) + b)


def test_rnn_step_passes_the_solution():
    assert check_ln_rnn_step(ln_rnn_step).passed


def test_rnn_step_fails_per_time_step_batch_statistics():
    def batch_statistics(x_t, h_prev, W_xh, W_hh, gamma, b, eps):
        a_t = x_t @ W_xh.T + h_prev @ W_hh.T
        mu, var = a_t.mean(axis=0), a_t.var(axis=0)
        return np.tanh(gamma * (a_t - mu) / np.sqrt(var + eps) + b)

    assert not check_ln_rnn_step(batch_statistics).passed


def test_rnn_step_fails_normalizing_after_tanh():
    def after_tanh(x_t, h_prev, W_xh, W_hh, gamma, b, eps):
        h = np.tanh(x_t @ W_xh.T + h_prev @ W_hh.T)
        mu, var = h.mean(-1, keepdims=True), h.var(-1, keepdims=True)
        return gamma * (h - mu) / np.sqrt(var + eps) + b

    assert not check_ln_rnn_step(after_tanh).passed


def test_rnn_step_fails_normalizing_only_the_input_part():
    def input_part_only(x_t, h_prev, W_xh, W_hh, gamma, b, eps):
        u = x_t @ W_xh.T
        u_hat = (u - u.mean(-1, keepdims=True)) / np.sqrt(u.var(-1, keepdims=True)
                                                          + eps)
        return np.tanh(gamma * u_hat + h_prev @ W_hh.T + b)

    assert not check_ln_rnn_step(input_part_only).passed
