"""Exercise checks for 배치 정규화 (Batch Normalization).

The references are the book's one implementation, ``helpers.norm.BatchNorm``.
Every case draws a RANDOM upstream gradient and uses small batches, so the
plausible bugs (unbiased variance in the forward pass, ε outside the square root,
the wrong axis, a missing term of the backward pass, the wrong variance or a
reversed momentum in the running update) miss by far more than the tolerance.

Chapter: book/regularization/batch_norm.ipynb (배치 정규화 / Batch Normalization)
"""

import numpy as np

from helpers.exercises.core import CheckResult, check_function
from helpers.norm import BatchNorm


def _batch_norm_module(gamma, beta, eps, momentum=0.1):
    bn = BatchNorm(gamma.shape[0], eps=eps, momentum=momentum)
    bn.gamma, bn.beta = gamma.copy(), beta.copy()
    return bn


def _reference_forward(x, gamma, beta, eps):
    return _batch_norm_module(gamma, beta, eps).forward(x)


def _reference_backward(dy, x, gamma, eps):
    bn = _batch_norm_module(gamma, np.zeros_like(gamma), eps)
    bn.forward(x)
    dx = bn.backward(dy)
    return dx, bn.dgamma, bn.dbeta


def _reference_running(running_mean, running_var, x, momentum):
    channels = x.shape[1]
    bn = _batch_norm_module(np.ones(channels), np.zeros(channels), 1e-5, momentum)
    bn.running_mean, bn.running_var = running_mean.copy(), running_var.copy()
    bn.forward(x)
    return bn.running_mean, bn.running_var


def _cases(with_dy=False):
    """(N, C) batches with N != C (a wrong axis cannot pass by symmetry), small N
    (n/(n−1) is far from 1), a channel with a small variance and a large ε (ε
    inside or outside the square root differ visibly), and random γ, β, dy.
    """
    rng = np.random.default_rng(0)
    cases = []
    for n, c, eps in [(4, 3, 1e-5), (7, 5, 0.1), (3, 2, 1e-3), (16, 6, 1e-5)]:
        loc = rng.uniform(-3, 3, size=c)
        scale = rng.uniform(0.05, 2.0, size=c)
        x = rng.normal(loc, scale, size=(n, c))
        gamma = rng.uniform(0.5, 2.0, size=c)
        beta = rng.normal(size=c)
        if with_dy:
            cases.append((rng.normal(size=(n, c)), x, gamma, eps))
        else:
            cases.append((x, gamma, beta, eps))
    return cases


def check_batch_norm_forward(fn) -> CheckResult:
    """Check ``fn(x, gamma, beta, eps) -> y``: batch normalization in training mode.

    x: (N, C); gamma, beta: (C,); eps > 0; y: (N, C). Mean and BIASED variance per
    channel over the batch axis 0, x̂ = (x − μ) / √(σ² + ε), y = γ x̂ + β.

    Chapter: book/regularization/batch_norm.ipynb (배치 정규화 / Batch Normalization)
    """
    hint = (
        "채널마다(axis=0) 평균과 편향 분산(ddof=0)을 구하고, ε은 제곱근 안에 넣으세요: "
        "(x − μ)/√(σ² + ε).\n"
        "Per channel (axis=0): mean and BIASED variance (ddof=0), with ε inside the "
        "square root: (x − μ)/√(σ² + ε)."
    )
    return check_function(
        fn, _reference_forward, _cases(), name="batch_norm_forward", rtol=1e-7,
        hint=hint,
    )


def check_batch_norm_backward(fn) -> CheckResult:
    """Check ``fn(dy, x, gamma, eps) -> (dx, dgamma, dbeta)`` for training-mode batch
    normalization, against ``helpers.norm.BatchNorm.backward``.

    dy, x: (N, C); gamma: (C,). The upstream gradients dy are RANDOM: with dy = 1
    the whole dx is 0 (n·dy − Σdy = 0 and Σ dy·x̂ = Σ x̂ = 0), so a backward pass
    that drops the x̂·Σ(dy·x̂) term would pass as well.

    Chapter: book/regularization/batch_norm.ipynb (배치 정규화 / Batch Normalization)
    """
    hint = (
        "dx = γ/(n√(σ² + ε)) · (n·dy − Σdy − x̂·Σ(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy "
        "(합은 모두 axis=0). (dx, dgamma, dbeta) 순서로 반환하세요.\n"
        "dx = γ/(n√(σ² + ε)) · (n·dy − Σdy − x̂·Σ(dy·x̂)), dγ = Σ dy·x̂, dβ = Σ dy "
        "(all sums over axis=0). Return (dx, dgamma, dbeta)."
    )
    return check_function(
        fn, _reference_backward, _cases(with_dy=True), name="batch_norm_backward",
        rtol=1e-7, hint=hint,
    )


def _running_cases():
    rng = np.random.default_rng(1)
    cases = []
    for n, c, momentum in [(4, 3, 0.1), (6, 2, 0.3), (3, 4, 0.9), (10, 5, 0.6)]:
        running_mean = rng.normal(size=c)
        running_var = rng.uniform(0.5, 2.0, size=c)
        x = rng.normal(rng.uniform(-2, 2, size=c), rng.uniform(0.5, 3, size=c),
                       size=(n, c))
        cases.append((running_mean, running_var, x, momentum))
    return cases


def check_running_stats(fn) -> CheckResult:
    """Check ``fn(running_mean, running_var, x, momentum) -> (new_mean, new_var)``:
    one training-mode update of torch's running statistics.

    running = (1 − momentum)·running + momentum·batch, with the batch mean and the
    UNBIASED batch variance (n/(n−1) times the biased one). x: (N, C); the running
    arrays: (C,). Inputs must not be modified in place (return new arrays).

    Chapter: book/regularization/batch_norm.ipynb (배치 정규화 / Batch Normalization)
    """
    hint = (
        "새 값 = (1 − momentum)·이전 값 + momentum·배치 통계이고, 분산은 불편 분산 "
        "(ddof=1)입니다.\n"
        "new = (1 − momentum)·old + momentum·batch statistic, with the UNBIASED "
        "variance (ddof=1)."
    )
    return check_function(
        fn, _reference_running, _running_cases(), name="running_stats", rtol=1e-7,
        hint=hint,
    )
