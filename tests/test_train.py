"""helpers.train: models, NumPy views of parameters, the fit loop and its progress line."""

import subprocess
import sys

import nbformat
import numpy as np
import pytest
import torch
from nbclient import NotebookClient

from helpers.data import Split
from helpers.seeding import seed_all
from helpers.train import evaluate, fit, mlp, numpy_params


def blobs(n=240, seed=0):
    """Three Gaussian blobs in 2-D: an easy, separable 3-class problem."""
    rng = np.random.default_rng(seed)
    centers = np.array([[0.0, 3.0], [3.0, -2.0], [-3.0, -2.0]])
    y = rng.integers(0, 3, size=n)
    X = centers[y] + rng.normal(size=(n, 2))
    half = n // 2
    return Split(X[:half].astype(np.float32), y[:half], X[half:].astype(np.float32),
                 y[half:])


class PlainSGD:
    """A minimal NumPy optimizer with the helpers.optim interface (params, lr, step)."""

    def __init__(self, params, lr):
        self.params, self.lr = params, lr

    def step(self, grads):
        for p, g in zip(self.params, grads):
            p -= self.lr * g


def test_mlp_layers():
    model = mlp([4, 8, 6, 3], activation="tanh", dropout=0.2, norm="batch")
    kinds = [type(layer).__name__ for layer in model]
    assert kinds == ["Linear", "BatchNorm1d", "Tanh", "Dropout",
                     "Linear", "BatchNorm1d", "Tanh", "Dropout", "Linear"]
    assert model(torch.zeros(5, 4)).shape == (5, 3)
    assert [type(m).__name__ for m in mlp([4, 3])] == ["Linear"]
    assert isinstance(mlp([4, 8, 3], norm="layer")[1], torch.nn.LayerNorm)


@pytest.mark.parametrize("kwargs, message", [
    (dict(sizes=[4]), "sizes"),
    (dict(sizes=[4, 0, 3]), "sizes"),
    (dict(sizes=[4, 3], activation="gelu"), "activation"),
    (dict(sizes=[4, 3], norm="group"), "norm"),
    (dict(sizes=[4, 3], dropout=1.0), "dropout"),
    (dict(sizes=[4, 3], dropout=-0.1), "dropout"),
])
def test_mlp_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mlp(**kwargs)


def test_numpy_params_share_memory():
    model = mlp([3, 4, 2])
    arrays = numpy_params(model)
    assert [a.shape for a in arrays] == [tuple(p.shape) for p in model.parameters()]
    arrays[0][0, 0] = 123.0
    assert model[0].weight[0, 0].item() == 123.0
    arrays[-1] -= 1.0  # an in-place update, as an optimizer does
    assert torch.equal(model[-1].bias.detach(), torch.as_tensor(arrays[-1]))


def test_fit_with_numpy_optimizer_matches_torch_sgd():
    data = blobs()
    seed_all(0)
    ours = mlp([2, 16, 3])
    theirs = mlp([2, 16, 3])
    theirs.load_state_dict(ours.state_dict())
    h_ours = fit(ours, data, PlainSGD(numpy_params(ours), lr=0.1), epochs=3,
                 batch_size=16, progress=False)
    h_torch = fit(theirs, data, torch.optim.SGD(theirs.parameters(), lr=0.1), epochs=3,
                  batch_size=16, progress=False)
    assert h_ours.steps == h_torch.steps == 3 * (120 // 16)
    np.testing.assert_allclose(h_ours.step_loss, h_torch.step_loss, rtol=1e-5)
    for a, b in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(a.detach(), b.detach(), rtol=1e-5, atol=1e-6)


def test_fit_learns_and_is_deterministic():
    data = blobs()
    histories = []
    for _ in range(2):
        seed_all(1)
        model = mlp([2, 16, 3])
        histories.append(fit(model, data, torch.optim.SGD(model.parameters(), lr=0.1),
                             epochs=5, batch_size=16, progress=False))
    first, second = histories
    assert first.step_loss == second.step_loss
    assert first.epoch == [1, 2, 3, 4, 5]
    assert first.test_acc[-1] > 0.9  # it learned
    assert first.train_loss[-1] < first.train_loss[0]
    loss, acc = evaluate(model, data.X_test, data.y_test)
    assert (loss, acc) == (second.test_loss[-1], second.test_acc[-1])


def test_schedule_max_steps_and_eval_every():
    data = blobs()
    model = mlp([2, 8, 3])
    opt = PlainSGD(numpy_params(model), lr=1.0)
    history = fit(model, data, opt, epochs=10, batch_size=10, schedule=lambda k: 0.1 / (k + 1),
                  max_steps=25, eval_every=2, progress=False)
    assert history.steps == 25
    np.testing.assert_allclose(history.lr, [0.1 / (k + 1) for k in range(25)])
    assert history.epoch == [2, 3]  # 12 steps per epoch: stopped in epoch 3, evaluated there


def test_divergence_stops_training():
    data = blobs()
    model = mlp([2, 8, 3])
    history = fit(model, data, PlainSGD(numpy_params(model), lr=1e30), epochs=5,
                  batch_size=10, progress=False)
    assert history.diverged
    assert not np.isfinite(history.step_loss[-1])
    assert history.steps < 5 * 12


def test_batchnorm_model_trains_without_a_one_example_batch():
    data = blobs(n=2 * 33)  # 33 training examples: batches of 16 leave one behind
    model = mlp([2, 8, 3], norm="batch")
    history = fit(model, data, torch.optim.SGD(model.parameters(), lr=0.1), epochs=2,
                  batch_size=16, progress=False)
    assert history.steps == 4


def test_fit_rejects_an_optimizer_on_copies():
    model = mlp([2, 8, 3])
    copies = [a.copy() for a in numpy_params(model)]
    with pytest.raises(ValueError, match="numpy_params"):
        fit(model, blobs(), PlainSGD(copies, lr=0.1), epochs=1, progress=False)
    with pytest.raises(ValueError, match="epochs"):
        fit(model, blobs(), PlainSGD(numpy_params(model), lr=0.1), epochs=0)
    with pytest.raises(ValueError, match="batch_size"):
        fit(model, blobs(), PlainSGD(numpy_params(model), lr=0.1), epochs=1,
            batch_size=1000)


def test_progress_line_leaves_a_machine_independent_output(tmp_path):
    """In a notebook the line updates in place and is erased at the end,
    so nbval (which sees only the first display) finds the stored output again."""
    code = """
import numpy as np, torch
from helpers.data import Split
from helpers.train import fit, mlp
rng = np.random.default_rng(0)
X = rng.normal(size=(200, 2)).astype(np.float32); y = (X[:, 0] > 0).astype(np.int64)
model = mlp([2, 4, 2])
h = fit(model, Split(X, y, X, y), torch.optim.SGD(model.parameters(), lr=0.1), epochs=3)
print(h.steps)
"""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    outputs = nb.cells[0].outputs
    displays = [o for o in outputs if o.output_type == "display_data"]
    assert len(displays) == 1
    assert displays[0].data["text/plain"] == ""
    streams = [o for o in outputs if o.output_type == "stream"]
    assert [(s.name, s.text) for s in streams] == [("stdout", "9\n")]

    path = tmp_path / "progress.ipynb"
    nbformat.write(nb, path)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--nbval", str(path)], capture_output=True, text=True,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:]
