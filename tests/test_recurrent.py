"""helpers.recurrent: the LN-RNN step is the layer norm of helpers.norm, as in eq. (4)."""

import numpy as np
import pytest
import torch

from helpers.norm import normalize
from helpers.recurrent import RNNClassifier


def numpy_forward(model, x):
    """The same network in NumPy float64, with helpers.norm.normalize for LN."""
    W_xh = model.W_xh.weight.detach().double().numpy()
    W_hh = model.W_hh.weight.detach().double().numpy()
    gamma = model.gamma.detach().double().numpy()
    b = model.b.detach().double().numpy()
    xs = x.reshape(x.shape[0], model.steps, -1)
    h = np.zeros((x.shape[0], model.hidden_size))
    for t in range(model.steps):
        a = xs[:, t] @ W_xh.T + h @ W_hh.T
        if model.layer_norm:
            a = gamma * normalize(a, axes=-1, eps=model.eps)[0]
        h = np.tanh(a + b)
    W_out = model.out.weight.detach().double().numpy()
    return h @ W_out.T + model.out.bias.detach().double().numpy()


@pytest.mark.parametrize("layer_norm", [False, True])
def test_forward_matches_the_formula(layer_norm):
    torch.manual_seed(0)
    model = RNNClassifier(3, 6, 4, steps=5, layer_norm=layer_norm).double()
    with torch.no_grad():  # non-trivial γ, b
        model.gamma.uniform_(0.5, 2.0)
        model.b.normal_()
    x = np.random.default_rng(0).normal(size=(7, 15))
    logits = model(torch.from_numpy(x)).detach().numpy()
    assert logits.shape == (7, 4)
    expected = numpy_forward(model, x)
    assert np.max(np.abs(logits - expected)) < 1e-12 * np.max(np.abs(expected))


def test_summed_inputs_shape_and_scale_invariance_of_the_first_step():
    torch.manual_seed(0)
    model = RNNClassifier(8, 16, 10, steps=8, layer_norm=True).double()
    x = torch.randn(5, 64, dtype=torch.float64)
    a, h = model.summed_inputs(x)
    assert a.shape == (5, 8, 16) and h.shape == (5, 16)
    # h_0 = 0, so a_1 = W_xh x_1 scales with x and the LN step removes the scale
    # (exactly when eps is negligible); without LN it does not
    model_steps1 = RNNClassifier(8, 16, 10, steps=1, eps=1e-12).double()
    model_steps1.load_state_dict(model.state_dict())
    h1 = model_steps1.summed_inputs(x[:, :8])[1]
    h1_scaled = model_steps1.summed_inputs(10 * x[:, :8])[1]
    assert torch.allclose(h1, h1_scaled, atol=1e-10)
    model_steps1.layer_norm = False
    h1 = model_steps1.summed_inputs(x[:, :8])[1]
    assert not torch.allclose(h1, model_steps1.summed_inputs(10 * x[:, :8])[1], atol=0.1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(input_size=0, hidden_size=4, num_classes=2, steps=2), "input_size"),
        (dict(input_size=2, hidden_size=4, num_classes=2, steps=2.0), "steps"),
        (dict(input_size=2, hidden_size=4, num_classes=2, steps=2, eps=0.0), "eps"),
    ],
)
def test_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        RNNClassifier(**kwargs)


def test_wrong_input_width_raises():
    model = RNNClassifier(8, 4, 3, steps=8)
    with pytest.raises(ValueError, match="steps"):
        model(torch.zeros(2, 60))
