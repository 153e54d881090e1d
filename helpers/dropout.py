"""Dropout in its two equivalent forms, and Monte-Carlo averaging of sub-networks.

Two conventions for the same idea; mind what ``p`` means:

- torch ("inverted"): p = probability to DROP. Training: y = x · mask / (1 − p),
  so E[y] = x; evaluation: y = x (nothing to do at test time).
- the paper (Srivastava et al. 2014): p_keep = probability to KEEP. Training:
  y = x · mask (no scaling), so E[y] = p_keep · x; test: the full network with the
  outgoing weights (equivalently the activations) multiplied by p_keep.

In both, ``mask`` is the KEEP mask: 1 where a unit survives, 0 where it is dropped,
drawn with P(keep) = 1 − p (torch) or p_keep (paper).

Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
"""

import numpy as np


def dropout(x, p=0.5, training=True, rng=None, mask=None):
    """Inverted dropout as ``torch.nn.functional.dropout``; p = DROP probability.

    x: float array, any shape. Training: y = x · mask / (1 − p) (y = 0 if p = 1),
    mask ~ Bernoulli(1 − p) of x's shape, drawn from ``rng`` (an
    ``np.random.Generator``; None → NumPy's global RNG, which ``seed_all`` seeds),
    or the given keep ``mask`` (0/1 or bool, broadcastable to x; for tests and
    teaching). Evaluation (training=False): y = x and mask = None.
    Returns ``(y, mask)``; pass the mask to ``dropout_backward``.

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    x = _check_input(x)
    _check_probability(p, "p (the drop probability)")
    if not training:
        return x, None
    mask = _keep_mask(x, 1.0 - p, rng, mask)
    if p == 1:  # everything dropped; avoid 0 / 0
        return np.zeros_like(x * mask), mask
    return x * mask / (1.0 - p), mask  # E[y] = x


def dropout_backward(dy, mask, p=0.5):
    """dL/dx of ``dropout``: dx = dy · mask / (1 − p); mask None (eval) → dx = dy.

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    dy = np.asarray(dy)
    _check_probability(p, "p (the drop probability)")
    if mask is None:
        return dy
    if p == 1:
        return np.zeros_like(dy * mask)
    return dy * mask / (1.0 - p)


def dropout_paper(x, p_keep=0.5, training=True, rng=None, mask=None):
    """Dropout as in Srivastava et al. (2014); p_keep = KEEP probability.

    Training: y = x · mask, mask ~ Bernoulli(p_keep) (no scaling, E[y] = p_keep · x).
    Test (training=False): y = p_keep · x, the same as multiplying the weights that
    leave these units by p_keep (``scale_weights_for_test``): use one, not both.
    rng, mask: as in ``dropout``. Returns ``(y, mask)`` (mask None at test time).

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    x = _check_input(x)
    _check_probability(p_keep, "p_keep (the keep probability)")
    if not training:
        return p_keep * x, None
    mask = _keep_mask(x, p_keep, rng, mask)
    return x * mask, mask


def dropout_paper_backward(dy, mask, p_keep=0.5):
    """dL/dx of ``dropout_paper``: dy · mask in training, dy · p_keep at test (mask
    None).

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    dy = np.asarray(dy)
    _check_probability(p_keep, "p_keep (the keep probability)")
    if mask is None:
        return p_keep * dy
    return dy * mask


def scale_weights_for_test(W, p_keep):
    """The paper's test-time rule: W_test = p_keep · W for the weights that leave
    units trained with dropout_paper (keep probability p_keep). W: any shape.

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    _check_probability(p_keep, "p_keep (the keep probability)")
    return p_keep * np.asarray(W)


def mc_average(predict_fn, k, rng=None, cumulative=False):
    """Monte-Carlo average of k stochastic predictions (MC dropout; paper Fig. 11).

    ``predict_fn(rng)`` runs the network once with freshly sampled dropout masks
    (drawn from ``rng``) and returns an array (e.g. class probabilities (N, K)).
    Returns the mean of k such calls; with cumulative=True, an array of shape
    (k, *out) whose row j is the mean of the first j + 1 calls (error vs k).

    Chapter: book/regularization/dropout.ipynb (드롭아웃 / Dropout)
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive int, got {k!r}")
    if not callable(predict_fn):
        raise ValueError("predict_fn must be callable as predict_fn(rng)")
    rng = np.random.default_rng() if rng is None else rng
    samples = np.stack([np.asarray(predict_fn(rng), dtype=float) for _ in range(k)])
    if not cumulative:
        return samples.mean(axis=0)
    counts = np.arange(1, k + 1).reshape((k,) + (1,) * (samples.ndim - 1))
    return np.cumsum(samples, axis=0) / counts


# --- input validation -----------------------------------------------------------


def _check_input(x):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"x must be a float array, got dtype {x.dtype}")
    return x


def _check_probability(p, name):
    if isinstance(p, bool) or not isinstance(p, (int, float, np.floating)):
        raise ValueError(f"{name} must be a number in [0, 1], got {p!r}")
    if not 0.0 <= p <= 1.0:  # also rejects NaN
        raise ValueError(f"{name} must be in [0, 1], got {p}")


def _keep_mask(x, p_keep, rng, mask):
    """The given keep mask (checked, in x's dtype) or a fresh Bernoulli(p_keep) one."""
    if mask is None:
        uniform = np.random.random(x.shape) if rng is None else rng.random(x.shape)
        return (uniform < p_keep).astype(x.dtype)  # keep with probability p_keep
    mask = np.asarray(mask)
    try:
        fits = np.broadcast_shapes(mask.shape, x.shape) == x.shape
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(
            f"mask of shape {mask.shape} does not broadcast to x's shape {x.shape}"
        )
    if not np.all((mask == 0) | (mask == 1)):
        raise ValueError("mask must contain only 0 and 1 (1 = keep the unit)")
    return mask.astype(x.dtype)
