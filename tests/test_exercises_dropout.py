"""The dropout chapter's auto-checks pass the reference answers and fail the
plausible wrong ones (each wrong answer names the bug it stands for)."""

import math

import numpy as np
import pytest

from helpers.exercises.dropout import (
    _mc_cases,
    check_dropout_backward,
    check_inverted_dropout,
    check_mc_probabilities,
    check_test_time_layer,
)


def softmax(z, axis=-1):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# --- inverted dropout ----------------------------------------------------------------


def inverted_dropout(x, p, mask, training):
    if not training:
        return x
    return x * mask / (1 - p)


def test_inverted_dropout_passes():
    result = check_inverted_dropout(inverted_dropout)
    assert result.passed and result.error < 1e-15


@pytest.mark.parametrize("wrong", [
    lambda x, p, mask, training: x * mask * p if training else x,        # × p
    lambda x, p, mask, training: x * mask * (1 - p) if training else x,  # × keep
    lambda x, p, mask, training: x * mask / p if training else x,        # ÷ p
    lambda x, p, mask, training: x * mask if training else x,            # no scale
    lambda x, p, mask, training: (x * mask / (1 - p) if training         # paper's test
                                  else x * (1 - p)),                     # rule on top
    lambda x, p, mask, training: x * mask / (1 - p),                     # always on
], ids=["times-p", "times-keep", "over-p", "no-scale", "scaled-at-test", "mask-at-test"])
def test_wrong_inverted_dropout_fails(wrong):
    result = check_inverted_dropout(wrong)
    assert not result.passed and result.error > 1e-2


# --- the paper's test-time layer -------------------------------------------------------


def paper_test_layer(W, b, p_keep):
    return W * p_keep, b


def test_test_time_layer_passes():
    assert check_test_time_layer(paper_test_layer).passed


@pytest.mark.parametrize("wrong", [
    lambda W, b, p: (W * (1 - p), b),   # multiplies by the DROP probability
    lambda W, b, p: (W / p, b),         # inverted-dropout scale applied at test time
    lambda W, b, p: (W * p, b * p),     # scales the bias, which is never dropped
    lambda W, b, p: (W, b),             # forgets the rule
    lambda W, b, p: W * p,              # returns only W
], ids=["times-drop", "over-keep", "bias-scaled", "unchanged", "only-W"])
def test_wrong_test_time_layer_fails(wrong):
    assert not check_test_time_layer(wrong).passed


def test_test_time_layer_matches_the_ensemble_mean_of_a_linear_layer():
    """The reference is the right rule: for a linear layer, W·(p x) + b equals the
    exact average over all 2^n masks of W·(m ⊙ x) + b."""
    import itertools

    rng = np.random.default_rng(0)
    W, b, x, p = rng.normal(size=(3, 4)), rng.normal(size=3), rng.normal(size=4), 0.7
    mean = np.zeros(3)
    for m in itertools.product([0, 1], repeat=4):
        m = np.array(m)
        weight = p ** m.sum() * (1 - p) ** (4 - m.sum())
        mean += weight * (W @ (m * x) + b)
    W_test, b_test = paper_test_layer(W, b, p)
    assert np.allclose(W_test @ x + b_test, mean, rtol=1e-12)


# --- backward ----------------------------------------------------------------------------


def dropout_backward(dy, mask, p):
    return dy * mask / (1 - p)


def test_dropout_backward_passes():
    assert check_dropout_backward(dropout_backward).passed


@pytest.mark.parametrize("wrong", [
    lambda dy, mask, p: dy * mask,               # forgets 1/(1 − p)
    lambda dy, mask, p: dy / (1 - p),            # forgets the mask
    lambda dy, mask, p: dy * mask * (1 - p),     # multiplies instead of dividing
    lambda dy, mask, p: np.ones_like(dy) * mask / (1 - p),  # ignores dy
], ids=["no-scale", "no-mask", "times-keep", "ignores-dy"])
def test_wrong_dropout_backward_fails(wrong):
    assert not check_dropout_backward(wrong).passed


# --- MC averaging ---------------------------------------------------------------------------


def mc_probabilities(logit_samples):
    return softmax(logit_samples, axis=-1).mean(axis=0)


def test_mc_probabilities_passes():
    result = check_mc_probabilities(mc_probabilities)
    assert result.passed and result.error < 1e-14


@pytest.mark.parametrize("wrong", [
    lambda z: softmax(z.mean(axis=0)),           # softmax of the mean logits
    lambda z: z.mean(axis=0),                    # mean logits, no probabilities
    lambda z: softmax(z, axis=0).mean(axis=0),   # softmax over the samples
    lambda z: softmax(z[0]),                     # one sub-network only
], ids=["softmax-of-mean", "mean-logits", "wrong-axis", "one-sample"])
def test_wrong_mc_probabilities_fails(wrong):
    result = check_mc_probabilities(wrong)
    assert not result.passed and math.isfinite(result.error) and result.error > 1e-3


def test_mc_cases_disagree_enough_to_tell_the_means_apart():
    for (z,) in _mc_cases():
        arithmetic = softmax(z).mean(axis=0)
        assert np.abs(arithmetic - softmax(z.mean(axis=0))).max() > 1e-2
