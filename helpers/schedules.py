"""Learning-rate schedules as plain functions of the step: ``lr = schedule(k, ...)``.

``k`` is the 0-based step (or epoch) counter: an int, or an integer NumPy array to
get the whole curve at once. A scalar ``k`` gives a Python float, an array ``k`` a
float64 array of the same shape. Each function equals the lr that the matching
``torch.optim.lr_scheduler`` class gives at step k, counting the constructor's
initial step as k = 0 (call ``scheduler.step()`` after each ``optimizer.step()``):

=======================  ==============================================================
function                 torch
=======================  ==============================================================
exponential_decay        ExponentialLR(gamma)
inverse_sqrt_decay       LambdaLR(lambda k: 1 / sqrt(k + 1))   (no class of its own)
step_decay               StepLR(step_size, gamma)
triangular               CyclicLR(base_lr, max_lr, step_size_up=step_size,
                         mode="triangular", cycle_momentum=False)
cosine_annealing         CosineAnnealingLR(T_max, eta_min)
linear_warmup            LinearLR(start_factor=1/warmup_steps,
                         total_iters=warmup_steps - 1)
range_test_lr            LinearLR / ExponentialLR from start_lr to end_lr
=======================  ==============================================================

To use one with ``helpers.optim``, set ``opt.lr = schedule(k, ...)`` before step k
(``helpers.train.fit(..., schedule=...)`` does this for you).
"""

import numbers

import numpy as np


def _steps(k):
    """``k`` as an int64 array, after checking it is a non-negative integer
    (scalar or array).
    """
    if isinstance(k, (bool, np.bool_)):
        raise ValueError(f"k must be an integer step, got {k!r}")
    k = np.asarray(k)
    if not np.issubdtype(k.dtype, np.integer):
        raise ValueError(f"k must be an integer step (int or integer array), "
                         f"got dtype {k.dtype}")
    if k.size and k.min() < 0:
        raise ValueError(f"k must be >= 0 (the first step is k = 0), got {k.min()}")
    return k.astype(np.int64)


def _result(lr, k):
    """A Python float for a scalar step, else a float64 array."""
    lr = np.asarray(lr, dtype=np.float64)
    return float(lr) if np.ndim(k) == 0 else lr


