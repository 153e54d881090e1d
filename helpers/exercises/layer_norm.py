"""Exercise checks for 층 정규화 (Layer Normalization).

Chapter: book/regularization/layer_norm.ipynb (층 정규화 / Layer Normalization)
"""

import numpy as np

from helpers.exercises.core import CheckResult, check_function
from helpers.norm import normalize, normalize_backward


def _reference_layer_norm(a, gamma, beta, eps):
    xhat, _ = normalize(a, axes=-1, eps=eps)  # over the H hidden units of each row
    return gamma * xhat + beta


def _layer_norm_cases():
    """(a, gamma, beta, eps) with a: (N, H). N ≠ H everywhere, so the batch axis
    cannot be mistaken for the unit axis by shape; H = 4 makes ddof=1 give a σ 15%
    larger; a small-scale case (σ ≈ 0.005–0.01, eps = 1e-3) makes eps outside the
    square root differ by a factor of 3 to 6."""
    rng = np.random.default_rng(1)
    cases = []
    for n, h, scale, eps in [(3, 4, 1.0, 1e-5), (5, 8, 3.0, 1e-5), (2, 6, 0.01, 1e-3)]:
        a = rng.normal(rng.normal(size=(n, 1)), scale, size=(n, h))
        gamma, beta = rng.uniform(0.5, 2.0, size=h), rng.normal(size=h)
        cases.append((a, gamma, beta, eps))
    return cases


def check_layer_norm(fn) -> CheckResult:
    """Check ``fn(a, gamma, beta, eps)`` = γ ⊙ (a − μ) / √(σ² + ε) + β with μ, σ²
    (biased) over the LAST axis (the H hidden units) of each row of a (N, H).

    Catches: statistics over the batch axis, the unbiased variance (ddof=1), and
    ε outside the square root.

    Chapter: book/regularization/layer_norm.ipynb (층 정규화 / Layer Normalization)
    """
    hint = (
        "통계는 샘플마다, 은닉 유닛 축(axis=-1)에서 구합니다. 분산은 H로 나누고"
        "(ddof=0), ε은 제곱근 안에 넣습니다.\n"
        "Statistics per sample, over the hidden units (axis=-1); the variance divides "
        "by H (ddof=0) and ε goes inside the square root."
    )
    return check_function(fn, _reference_layer_norm, _layer_norm_cases(),
                          name="layer_norm", rtol=1e-7, hint=hint)


def _reference_layer_norm_backward(dy, a, gamma, eps):
    _, cache = normalize(a, axes=-1, eps=eps)
    return normalize_backward(gamma * dy, cache)  # dx̂ = γ ⊙ dy


def _backward_cases():
    """(dy, a, gamma, eps) with a RANDOM upstream gradient dy and random γ."""
    rng = np.random.default_rng(2)
    cases = []
    for n, h in [(3, 5), (4, 8), (2, 3)]:
        a = rng.normal(1.0, 2.0, size=(n, h))
        dy = rng.normal(size=(n, h))
        gamma = rng.uniform(0.5, 2.0, size=h)
        cases.append((dy, a, gamma, 1e-5))
    return cases


def check_layer_norm_backward(fn) -> CheckResult:
    """Check ``fn(dy, a, gamma, eps)`` = dL/da for y = LayerNorm(a) over the last
    axis, given the upstream gradient dy (random, never all ones).

    Catches: forgetting that σ depends on a (the x̂ · mean(dx̂ · x̂) term), forgetting
    that μ depends on a, and forgetting γ.

    Chapter: book/regularization/layer_norm.ipynb (층 정규화 / Layer Normalization)
    """
    hint = (
        "dx̂ = γ ⊙ dy 에서 시작해 da = (dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂)) / √(σ² + ε), "
        "평균은 은닉 유닛 축에서 구합니다.\n"
        "Start from dx̂ = γ ⊙ dy; "
        "da = (dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂)) / √(σ² + ε) "
        "with the means over the hidden units."
    )
    return check_function(fn, _reference_layer_norm_backward, _backward_cases(),
                          name="layer_norm_backward", rtol=1e-7, hint=hint)


def _reference_ln_rnn_step(x_t, h_prev, W_xh, W_hh, gamma, b, eps):
    a_t = x_t @ W_xh.T + h_prev @ W_hh.T  # summed inputs, (N, H)
    xhat, _ = normalize(a_t, axes=-1, eps=eps)  # μ_t, σ_t over the H units
    return np.tanh(gamma * xhat + b)


def _rnn_cases():
    """(x_t, h_prev, W_xh, W_hh, gamma, b, eps); N ≠ H, random γ and b."""
    rng = np.random.default_rng(3)
    cases = []
    for n, d, h in [(3, 2, 5), (6, 4, 8), (2, 3, 4)]:
        x_t = rng.normal(size=(n, d))
        h_prev = np.tanh(rng.normal(size=(n, h)))
        W_xh = rng.normal(size=(h, d))
        W_hh = rng.normal(size=(h, h)) / np.sqrt(h)
        gamma, b = rng.uniform(0.5, 2.0, size=h), rng.normal(0, 0.5, size=h)
        cases.append((x_t, h_prev, W_xh, W_hh, gamma, b, 1e-5))
    return cases


def check_ln_rnn_step(fn) -> CheckResult:
    """Check ``fn(x_t, h_prev, W_xh, W_hh, gamma, b, eps)`` = one step of the
    layer-normalized RNN of Ba et al. (2016), eq. (4):

        a_t = W_xh x_t + W_hh h_{t−1},   h_t = tanh(γ / σ_t ⊙ (a_t − μ_t) + b)

    with μ_t, σ_t = √(mean((a_t − μ_t)²) + ε) over the H units of each sample.
    Rows are samples: x_t (N, D), h_prev (N, H), W_xh (H, D), W_hh (H, H).

    Catches: per-time-step batch statistics (axis 0), normalizing after tanh, and
    normalizing only the input part W_xh x_t.

    Chapter: book/regularization/layer_norm.ipynb (층 정규화 / Layer Normalization)
    """
    hint = (
        "먼저 a_t = x_t W_xhᵀ + h_{t−1} W_hhᵀ 전체를 구하고, 각 행을 은닉 유닛 축에서 "
        "정규화한 뒤 γ, b를 적용하고 마지막에 tanh를 씌웁니다.\n"
        "First form the whole a_t = x_t W_xhᵀ + h_{t−1} W_hhᵀ, normalize each row over "
        "the hidden units, apply γ and b, and only then tanh."
    )
    return check_function(fn, _reference_ln_rnn_step, _rnn_cases(),
                          name="ln_rnn_step", rtol=1e-7, hint=hint)
