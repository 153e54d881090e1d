import random

import numpy as np
import pytest
import torch

from helpers.seeding import seed_all


def draws(seed):
    rng = seed_all(seed)
    return (random.random(), np.random.rand(3).tolist(), torch.rand(3).tolist(), rng.random(3).tolist())


def test_same_seed_gives_identical_draws_everywhere():
    assert draws(0) == draws(0)
    assert draws(123) == draws(123)


def test_different_seeds_differ_in_every_generator():
    for a, b in zip(draws(0), draws(1)):
        assert a != b


def test_returns_default_rng_of_the_seed():
    assert seed_all(7).random() == np.random.default_rng(7).random()


@pytest.mark.parametrize("bad", [-1, 1.5, "0", None, True, False])
def test_bad_seed_raises(bad):
    with pytest.raises(ValueError, match="seed"):
        seed_all(bad)


def test_torch_threads_fixed_for_machine_independent_sums():
    before = torch.get_num_threads()
    try:
        seed_all(0)
        assert torch.get_num_threads() == 1
        torch.set_num_threads(2)
        seed_all(0, torch_threads=None)  # left alone
        assert torch.get_num_threads() == 2
        with pytest.raises(ValueError, match="torch_threads"):
            seed_all(0, torch_threads=0)
    finally:
        torch.set_num_threads(before)