def _positive(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def _non_negative(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return float(value)


def _positive_int(name, value):
    if (isinstance(value, bool) or not isinstance(value, (int, np.integer))
            or value < 1):
        raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    return int(value)


def _decay_factor(name, gamma):
    gamma = _positive(name, gamma)
    if gamma > 1:
        raise ValueError(f"{name} must be in (0, 1] for a decay, got {gamma!r}")
    return gamma


def exponential_decay(k, base_lr, gamma):
    """lr_k = base_lr · γ^k  (e.g. γ = 0.95: the lecture's 0.95^t decay).

    As ``torch.optim.lr_scheduler.ExponentialLR(gamma)``. gamma in (0, 1].

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    k = _steps(k)
    base_lr = _non_negative("base_lr", base_lr)
    gamma = _decay_factor("gamma", gamma)
    return _result(base_lr * gamma**k, k)


def inverse_sqrt_decay(k, base_lr):
    """lr_k = base_lr / √(k + 1): the lecture's α/√t with t = k + 1 = 1, 2, ...

    torch has no class for it: ``LambdaLR(opt, lambda k: 1 / math.sqrt(k + 1))``.
    The sum of these lr diverges (Σα = ∞), but so does the sum of their squares
    (Σ 1/(k + 1) = ∞): it does NOT meet the Robbins–Monro condition Σα² < ∞.
    The conditions are sufficient, not necessary: on a noisy quadratic SGD still
    converges with it (Σα = ∞ and α → 0 are enough there), only slowly.

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    k = _steps(k)
    base_lr = _non_negative("base_lr", base_lr)
    return _result(base_lr / np.sqrt(k + 1), k)


def step_decay(k, base_lr, step_size, gamma):
    """lr_k = base_lr · γ^⌊k / step_size⌋: multiply by γ every ``step_size`` steps.

    As ``torch.optim.lr_scheduler.StepLR(step_size, gamma)``. gamma in (0, 1].

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    k = _steps(k)
    base_lr = _non_negative("base_lr", base_lr)
    step_size = _positive_int("step_size", step_size)
    gamma = _decay_factor("gamma", gamma)
    return _result(base_lr * gamma ** (k // step_size), k)


def triangular(k, base_lr, max_lr, step_size):
    """The cyclical triangle of Smith (2017): up from base_lr to max_lr in
    ``step_size`` steps, down again in ``step_size`` steps, and repeat:

        cycle = ⌊1 + k / (2·step_size)⌋             (1, 1, ..., 2, 2, ...)
        x     = |k / step_size − 2·cycle + 1|       (1 at a cycle's ends, 0 at its peak)
        lr_k  = base_lr + (max_lr − base_lr) · max(0, 1 − x)

    As ``CyclicLR(base_lr, max_lr, step_size_up=step_size, mode="triangular",
    cycle_momentum=False)``. Needs 0 <= base_lr <= max_lr.

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    k = _steps(k)
    base_lr = _non_negative("base_lr", base_lr)
    max_lr = _non_negative("max_lr", max_lr)
    if max_lr < base_lr:
        raise ValueError(f"max_lr ({max_lr!r}) must be >= base_lr ({base_lr!r})")
    step_size = _positive_int("step_size", step_size)
    cycle = np.floor(1 + k / (2 * step_size))
    x = np.abs(k / step_size - 2 * cycle + 1)
    return _result(base_lr + (max_lr - base_lr) * np.maximum(0, 1 - x), k)


def cosine_annealing(k, base_lr, T_max, eta_min=0.0):
    """lr_k = η_min + ½(base_lr − η_min)(1 + cos(π k / T_max)): half a cosine from
    base_lr at k = 0 down to η_min at k = T_max.

    As ``torch.optim.lr_scheduler.CosineAnnealingLR(T_max, eta_min)``, and like it
    NOT clamped: past T_max the lr rises again (period 2·T_max), so train for
    T_max steps (or restart, as SGDR does).

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    k = _steps(k)
    base_lr = _non_negative("base_lr", base_lr)
    T_max = _positive_int("T_max", T_max)
    eta_min = _non_negative("eta_min", eta_min)
    cosine = 1 + np.cos(np.pi * k / T_max)  # from 2 at k = 0 down to 0 at k = T_max
    return _result(eta_min + 0.5 * (base_lr - eta_min) * cosine, k)


def linear_warmup(k, base_lr, warmup_steps):
    """lr_k = base_lr · min(1, (k + 1) / warmup_steps): a straight ramp to base_lr.

    The first step already gets base_lr / warmup_steps (not 0, which would waste a
    step); base_lr is reached at k = warmup_steps − 1 and kept afterwards. As
    ``LinearLR(start_factor=1/warmup_steps, end_factor=1.0,
    total_iters=warmup_steps - 1)``.

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    k = _steps(k)
    base_lr = _non_negative("base_lr", base_lr)
    warmup_steps = _positive_int("warmup_steps", warmup_steps)
    return _result(base_lr * np.minimum(1.0, (k + 1) / warmup_steps), k)


def range_test_lr(k, start_lr, end_lr, num_steps, mode="linear"):
    """The lr of step k of an LR range test (Smith 2017): from start_lr at k = 0 to
    end_lr at k = num_steps − 1,

        linear:       lr_k = start_lr + (end_lr − start_lr) · k / (num_steps − 1)
        exponential:  lr_k = start_lr · (end_lr / start_lr)^(k / (num_steps − 1))

    Smith raises the lr linearly; the exponential ramp spends as many steps on each
    decade, which suits ranges spanning several powers of ten. Needs
    0 < start_lr < end_lr, num_steps >= 2 and k <= num_steps − 1.

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    k = _steps(k)
    start_lr = _positive("start_lr", start_lr)
    end_lr = _positive("end_lr", end_lr)
    if not end_lr > start_lr:
        raise ValueError(f"end_lr ({end_lr!r}) must be > start_lr ({start_lr!r})")
    num_steps = _positive_int("num_steps", num_steps)
    if num_steps < 2:
        raise ValueError(f"num_steps must be an integer >= 2, got {num_steps!r}")
    if k.size and k.max() > num_steps - 1:
        raise ValueError(f"k must be <= num_steps - 1 = {num_steps - 1}, got {k.max()}")
    fraction = k / (num_steps - 1)
    if mode == "linear":
        lr = start_lr + (end_lr - start_lr) * fraction
    elif mode == "exponential":
        lr = start_lr * (end_lr / start_lr) ** fraction
    else:
        raise ValueError(f"mode must be 'linear' or 'exponential', got {mode!r}")
    return _result(lr, k)


def lr_range_bounds(lrs, losses, beta=0.9, base_fraction=0.25):
    """(base_lr, max_lr) for a cyclical schedule, read off an LR range test.

    lrs, losses: 1-D arrays of the same length, the lr and the mini-batch loss of
    every step of the test. The losses are smoothed with a bias-corrected
    exponential moving average (as Adam's v̂; without the correction the first
    smoothed values are (1 − β^t) times too small and the minimum lands at t = 1):

        s_t = β·s_{t−1} + (1 − β)·loss_t,   ŝ_t = s_t / (1 − β^t)

    max_lr is the lr where ŝ is smallest (beyond it the loss stops falling);
    base_lr = base_fraction · max_lr, Smith's (2017) rule of thumb of 1/3 to 1/4.

    Chapter: book/optimization/lr_schedules.ipynb (학습률 스케줄 / Learning-rate
    schedules)
    """
    lrs = np.asarray(lrs, dtype=np.float64)
    losses = np.asarray(losses, dtype=np.float64)
    if lrs.ndim != 1 or lrs.shape != losses.shape or lrs.size < 2:
        raise ValueError(f"lrs and losses must be 1-D of the same length >= 2, got "
                         f"shapes {lrs.shape} and {losses.shape}")
    if not np.all(np.isfinite(lrs)):
        raise ValueError("lrs contains NaN or inf")
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta!r}")
    if not 0 < base_fraction <= 1:
        raise ValueError(f"base_fraction must be in (0, 1], got {base_fraction!r}")
    # a diverged test ends in NaN/inf: count those steps as infinitely bad
    losses = np.where(np.isfinite(losses), losses, np.inf)
    smoothed = np.empty_like(losses)
    s = 0.0
    for t, loss in enumerate(losses, start=1):
        s = beta * s + (1 - beta) * loss
        smoothed[t - 1] = s / (1 - beta**t)
    max_lr = float(lrs[np.argmin(smoothed)])
    return base_fraction * max_lr, max_lr
