"""Reproducibility: one call seeds every random number generator the book uses."""

import random

import numpy as np


def seed_all(seed: int = 0, torch_threads=1) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's global RNG and (if installed) torch.

    Returns a fresh ``np.random.Generator`` seeded with ``seed``; new code should
    draw from it rather than from the global ``np.random`` functions.
    ``torch_threads`` (default 1) sets torch's intra-op threads: a parallel sum
    adds in an order that depends on the thread count, so one thread gives the
    same digits on every machine (and the book's tiny models run fastest on one).
    ``None`` leaves torch's setting alone.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    # bool is a subclass of int in Python,
    # but seed_all(True) is almost surely a mistake.
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed}")
    seed = int(seed)
    if torch_threads is not None and not (
            isinstance(torch_threads, int) and torch_threads >= 1):
        raise ValueError(
            f"torch_threads must be None or an int >= 1, got {torch_threads!r}")

    random.seed(seed)
    # the legacy global RNG (np.random.rand, np.random.permutation, ...)
    np.random.seed(seed)
    try:
        import torch  # imported here so that `import helpers` stays light
    except ImportError:
        pass
    else:
        torch.manual_seed(seed)
        if torch_threads is not None:
            torch.set_num_threads(torch_threads)
    return np.random.default_rng(seed)
