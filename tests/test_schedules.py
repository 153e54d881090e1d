"""helpers.schedules against torch.optim.lr_scheduler, step by step, for scalar and
array k, plus hand-checkable values and every validation error."""

import math

import numpy as np
import pytest
import torch
from torch.optim import lr_scheduler

from helpers.schedules import (cosine_annealing, exponential_decay, inverse_sqrt_decay,
                               lr_range_bounds,
                               linear_warmup, range_test_lr, step_decay, triangular)

STEPS = 200


def torch_lrs(make_scheduler, base_lr, steps=STEPS):
    """The lr torch uses at steps k = 0 .. steps-1 (scheduler.step() after each
    optimizer.step(), as the torch docs prescribe)."""
    param = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([param], lr=base_lr)
    scheduler = make_scheduler(opt)
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        param.grad = torch.zeros_like(param)
        opt.step()
        scheduler.step()
    return np.array(lrs)


# (our function with its arguments, the torch scheduler that should agree, base lr)
PAIRS = {
    "exponential": (lambda k: exponential_decay(k, 0.1, 0.95),
                    lambda opt: lr_scheduler.ExponentialLR(opt, gamma=0.95), 0.1),
    "inverse_sqrt": (lambda k: inverse_sqrt_decay(k, 0.5),
                     lambda opt: lr_scheduler.LambdaLR(
                         opt, lambda k: 1 / math.sqrt(k + 1)), 0.5),
    "step": (lambda k: step_decay(k, 0.1, 30, 0.5),
             lambda opt: lr_scheduler.StepLR(opt, step_size=30, gamma=0.5), 0.1),
    "triangular": (lambda k: triangular(k, 0.01, 0.1, 25),
                   lambda opt: lr_scheduler.CyclicLR(
                       opt, base_lr=0.01, max_lr=0.1, step_size_up=25,
                       mode="triangular", cycle_momentum=False), 0.05),
    "triangular_odd": (lambda k: triangular(k, 0.001, 0.3, 7),
                       lambda opt: lr_scheduler.CyclicLR(
                           opt, base_lr=0.001, max_lr=0.3, step_size_up=7,
                           mode="triangular", cycle_momentum=False), 0.05),
    # T_max < STEPS: past T_max torch's cosine rises again, and so does ours
    "cosine": (lambda k: cosine_annealing(k, 0.1, 80, eta_min=0.001),
               lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=80,
                                                          eta_min=0.001), 0.1),
    "cosine_to_zero": (lambda k: cosine_annealing(k, 0.2, STEPS),
                       lambda opt: lr_scheduler.CosineAnnealingLR(opt, T_max=STEPS), 0.2),
    "warmup_linear": (lambda k: linear_warmup(k, 0.1, 10),
                      lambda opt: lr_scheduler.LinearLR(
                          opt, start_factor=1 / 10, end_factor=1.0, total_iters=9), 0.1),
    "warmup_lambda": (lambda k: linear_warmup(k, 0.3, 25),
                      lambda opt: lr_scheduler.LambdaLR(
                          opt, lambda k: min(1.0, (k + 1) / 25)), 0.3),
    "range_linear": (lambda k: range_test_lr(k, 1e-4, 1.0, STEPS),
                     # LinearLR's factors must be <= 1: start from end_lr = 1.0
                     lambda opt: lr_scheduler.LinearLR(
                         opt, start_factor=1e-4, end_factor=1.0,
                         total_iters=STEPS - 1), 1.0),
    "range_exponential": (lambda k: range_test_lr(k, 1e-4, 1.0, STEPS, "exponential"),
                          lambda opt: lr_scheduler.ExponentialLR(
                              opt, gamma=(1.0 / 1e-4) ** (1 / (STEPS - 1))), 1e-4),
}


@pytest.mark.parametrize("name", PAIRS)
def test_matches_torch_scheduler(name):
    ours, make_scheduler, base_lr = PAIRS[name]
    expected = torch_lrs(make_scheduler, base_lr)
    k = np.arange(STEPS)
    vectorized = ours(k)
    scalar = np.array([ours(int(step)) for step in k])
    assert isinstance(vectorized, np.ndarray) and vectorized.dtype == np.float64
    assert vectorized.shape == (STEPS,)
    assert all(isinstance(ours(int(step)), float) for step in (0, 5))
    np.testing.assert_allclose(vectorized, expected, rtol=1e-10, atol=1e-14)
    # NumPy's scalar and array power may differ in the last bit
    np.testing.assert_allclose(vectorized, scalar, rtol=1e-15, atol=0)
    assert np.ptp(expected) > 0  # the schedule really changes


