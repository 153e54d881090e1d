"""helpers.dropout: torch parity with an injected mask, the two scalings agree in
expectation, eval behaviour, backward, MC averaging and validation."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers.dropout import (
    dropout,
    dropout_backward,
    dropout_paper,
    dropout_paper_backward,
    mc_average,
    scale_weights_for_test,
)
from helpers.gradcheck import numerical_gradient, rel_error


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def torch_dropout_and_its_mask(x, p, seed):
    """torch's F.dropout(x) and the keep mask it used: the same seed on a tensor of
    ones of the same shape and dtype draws the same mask, and ones·mask/(1−p) ≠ 0
    exactly where a unit was kept (torch's RNG cannot be reproduced from NumPy)."""
    torch.manual_seed(seed)
    y = F.dropout(torch.from_numpy(x), p=p, training=True)
    torch.manual_seed(seed)
    ones = F.dropout(torch.ones(x.shape, dtype=y.dtype), p=p, training=True)
    return y.numpy(), (ones != 0).numpy()


@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-15), (np.float32, 1e-6)])
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_torch_parity_with_injected_mask(rng, p, dtype, tol):
    x = rng.normal(size=(20, 30)).astype(dtype)
    y_torch, mask = torch_dropout_and_its_mask(x, p, seed=1)
    assert 0 < mask.mean() < 1  # the trick extracted a real mask
    y, mask_out = dropout(x, p, mask=mask)
    assert y.dtype == dtype
    assert np.array_equal(mask_out, mask.astype(dtype))
    assert np.max(np.abs(y - y_torch)) <= tol * np.max(np.abs(y_torch))


def test_backward_against_torch_autograd(rng):
    x = rng.normal(size=(10, 7))
    dy = rng.normal(size=x.shape)
    p = 0.3
    torch.manual_seed(3)
    xt = torch.tensor(x, requires_grad=True)
    F.dropout(xt, p=p, training=True).backward(torch.from_numpy(dy))
    _, mask = torch_dropout_and_its_mask(x, p, seed=3)
    dx = dropout_backward(dy, mask.astype(float), p)
    assert rel_error(dx, xt.grad.numpy()) < 1e-15


def test_backward_gradcheck(rng):
    x = rng.normal(size=(4, 5))
    dy = rng.normal(size=x.shape)
    mask = (rng.random(x.shape) < 0.6).astype(float)
    for p in (0.0, 0.4):
        numeric = numerical_gradient(lambda x_: dropout(x_, p, mask=mask)[0], x, dy)
        assert rel_error(dropout_backward(dy, mask, p), numeric) < 1e-7
    numeric = numerical_gradient(lambda x_: dropout_paper(x_, 0.6, mask=mask)[0], x, dy)
    assert rel_error(dropout_paper_backward(dy, mask, 0.6), numeric) < 1e-7
    numeric = numerical_gradient(lambda x_: dropout_paper(x_, 0.6, False)[0], x, dy)
    assert rel_error(dropout_paper_backward(dy, None, 0.6), numeric) < 1e-7


def test_eval_is_identity_and_paper_test_scales_by_keep(rng):
    x = rng.normal(size=(3, 4)).astype(np.float32)
    y, mask = dropout(x, 0.5, training=False)
    assert mask is None and np.array_equal(y, x) and y.dtype == np.float32
    assert np.array_equal(dropout_backward(x, None, 0.5), x)
    assert np.array_equal(
        F.dropout(torch.from_numpy(x), 0.5, training=False).numpy(), y
    )
    y, mask = dropout_paper(x, 0.8, training=False)
    assert mask is None and np.allclose(y, 0.8 * x)


def test_edge_probabilities(rng):
    x = rng.normal(size=(5, 5))
    y, mask = dropout(x, 0.0, rng=rng)
    assert np.array_equal(y, x) and np.all(mask == 1)
    y, mask = dropout(x, 1.0, rng=rng)
    assert np.all(y == 0) and np.all(mask == 0) and np.all(np.isfinite(y))
    assert np.all(dropout_backward(x, mask, 1.0) == 0)
    assert np.all(F.dropout(torch.from_numpy(x), 1.0).numpy() == 0)  # torch agrees


def test_mask_frequency_and_rng_reproducibility():
    x = np.ones((200, 200))
    _, mask = dropout(x, 0.3, rng=np.random.default_rng(5))
    # 40 000 Bernoulli(0.7) draws: std of the frequency = √(0.7·0.3/40000) ≈ 0.0023
    assert abs(mask.mean() - 0.7) < 5 * 0.0023
    _, mask_again = dropout(x, 0.3, rng=np.random.default_rng(5))
    assert np.array_equal(mask, mask_again)
    _, keep = dropout_paper(x, 0.3, rng=np.random.default_rng(5))
    assert abs(keep.mean() - 0.3) < 5 * 0.0023  # the paper's p is the KEEP probability


