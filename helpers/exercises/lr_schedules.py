"""Exercise checks for 학습률 스케줄 (Learning-rate schedules).

Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate schedules)
"""

import numpy as np

from helpers.exercises.core import CheckResult, check_function
from helpers.schedules import cosine_annealing, linear_warmup, range_test_lr, triangular


def check_triangular(fn) -> CheckResult:
    """Check ``fn(k, base_lr, max_lr, step_size)`` = Smith's triangular lr at the
    0-based step k, for integer arrays k covering several cycles and scalar k.

    Catches a 1-based k (the triangle shifted by one step), a cycle counted from 0
    (⌊k/(2s)⌋ instead of ⌊1 + k/(2s)⌋) and a period of s instead of 2s.

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    cases = [(np.arange(60), 0.01, 0.1, 6), (np.arange(45), 0.001, 0.5, 7),
             (np.arange(12), 0.2, 1.0, 1), (9, 0.01, 0.1, 4), (13, 0.0, 2.0, 5)]
    hint = (
        "k는 0부터 셉니다. cycle = ⌊1 + k/(2·step_size)⌋, "
        "x = |k/step_size − 2·cycle + 1|, lr = base + (max − base)·max(0, 1 − x).\n"
        "k counts from 0: cycle = ⌊1 + k/(2·step_size)⌋, "
        "x = |k/step_size − 2·cycle + 1|, lr = base + (max − base)·max(0, 1 − x)."
    )
    return check_function(fn, triangular, cases, name="triangular", rtol=1e-10,
                          hint=hint)


def _reference_warmup_cosine(k, base_lr, warmup_steps, total_steps, eta_min):
    k = np.asarray(k)
    ramp = linear_warmup(np.minimum(k, warmup_steps - 1), base_lr, warmup_steps)
    decay_steps = total_steps - warmup_steps
    cosine = cosine_annealing(np.maximum(k - warmup_steps, 0), base_lr, decay_steps,
                              eta_min)
    return np.where(k < warmup_steps, ramp, cosine)


def check_warmup_cosine(fn) -> CheckResult:
    """Check ``fn(k, base_lr, warmup_steps, total_steps, eta_min)`` for an integer
    array k = 0 .. total_steps − 1: a linear warmup base_lr·(k + 1)/W for k < W,
    then a cosine from base_lr (at k = W) to eta_min (at k = total_steps) over the
    remaining total_steps − W steps.

    Catches a warmup that starts at 0 (k/W), a cosine not shifted by W (it would
    jump down at k = W) and a cosine stretched over total_steps instead of T − W.

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    cases = [(np.arange(100), 0.1, 10, 100, 0.0), (np.arange(50), 1e-3, 5, 50, 1e-5),
             (np.arange(30), 0.5, 1, 30, 0.01), (np.arange(40), 0.2, 20, 40, 0.0)]
    hint = (
        "k < W이면 base·(k+1)/W, 그 뒤에는 "
        "η_min + ½(base − η_min)(1 + cos(π(k − W)/(T − W))) 입니다.\n"
        "For k < W: base·(k+1)/W; afterwards "
        "η_min + ½(base − η_min)(1 + cos(π(k − W)/(T − W)))."
    )
    return check_function(fn, _reference_warmup_cosine, cases, name="warmup_cosine",
                          rtol=1e-10, hint=hint)


def _reference_robbins_monro(p):
    # α_k = α0/(k+1)^p: Σ α_k diverges iff p <= 1, Σ α_k² = Σ α0²/(k+1)^(2p)
    # converges iff 2p > 1 (the p-series test)
    return (p <= 1, 2 * p > 1)


def check_robbins_monro(fn) -> CheckResult:
    """Check ``fn(p) -> (sum_diverges, sum_of_squares_converges)`` for the schedule
    α_k = α0/(k + 1)^p with p >= 0: are the two Robbins–Monro conditions
    Σα = ∞ and Σα² < ∞ met?

    Cases include the boundaries p = 1/2 (α0/√t: Σα² diverges like the harmonic
    series) and p = 1 (α0/t: meets both), so ``p >= 0.5`` or ``p < 1`` fail.

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    cases = [(0.0,), (0.3,), (0.5,), (0.75,), (1.0,), (1.5,)]
    hint = (
        "p-급수 Σ 1/t^q는 q > 1일 때만 수렴합니다. Σα는 q = p, Σα²는 q = 2p입니다.\n"
        "The p-series Σ 1/t^q converges only for q > 1: q = p for Σα, q = 2p for Σα²."
    )
    return check_function(fn, _reference_robbins_monro, cases, name="robbins_monro",
                          rtol=0.0, hint=hint)


def _reference_pick_max_lr(lrs, losses, beta):
    smoothed, s = [], 0.0
    for t, loss in enumerate(losses, start=1):
        s = beta * s + (1 - beta) * loss
        smoothed.append(s / (1 - beta**t))  # bias correction, as Adam's v̂
    return lrs[int(np.argmin(smoothed))]


def _range_test_cases():
    """Synthetic range tests: the loss falls, bottoms out and blows up; one noisy
    mini-batch at a too-high lr has the lowest raw loss."""
    rng = np.random.default_rng(0)
    cases = []
    for n, bottom, beta in [(200, 0.1, 0.9), (150, 0.02, 0.8), (300, 0.3, 0.95)]:
        lrs = range_test_lr(np.arange(n), bottom / 100, bottom * 30, n,
                            mode="exponential")
        x = np.log10(lrs / bottom)
        losses = (2.3 - 1.5 * np.exp(-(x / 0.7) ** 2)
                  + np.where(x > 0.5, 4 * (x - 0.5) ** 2, 0.0)
                  + rng.normal(0, 0.05, size=n))
        losses[int(0.8 * n)] = 0.05  # a lucky mini-batch where the loss is exploding
        cases.append((lrs, losses, beta))
    return cases


def check_pick_max_lr(fn) -> CheckResult:
    """Check ``fn(lrs, losses, beta)`` = the lr at which the bias-corrected
    exponential moving average of the range test's losses is smallest.

    Catches the raw argmin (a single lucky mini-batch at a too-high lr), an EMA
    without bias correction (its minimum is the first step) and a fixed beta.

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    hint = (
        "s_t = β·s_{t−1} + (1 − β)·loss_t, ŝ_t = s_t/(1 − β^t)로 매끄럽게 한 뒤 "
        "ŝ가 가장 작은 단계의 학습률을 반환하세요.\n"
        "Smooth with s_t = β·s_{t−1} + (1 − β)·loss_t, ŝ_t = s_t/(1 − β^t) and "
        "return the lr of the step where ŝ is smallest."
    )
    return check_function(fn, _reference_pick_max_lr, _range_test_cases(),
                          name="pick_max_lr", rtol=1e-12, hint=hint)
