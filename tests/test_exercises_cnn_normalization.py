"""The checks of book/regularization/cnn_normalization.ipynb pass the reference solutions
and fail plausible wrong answers; their references agree with torch."""

import math

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from helpers.exercises.cnn_normalization import (
    _REFERENCE_AXES,
    _axes_cases,
    _group_cases,
    _reference_group_norm,
    _reference_num_statistics,
    _reference_rms_norm,
    _rms_cases,
    check_group_norm,
    check_norm_axes,
    check_num_statistics,
    check_rms_norm,
)
from helpers.norm import normalize

# --- the references agree with torch (so the checks grade against the truth) -----------


@pytest.mark.parametrize("case", range(len(_axes_cases())))
def test_reference_axes_match_torch(case):
    method, x = _axes_cases()[case]
    t = torch.from_numpy(x)
    C = x.shape[1]
    expected = {
        "batch": lambda: F.batch_norm(t, None, None, training=True),
        "layer": lambda: F.layer_norm(t, x.shape[1:]),
        "instance": lambda: F.instance_norm(t),
    }[method]().numpy()
    got = normalize(x, _REFERENCE_AXES[method])[0]
    assert np.allclose(got, expected, rtol=1e-10, atol=1e-12), (method, C)


@pytest.mark.parametrize("case", range(len(_group_cases())))
def test_reference_group_norm_matches_torch(case):
    x, groups = _group_cases()[case]
    expected = F.group_norm(torch.from_numpy(x), groups).numpy()
    assert np.allclose(_reference_group_norm(x, groups), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("case", range(len(_rms_cases())))
def test_reference_rms_norm_matches_torch(case):
    x, gamma, eps = _rms_cases()[case]
    expected = F.rms_norm(torch.from_numpy(x), (x.shape[-1],), torch.from_numpy(gamma),
                          eps=eps).numpy()
    assert np.allclose(_reference_rms_norm(x, gamma, eps), expected, rtol=1e-10)


def test_reference_counts_are_the_means_actually_computed():
    """Count the means normalize() really computes (the size of its cache.mean)."""
    rng = np.random.default_rng(0)
    for shape, groups in [((8, 6, 5, 4), 3), ((3, 16, 7, 2), 4), ((32, 4, 1, 9), 2)]:
        x = rng.normal(size=shape)
        B, C, H, W = shape
        for method in ("batch", "layer", "instance"):
            counted = normalize(x, _REFERENCE_AXES[method])[1].mean.size
            assert _reference_num_statistics(method, shape, groups) == counted
        grouped = x.reshape(B, groups, C // groups, H, W)
        counted = normalize(grouped, (2, 3, 4))[1].mean.size
        assert _reference_num_statistics("group", shape, groups) == counted


# --- exercise 1: the axes ---------------------------------------------------------------

def right_axes(method):
    return {"batch": (0, 2, 3), "layer": (1, 2, 3), "instance": (2, 3)}[method]


def test_axes_pass_in_any_order_or_with_negative_indices():
    assert check_norm_axes(right_axes).passed
    assert check_norm_axes(
        lambda m: {"batch": (3, 2, 0), "layer": (-3, -2, -1), "instance": (-1, -2)}[m]
    ).passed


@pytest.mark.parametrize("bug, wrong", [
    ("BN over the batch only, forgetting the positions", {"batch": (0,)}),
    ("LN including the batch axis", {"layer": (0, 1, 2, 3)}),
    ("LN over the positions only (that is IN)", {"layer": (2, 3)}),
    ("IN including the channels (that is LN)", {"instance": (1, 2, 3)}),
    ("BN and LN swapped", {"batch": (1, 2, 3), "layer": (0, 2, 3)}),
])
def test_wrong_axes_fail(bug, wrong):
    result = check_norm_axes(lambda m: wrong.get(m, right_axes(m)))
    assert not result.passed, bug
    assert result.error > 1e-3, bug  # far from the tolerance


def test_axes_missing_return_fails_with_a_message():
    result = check_norm_axes(lambda m: None)
    assert not result.passed and "None" in result.message


# --- exercise 2: group norm by reshaping --------------------------------------------------

def group_norm(x, num_groups, eps=1e-5):
    B, C, H, W = x.shape
    g = x.reshape(B, num_groups, C // num_groups, H, W)
    mean = g.mean(axis=(2, 3, 4), keepdims=True)
    var = g.var(axis=(2, 3, 4), keepdims=True)
    return ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)


def group_norm_strided(x, num_groups, eps=1e-5):  # channels c, c+G, c+2G, ... grouped
    B, C, H, W = x.shape
    g = x.reshape(B, C // num_groups, num_groups, H, W)
    mean = g.mean(axis=(1, 3, 4), keepdims=True)
    var = g.var(axis=(1, 3, 4), keepdims=True)
    return ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)


def group_norm_unbiased(x, num_groups, eps=1e-5):
    B, C, H, W = x.shape
    g = x.reshape(B, num_groups, C // num_groups, H, W)
    mean = g.mean(axis=(2, 3, 4), keepdims=True)
    var = g.var(axis=(2, 3, 4), keepdims=True, ddof=1)
    return ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)


def group_norm_eps_outside(x, num_groups, eps=1e-5):
    B, C, H, W = x.shape
    g = x.reshape(B, num_groups, C // num_groups, H, W)
    mean = g.mean(axis=(2, 3, 4), keepdims=True)
    return ((g - mean) / (g.std(axis=(2, 3, 4), keepdims=True) + eps)).reshape(x.shape)


def group_norm_across_batch(x, num_groups, eps=1e-5):  # statistics shared by the batch
    B, C, H, W = x.shape
    g = x.reshape(B, num_groups, C // num_groups, H, W)
    mean = g.mean(axis=(0, 2, 3, 4), keepdims=True)
    var = g.var(axis=(0, 2, 3, 4), keepdims=True)
    return ((g - mean) / np.sqrt(var + eps)).reshape(x.shape)


def test_group_norm_passes():
    result = check_group_norm(group_norm)
    assert result.passed and result.error < 1e-12


@pytest.mark.parametrize("wrong", [group_norm_strided, group_norm_unbiased,
                                   group_norm_eps_outside, group_norm_across_batch])
def test_wrong_group_norms_fail(wrong):
    result = check_group_norm(wrong)
    assert not result.passed and math.isfinite(result.error)


def test_group_cases_can_tell_consecutive_from_strided_groups():
    """Strided and consecutive grouping agree when C/G = 1 or G = 1; a case must have both > 1."""
    assert any(1 < g < x.shape[1] and x.shape[1] // g > 1 for x, g in _group_cases())
    assert {1, 4} <= {g for _, g in _group_cases()}  # the LN and IN extremes


# --- exercise 3: counting statistics ------------------------------------------------------

def num_statistics(method, shape, groups):
    B, C, H, W = shape
    return {"batch": C, "layer": B, "instance": B * C, "group": B * groups}[method]


def test_num_statistics_passes():
    assert check_num_statistics(num_statistics).passed


@pytest.mark.parametrize("bug, wrong", [
    ("BN: one mean per sample", {"batch": lambda B, C, H, W, G: B}),
    ("IN: one mean per channel only", {"instance": lambda B, C, H, W, G: C}),
    ("GN: forgetting the batch", {"group": lambda B, C, H, W, G: G}),
    ("GN: channels per group instead of groups", {"group": lambda B, C, H, W, G: B * C // G}),
    ("BN: values per mean instead of means", {"batch": lambda B, C, H, W, G: B * H * W}),
])
def test_wrong_counts_fail(bug, wrong):
    def answer(method, shape, groups):
        if method in wrong:
            return wrong[method](*shape, groups)
        return num_statistics(method, shape, groups)

    assert not check_num_statistics(answer).passed, bug


# --- exercise 4: RMS norm -----------------------------------------------------------------

def rms_norm(x, gamma, eps):
    return x / np.sqrt((x**2).mean(axis=-1, keepdims=True) + eps) * gamma


@pytest.mark.parametrize("bug, wrong", [
    ("subtracts the mean (LN without beta)",
     lambda x, g, e: (x - x.mean(-1, keepdims=True))
     / np.sqrt(x.var(-1, keepdims=True) + e) * g),
    ("eps outside the square root",
     lambda x, g, e: x / (np.sqrt((x**2).mean(-1, keepdims=True)) + e) * g),
    ("forgets gamma", lambda x, g, e: x / np.sqrt((x**2).mean(-1, keepdims=True) + e)),
    ("mean over the first axis", lambda x, g, e: x / np.sqrt((x**2).mean(0, keepdims=True) + e) * g),
])
def test_wrong_rms_norms_fail(bug, wrong):
    assert not check_rms_norm(wrong).passed, bug


def test_rms_norm_passes():
    result = check_rms_norm(rms_norm)
    assert result.passed and result.error < 1e-12
