"""Exercise checks for 드롭아웃 (Dropout).

The references are the tested helpers of ``helpers.dropout``. Most cases use
probabilities other than 1/2: at p = 1/2 the drop and keep probabilities are
equal, and a p ↔ 1 − p mix-up would go unnoticed.

Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
"""

import numpy as np

from helpers.dropout import (
    dropout,
    dropout_backward,
    mc_average,
    scale_weights_for_test,
)
from helpers.exercises.core import CheckResult, check_function


def _mask(rng, shape, p_keep):
    mask = (rng.random(shape) < p_keep).astype(float)
    mask.flat[0], mask.flat[1] = 1.0, 0.0  # at least one kept and one dropped unit
    return mask


def _inverted_cases():
    """(x, p, mask, training): drop probabilities 0.2, 0.5 and 0.7, train and eval."""
    rng = np.random.default_rng(4)
    cases = []
    for shape, p in [((5, 8), 0.2), ((3, 4), 0.5), ((6,), 0.7)]:
        x = rng.normal(size=shape)
        mask = _mask(rng, shape, 1 - p)
        cases.append((x, p, mask, True))
        cases.append((x, p, mask, False))  # at test time the mask is ignored
    return cases


def _reference_inverted_dropout(x, p, mask, training):
    return dropout(x, p, training=training, mask=mask)[0]


def check_inverted_dropout(fn) -> CheckResult:
    """Check ``fn(x, p, mask, training) -> y``: torch's inverted dropout with the
    keep mask given (p = drop probability).

    Catches scaling by p or by (1 − p) instead of 1/(1 − p), forgetting the scale,
    and scaling (or masking) at test time.

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    hint = (
        "학습 때는 y = x · mask / (1 − p)로 살아남은 값을 키워 기댓값을 x로 맞추고, "
        "추론 때(training=False)는 아무것도 하지 않습니다(y = x).\n"
        "In training, y = x · mask / (1 − p) scales the survivors up so that E[y] = x; "
        "at test time (training=False) do nothing: y = x."
    )
    return check_function(fn, _reference_inverted_dropout, _inverted_cases(),
                          name="inverted_dropout", rtol=1e-12, hint=hint)


def _test_time_cases():
    """(W, b, p_keep) for three layers; W has torch's shape (out, in)."""
    rng = np.random.default_rng(5)
    return [
        (rng.normal(size=(4, 6)), rng.normal(size=4), 0.8),
        (rng.normal(size=(10, 3)), rng.normal(size=10), 0.5),
        (rng.normal(size=(2, 5)), rng.normal(size=2), 0.3),
    ]


def _reference_test_time_layer(W, b, p_keep):
    # the weights leaving the dropped units are scaled; the bias is never dropped
    return scale_weights_for_test(W, p_keep), b


def check_test_time_layer(fn) -> CheckResult:
    """Check ``fn(W, b, p_keep) -> (W_test, b_test)``: the paper's test-time layer
    for inputs trained with dropout of KEEP probability p_keep.

    Catches multiplying by the drop probability 1 − p_keep, dividing by p_keep,
    and scaling the bias too.

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    hint = (
        "논문의 p는 유지 확률입니다. 입력 유닛이 평균 p_keep 비율만 살아 있었으므로 "
        "W에 p_keep을 곱하고, 드롭되지 않는 편향 b는 그대로 둡니다.\n"
        "The paper's p is the KEEP probability: the inputs were present a fraction "
        "p_keep of the time, so multiply W by p_keep; the bias, never dropped, stays."
    )
    return check_function(fn, _reference_test_time_layer, _test_time_cases(),
                          name="test_time_layer", rtol=1e-12, hint=hint)


def _backward_cases():
    """(dy, mask, p) with a random upstream gradient and p = 0.25, 0.6, 0.9."""
    rng = np.random.default_rng(6)
    cases = []
    for shape, p in [((4, 7), 0.25), ((9,), 0.6), ((2, 3, 5), 0.9)]:
        cases.append((rng.normal(size=shape), _mask(rng, shape, 1 - p), p))
    return cases


def check_dropout_backward(fn) -> CheckResult:
    """Check ``fn(dy, mask, p) -> dx`` for inverted dropout in training
    (p = drop probability, mask = the keep mask of the forward pass).

    Catches forgetting the 1/(1 − p) factor, forgetting the mask, and
    multiplying by (1 − p).

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    hint = (
        "y_i = x_i · m_i / (1 − p)이므로 ∂y_i/∂x_i = m_i / (1 − p)입니다. "
        "상위 기울기에 순전파의 마스크와 같은 배율을 곱하세요.\n"
        "y_i = x_i · m_i / (1 − p), so ∂y_i/∂x_i = m_i / (1 − p): multiply the "
        "upstream gradient by the forward pass's mask and the same factor."
    )
    return check_function(fn, dropout_backward, _backward_cases(),
                          name="dropout_backward", rtol=1e-12, hint=hint)


def _softmax(z):
    z = z - z.max(axis=-1, keepdims=True)  # for stability; softmax is shift-invariant
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _reference_mc_probabilities(logit_samples):
    samples = iter(logit_samples)  # one "forward pass" per call
    return mc_average(lambda rng: _softmax(next(samples)), k=len(logit_samples))


def _mc_cases():
    """(logit_samples,) of shape (k, N, C): k sub-networks' logits that disagree."""
    rng = np.random.default_rng(7)
    cases = []
    for k, n, c in [(5, 4, 3), (20, 6, 10), (2, 1, 4)]:
        centre = rng.normal(size=(n, c))
        cases.append((centre + 2.0 * rng.normal(size=(k, n, c)),))
    return cases


def check_mc_probabilities(fn) -> CheckResult:
    """Check ``fn(logit_samples) -> probabilities``: the Monte-Carlo average of k
    sampled sub-networks, i.e. the mean over axis 0 of the softmax of each
    sample's logits (shape (k, N, C) → (N, C)).

    Catches the softmax of the mean logits, the mean of the logits, and a softmax
    over the wrong axis.

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    hint = (
        "앙상블은 확률을 평균합니다. 표본마다 마지막 축으로 softmax를 먼저 취하고, "
        "그다음 표본 축(axis 0)으로 평균하세요.\n"
        "An ensemble averages probabilities: take the softmax of each sample over the "
        "last axis first, then average over the sample axis (axis 0)."
    )
    return check_function(fn, _reference_mc_probabilities, _mc_cases(),
                          name="mc_probabilities", rtol=1e-10, hint=hint)
