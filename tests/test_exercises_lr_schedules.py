"""Each check of the learning-rate-schedules chapter passes a learner's correct
solution, written from the formulas (not the helper), and fails the plausible
wrong answers named below."""

import math

import numpy as np
import pytest

from helpers.exercises.lr_schedules import (
    _range_test_cases,
    check_pick_max_lr,
    check_robbins_monro,
    check_triangular,
    check_warmup_cosine,
)

# --- triangular ----------------------------------------------------------------------


def triangular(k, base_lr, max_lr, step_size):
    cycle = np.floor(1 + k / (2 * step_size))
    x = np.abs(k / step_size - 2 * cycle + 1)
    return base_lr + (max_lr - base_lr) * np.maximum(0, 1 - x)


def triangular_one_based(k, base_lr, max_lr, step_size):  # uses t = k + 1
    return triangular(np.asarray(k) + 1, base_lr, max_lr, step_size)


def triangular_cycle_from_zero(k, base_lr, max_lr, step_size):  # off-by-one cycle
    cycle = np.floor(k / (2 * step_size))
    x = np.abs(k / step_size - 2 * cycle + 1)
    return base_lr + (max_lr - base_lr) * np.maximum(0, 1 - x)


def triangular_half_period(k, base_lr, max_lr, step_size):  # period s, not 2s
    return triangular(k, base_lr, max_lr, step_size / 2)


def test_triangular_passes_the_solution():
    assert check_triangular(triangular).passed


@pytest.mark.parametrize("wrong", [triangular_one_based, triangular_cycle_from_zero,
                                   triangular_half_period])
def test_triangular_fails_wrong_answers(wrong):
    assert not check_triangular(wrong).passed


# --- warmup + cosine -----------------------------------------------------------------


def warmup_cosine(k, base_lr, warmup_steps, total_steps, eta_min):
    k = np.asarray(k, dtype=float)
    warm = base_lr * (k + 1) / warmup_steps
    progress = (k - warmup_steps) / (total_steps - warmup_steps)
    cosine = eta_min + 0.5 * (base_lr - eta_min) * (1 + np.cos(np.pi * progress))
    return np.where(k < warmup_steps, warm, cosine)


def warmup_from_zero(k, base_lr, warmup_steps, total_steps, eta_min):  # k/W
    lr = warmup_cosine(k, base_lr, warmup_steps, total_steps, eta_min)
    return np.where(k < warmup_steps, base_lr * np.asarray(k) / warmup_steps, lr)


def cosine_not_shifted(k, base_lr, warmup_steps, total_steps, eta_min):
    k = np.asarray(k, dtype=float)
    cosine = eta_min + 0.5 * (base_lr - eta_min) * (
        1 + np.cos(np.pi * k / total_steps))
    return np.where(k < warmup_steps, base_lr * (k + 1) / warmup_steps, cosine)


def cosine_over_total(k, base_lr, warmup_steps, total_steps, eta_min):
    k = np.asarray(k, dtype=float)
    cosine = eta_min + 0.5 * (base_lr - eta_min) * (
        1 + np.cos(np.pi * (k - warmup_steps) / total_steps))
    return np.where(k < warmup_steps, base_lr * (k + 1) / warmup_steps, cosine)


def test_warmup_cosine_passes_the_solution():
    assert check_warmup_cosine(warmup_cosine).passed


@pytest.mark.parametrize("wrong", [warmup_from_zero, cosine_not_shifted,
                                   cosine_over_total])
def test_warmup_cosine_fails_wrong_answers(wrong):
    assert not check_warmup_cosine(wrong).passed


# --- Robbins–Monro -------------------------------------------------------------------


def robbins_monro(p):
    return p <= 1, p > 0.5


def robbins_monro_includes_sqrt(p):  # believes α0/√t has Σα² < ∞
    return p <= 1, p >= 0.5


def robbins_monro_strict_harmonic(p):  # believes Σ 1/t converges
    return p < 1, p > 0.5


def robbins_monro_one_answer(p):  # a single bool for "both conditions hold"
    return 0.5 < p <= 1


def test_robbins_monro_passes_the_solution():
    assert check_robbins_monro(robbins_monro).passed


@pytest.mark.parametrize("wrong", [robbins_monro_includes_sqrt,
                                   robbins_monro_strict_harmonic,
                                   robbins_monro_one_answer])
def test_robbins_monro_fails_wrong_answers(wrong):
    assert not check_robbins_monro(wrong).passed


# --- picking max_lr from a range test ------------------------------------------------


def pick_max_lr(lrs, losses, beta):
    s, best, best_lr = 0.0, math.inf, None
    for t, (lr, loss) in enumerate(zip(lrs, losses), start=1):
        s = beta * s + (1 - beta) * loss
        corrected = s / (1 - beta**t)
        if corrected < best:
            best, best_lr = corrected, lr
    return best_lr


def pick_raw_argmin(lrs, losses, beta):
    return lrs[np.argmin(losses)]


def pick_without_bias_correction(lrs, losses, beta):
    s, smoothed = 0.0, []
    for loss in losses:
        s = beta * s + (1 - beta) * loss
        smoothed.append(s)
    return lrs[np.argmin(smoothed)]


def pick_with_fixed_beta(lrs, losses, beta):
    return pick_max_lr(lrs, losses, 0.98)


def pick_returns_the_loss(lrs, losses, beta):
    s, smoothed = 0.0, []
    for t, loss in enumerate(losses, start=1):
        s = beta * s + (1 - beta) * loss
        smoothed.append(s / (1 - beta**t))
    return min(smoothed)


def test_pick_max_lr_passes_the_solution():
    assert check_pick_max_lr(pick_max_lr).passed


@pytest.mark.parametrize("wrong", [pick_raw_argmin, pick_without_bias_correction,
                                   pick_with_fixed_beta, pick_returns_the_loss])
def test_pick_max_lr_fails_wrong_answers(wrong):
    assert not check_pick_max_lr(wrong).passed


def test_range_test_cases_trap_the_raw_argmin():
    """The synthetic curves are built so the raw minimum is at a too-high lr."""
    for lrs, losses, beta in _range_test_cases():
        picked = pick_max_lr(lrs, losses, beta)
        assert lrs[np.argmin(losses)] > 3 * picked
