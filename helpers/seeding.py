"""Reproducibility: one call seeds every random number generator the book uses."""

import random

import numpy as np


def seed_all(seed: int = 0) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's global RNG and (if installed) torch.

    Returns a fresh ``np.random.Generator`` seeded with ``seed``; new code should
    draw from it rather than from the global ``np.random`` functions.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    # bool is a subclass of int in Python,
    # but seed_all(True) is almost surely a mistake.
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed}")
    seed = int(seed)

    random.seed(seed)
    # the legacy global RNG (np.random.rand, np.random.permutation, ...)
    np.random.seed(seed)
    try:
        import torch  # imported here so that `import helpers` stays light
    except ImportError:
        pass
    else:
        torch.manual_seed(seed)
    return np.random.default_rng(seed)
