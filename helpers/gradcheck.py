"""Numerical gradient checks: centered differences and the relative error."""

import numpy as np


def numerical_gradient(f, x, dy, h=1e-5):
    """Gradient of ``L = sum(f(x) * dy)`` with respect to ``x`` by centered differences.

    ``f`` maps an array ``x`` (any shape) to an array ``y`` (any shape); ``dy`` is
    the upstream gradient dL/dy, shaped like ``y``. Use a RANDOM ``dy``: with
    all-ones a wrong backward pass can still agree. Each element of ``x`` is
    nudged by ±h in place (and always restored), so this costs 2·x.size calls of f:

        dL/dx[i] ≈ (L(x + h·e_i) − L(x − h·e_i)) / (2h)     error O(h²)

    Returns an array shaped like ``x`` (float64).

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise ValueError(
            "x must be a float64 ndarray: numerical gradients need float64 "
            "(in float32 the rounding error swamps the O(h²) term)"
        )
    if not h > 0:
        raise ValueError(f"h must be positive, got {h}")
    dy = np.asarray(dy)
    y_shape = np.shape(f(x))
    if dy.shape != y_shape:
        raise ValueError(f"dy has shape {dy.shape} but f(x) has shape {y_shape}")

    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        try:
            x[i] = old + h
            loss_plus = np.sum(f(x) * dy)
            x[i] = old - h
            loss_minus = np.sum(f(x) * dy)
        finally:
            x[i] = old  # restore, even if f raised
        grad[i] = (loss_plus - loss_minus) / (2 * h)
    return grad


def rel_error(a, b) -> float:
    """Largest elementwise relative error ``|a − b| / max(|a| + |b|, 1e-8)`` (CS231n).

    Symmetric in ``a`` and ``b``, 0 for equal arrays. Rough guide in float64:
    < 1e-7 is right, ~1e-4 is suspicious, > 1e-2 is wrong. ``a``, ``b``: arrays of
    the same shape (or scalars).

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"shapes differ: a has shape {a.shape}, b has shape {b.shape}")
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