def test_array_k_keeps_its_shape_and_numpy_int_scalar_gives_float():
    k = np.arange(12).reshape(3, 4)
    assert exponential_decay(k, 1.0, 0.5).shape == (3, 4)
    assert isinstance(triangular(np.int64(3), 0.1, 1.0, 4), float)
    assert isinstance(cosine_annealing(np.arange(3, dtype=np.int32), 1.0, 10), np.ndarray)


# --- hand-checkable values -------------------------------------------------------------

def test_hand_values():
    assert exponential_decay(2, 1.0, 0.95) == pytest.approx(0.9025)
    assert inverse_sqrt_decay(3, 1.0) == pytest.approx(0.5)  # 1/√4
    assert step_decay(29, 0.1, 10, 0.5) == pytest.approx(0.025)  # two drops by k = 29
    # triangle with step_size 4: 0.1 at k = 0, 8, 16; 1.0 at k = 4, 12; halfway at 2, 6
    lrs = triangular(np.arange(17), 0.1, 1.0, 4)
    assert np.allclose(lrs[[0, 8, 16]], 0.1) and np.allclose(lrs[[4, 12]], 1.0)
    assert np.allclose(lrs[[2, 6, 10]], 0.55)
    assert cosine_annealing(50, 1.0, 100) == pytest.approx(0.5)
    assert cosine_annealing(100, 1.0, 100, eta_min=0.1) == pytest.approx(0.1)
    assert np.allclose(linear_warmup(np.arange(6), 1.0, 4), [0.25, 0.5, 0.75, 1, 1, 1])
    assert np.all(linear_warmup(np.arange(5), 0.3, 1) == 0.3)  # 1 step: no warmup
    assert range_test_lr(2, 1e-3, 1e-1, 3, mode="exponential") == pytest.approx(1e-1)
    assert range_test_lr(1, 1e-3, 1e-1, 3, mode="exponential") == pytest.approx(1e-2)
    assert range_test_lr(1, 0.1, 0.3, 3) == pytest.approx(0.2)


# --- validation ------------------------------------------------------------------------

ALL = {
    "exponential_decay": lambda k: exponential_decay(k, 0.1, 0.9),
    "inverse_sqrt_decay": lambda k: inverse_sqrt_decay(k, 0.1),
    "step_decay": lambda k: step_decay(k, 0.1, 5, 0.5),
    "triangular": lambda k: triangular(k, 0.01, 0.1, 5),
    "cosine_annealing": lambda k: cosine_annealing(k, 0.1, 10),
    "linear_warmup": lambda k: linear_warmup(k, 0.1, 5),
    "range_test_lr": lambda k: range_test_lr(k, 1e-3, 1.0, 10),
}


@pytest.mark.parametrize("name", ALL)
@pytest.mark.parametrize("k,match", [(-1, ">= 0"), (np.array([0, 3, -2]), ">= 0"),
                                     (1.5, "integer"), (np.arange(3.0), "integer"),
                                     (True, "integer"), ("3", "integer")])
def test_bad_k(name, k, match):
    with pytest.raises(ValueError, match=match):
        ALL[name](k)