def test_inverted_and_paper_scaling_agree_in_expectation():
    """Each form's training output averages to its own test-time output:
    inverted: E[x·m/(1−p)] = x (eval: identity);
    paper:    E[x·m]      = p_keep·x (test: activations × p_keep).
    So the paper's net at test time is p_keep × torch's, and after the next layer's
    weights are scaled by p_keep the two predict the same."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=8)
    p_keep = 0.6
    k = 20_000
    inverted = np.mean([dropout(x, 1 - p_keep, rng=rng)[0] for _ in range(k)], axis=0)
    paper = np.mean([dropout_paper(x, p_keep, rng=rng)[0] for _ in range(k)], axis=0)
    # the average of k masked copies has per-entry std |x|·√(p_keep(1 − p_keep)/k)
    # (× 1/p_keep for the inverted form): 5 standard deviations leave a chance of
    # about 6e-7 per entry of failing for a correct implementation
    std = np.abs(x) * np.sqrt(p_keep * (1 - p_keep) / k)
    assert np.all(np.abs(inverted - dropout(x, 1 - p_keep, training=False)[0])
                  < 5 * std / p_keep)
    assert np.all(np.abs(paper - dropout_paper(x, p_keep, training=False)[0]) < 5 * std)
    # a wrong test-time rule (paper training, no scaling at test) is far off
    assert np.max(np.abs(paper - x) / (5 * std)) > 10


def test_weight_scaling_equals_activation_scaling_and_mc_converges():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(6, 10))
    W = rng.normal(size=(10, 3))
    p_keep = 0.5
    by_weights = x @ scale_weights_for_test(W, p_keep)
    by_activations = dropout_paper(x, p_keep, training=False)[0] @ W
    assert rel_error(by_weights, by_activations) < 1e-14

    def predict(rng_):  # one sampled sub-network
        return dropout_paper(x, p_keep, rng=rng_)[0] @ W

    running = mc_average(predict, 2000, rng=np.random.default_rng(2), cumulative=True)
    assert running.shape == (2000, 6, 3)
    final = mc_average(predict, 2000, rng=np.random.default_rng(2))
    assert rel_error(final, running[-1]) < 1e-12
    # for a linear net the MC average converges to the weight-scaled prediction
    err = [np.max(np.abs(running[k - 1] - by_weights)) for k in (1, 10, 2000)]
    assert err[0] > err[1] > err[2]
    assert err[2] < 0.2 * err[0]


def test_global_rng_is_seeded_by_seed_all():
    from helpers.seeding import seed_all

    seed_all(7)
    _, a = dropout(np.ones(50), 0.5)
    seed_all(7)
    _, b = dropout(np.ones(50), 0.5)
    assert np.array_equal(a, b)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: dropout(np.ones(3), -0.1), "in \\[0, 1\\]"),
        (lambda: dropout(np.ones(3), 1.5), "in \\[0, 1\\]"),
        (lambda: dropout(np.ones(3), float("nan")), "in \\[0, 1\\]"),
        (lambda: dropout(np.ones(3), True), "number"),
        (lambda: dropout_paper(np.ones(3), 2.0), "p_keep"),
        (lambda: scale_weights_for_test(np.ones(3), -1.0), "p_keep"),
        (lambda: dropout_backward(np.ones(3), None, 1.2), "in \\[0, 1\\]"),
        (lambda: dropout(np.ones(3, dtype=int), 0.5), "float"),
        (lambda: dropout(np.ones(3), 0.5, mask=np.array([1, 0, 2])), "only 0 and 1"),
        (lambda: dropout(np.ones(3), 0.5, mask=np.ones(4)), "broadcast"),
        (lambda: dropout(np.ones(3), 0.5, mask=np.ones((2, 3))), "broadcast"),
        (lambda: mc_average(lambda r: 0.0, 0), "positive int"),
        (lambda: mc_average("f", 3), "callable"),
    ],
)
def test_validation(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_broadcast_mask_drops_whole_units(rng):
    x = rng.normal(size=(4, 3))
    unit_mask = np.array([1, 0, 1])  # drop unit 1 for every sample
    y, _ = dropout(x, 0.5, mask=unit_mask)
    assert np.all(y[:, 1] == 0) and np.allclose(y[:, [0, 2]], 2 * x[:, [0, 2]])