@pytest.mark.parametrize("call,match", [
    (lambda: exponential_decay(0, -0.1, 0.9), "base_lr"),
    (lambda: exponential_decay(0, 0.1, 0.0), "gamma"),
    (lambda: exponential_decay(0, 0.1, 1.5), "gamma"),
    (lambda: inverse_sqrt_decay(0, float("nan")), "base_lr"),
    (lambda: step_decay(0, 0.1, 0, 0.5), "step_size"),
    (lambda: step_decay(0, 0.1, 2.5, 0.5), "step_size"),
    (lambda: step_decay(0, 0.1, 5, -0.5), "gamma"),
    (lambda: triangular(0, 0.1, 0.01, 5), "max_lr"),
    (lambda: triangular(0, -0.1, 0.1, 5), "base_lr"),
    (lambda: triangular(0, 0.01, 0.1, 0), "step_size"),
    (lambda: cosine_annealing(0, 0.1, 0), "T_max"),
    (lambda: cosine_annealing(0, 0.1, 10, eta_min=-1e-3), "eta_min"),
    (lambda: linear_warmup(0, 0.1, 0), "warmup_steps"),
    (lambda: linear_warmup(0, "0.1", 5), "base_lr"),
    (lambda: range_test_lr(0, 0.0, 1.0, 10), "start_lr"),
    (lambda: range_test_lr(0, 1.0, 0.1, 10), "end_lr"),
    (lambda: range_test_lr(0, 1e-3, 1.0, 1), "num_steps"),
    (lambda: range_test_lr(10, 1e-3, 1.0, 10), "num_steps - 1"),
    (lambda: range_test_lr(0, 1e-3, 1.0, 10, mode="log"), "mode"),
])
def test_bad_hyper_parameters(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- lr_range_bounds ---------------------------------------------------------------------

def range_test_curve(seed=0, n=200, dip_at=150):
    """A synthetic range test: the loss falls, bottoms out near lr = 0.1 and blows
    up; one noisy mini-batch (index dip_at, at a too-high lr) has the lowest raw loss."""
    rng = np.random.default_rng(seed)
    lrs = range_test_lr(np.arange(n), 1e-3, 3.0, n, mode="exponential")
    x = np.log10(lrs)
    losses = 2.3 - 1.5 * np.exp(-((x + 1) / 0.7) ** 2) + np.where(x > -0.5,
                                                                 4 * (x + 0.5) ** 2, 0)
    losses = losses + rng.normal(0, 0.05, size=n)
    losses[dip_at] = 0.1
    return lrs, losses


def test_lr_range_bounds_finds_the_smoothed_minimum():
    lrs, losses = range_test_curve()
    base_lr, max_lr = lr_range_bounds(lrs, losses)
    assert 0.05 < max_lr < 0.2  # the bottom of the noiseless curve is lr = 0.1
    assert base_lr == pytest.approx(max_lr / 4)
    # the raw minimum is the noisy step at a far too high lr, the smoothing ignores it
    assert lrs[np.argmin(losses)] > 0.3
    # a diverged test (NaN, inf at the end) still works
    losses[-5:] = np.nan
    assert lr_range_bounds(lrs, losses)[1] == max_lr


def test_lr_range_bounds_without_bias_correction_would_pick_the_first_step():
    """Why the smoothing is bias-corrected: the uncorrected EMA starts at (1 − β)·loss."""
    lrs, losses = range_test_curve()
    s, smoothed = 0.0, []
    for loss in losses:
        s = 0.9 * s + 0.1 * loss
        smoothed.append(s)
    assert np.argmin(smoothed) == 0
    assert lr_range_bounds(lrs, losses)[1] != lrs[0]


@pytest.mark.parametrize("call,match", [
    (lambda: lr_range_bounds([0.1, 0.2], [1.0]), "same length"),
    (lambda: lr_range_bounds([0.1], [1.0]), "same length"),
    (lambda: lr_range_bounds([0.1, np.nan], [1.0, 2.0]), "NaN"),
    (lambda: lr_range_bounds([0.1, 0.2], [1.0, 2.0], beta=1.0), "beta"),
    (lambda: lr_range_bounds([0.1, 0.2], [1.0, 2.0], base_fraction=0), "base_fraction"),
])
def test_lr_range_bounds_validation(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_cyclic_lr_traps_the_chapter_warns_about():
    """The chapter's pitfalls: CyclicLR overwrites the optimizer's lr with base_lr, and
    its default cycle_momentum=True cycles SGD's momentum between 0.8 and 0.9."""
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=0.5, momentum=0.9)
    scheduler = lr_scheduler.CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=4)
    assert opt.param_groups[0]["lr"] == pytest.approx(0.01)
    momenta = []
    for _ in range(8):
        momenta.append(opt.param_groups[0]["momentum"])
        param.grad = torch.zeros(1)
        opt.step()
        scheduler.step()
    assert max(momenta) == pytest.approx(0.9) and min(momenta) == pytest.approx(0.8)
    # plain SGD (momentum 0) silently gets momentum switched on
    plain = torch.optim.SGD([param], lr=0.5)
    lr_scheduler.CyclicLR(plain, base_lr=0.01, max_lr=0.1)
    assert plain.param_groups[0]["momentum"] == pytest.approx(0.9)
    plain = torch.optim.SGD([param], lr=0.5)
    lr_scheduler.CyclicLR(plain, base_lr=0.01, max_lr=0.1, cycle_momentum=False)
    assert plain.param_groups[0]["momentum"] == 0
