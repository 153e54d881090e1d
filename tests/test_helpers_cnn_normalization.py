"""helpers.train.small_cnn / norm2d and helpers.plotting.plot_norm_axes_cube
(book/regularization/cnn_normalization.ipynb)."""

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from helpers.norm import GroupNorm, normalize  # noqa: E402
from helpers.plotting import plot_norm_axes_cube, setup_plots  # noqa: E402
from helpers.train import norm2d, small_cnn  # noqa: E402


# --- norm2d / small_cnn -----------------------------------------------------------------

def test_norm2d_layers_and_their_parameters():
    assert isinstance(norm2d(None, 8), nn.Identity)
    assert isinstance(norm2d("batch", 8), nn.BatchNorm2d)
    layer = norm2d("layer", 8)
    assert isinstance(layer, nn.GroupNorm) and layer.num_groups == 1
    assert layer.weight.shape == (8,)  # per channel, unlike nn.LayerNorm([C, H, W])
    inst = norm2d("instance", 8)
    assert isinstance(inst, nn.InstanceNorm2d) and inst.affine
    assert not inst.track_running_stats
    group = norm2d("group", 8, groups=4)
    assert isinstance(group, nn.GroupNorm) and group.num_groups == 4


@pytest.mark.parametrize("norm", [None, "batch", "layer", "instance", "group"])
def test_small_cnn_maps_flat_digits_to_logits(norm):
    torch.manual_seed(0)
    model = small_cnn(norm=norm)
    logits = model(torch.randn(5, 64))
    assert logits.shape == (5, 10) and torch.isfinite(logits).all()
    kinds = [type(m) for m in model]
    assert kinds[0] is nn.Unflatten and kinds[-1] is nn.Linear
    assert sum(isinstance(m, nn.Conv2d) for m in model) == 2


def test_small_cnn_norm_layers_see_the_conv_outputs():
    model = small_cnn(norm="group", channels=(8, 16), groups=4)
    assert model[2].num_channels == 8 and model[5].num_channels == 16


def test_small_cnn_group_layer_equals_helpers_norm():
    torch.manual_seed(1)
    model = small_cnn(norm="group", groups=4).double()
    with torch.no_grad():
        model[2].weight.uniform_(0.5, 2.0)
        model[2].bias.normal_()
        features = model[1](model[0](torch.randn(6, 64, dtype=torch.float64)))
        expected = model[2](features).numpy()
    ours = GroupNorm(4, 8)
    ours.gamma = model[2].weight.detach().numpy()
    ours.beta = model[2].bias.detach().numpy()
    assert np.allclose(ours.forward(features.numpy()), expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("kwargs", [
    {"norm": "weight"}, {"norm": "group", "groups": 3}, {"channels": (8,)},
    {"image_size": 7},
])
def test_small_cnn_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError):
        small_cnn(**kwargs)


def test_norm2d_rejects_bad_channels():
    with pytest.raises(ValueError, match="channels"):
        norm2d("batch", 0)


# --- plot_norm_axes_cube ------------------------------------------------------------------

@pytest.fixture
def ax3d():
    with plt.rc_context():
        setup_plots()
        fig = plt.figure()
        yield fig.add_subplot(projection="3d")
        plt.close("all")


def reference_mask(method, B, C, S, G, n0=0, c0=0):
    """The set sharing (n0, c0)'s statistics, via the one core: equal mean AND variance."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(B, C, S, 1)) * rng.uniform(1, 5, size=(B, C, 1, 1))
    x += rng.normal(0, 10, size=(B, C, 1, 1))
    if method == "group":
        xg = x.reshape(B, G, C // G, S, 1)
        _, cache = normalize(xg, (2, 3, 4))
        mean = np.broadcast_to(cache.mean, xg.shape).reshape(x.shape)
    else:
        axes = {"batch": (0, 2, 3), "layer": (1, 2, 3), "instance": (2, 3)}[method]
        _, cache = normalize(x, axes)
        mean = np.broadcast_to(cache.mean, x.shape)
    same = mean[:, :, :, 0] == mean[n0, c0, 0, 0]  # (B, C, S)
    return same.transpose(1, 0, 2)  # drawing order (C, N, S)


@pytest.mark.parametrize("method", ["batch", "layer", "instance", "group"])
def test_cube_shades_exactly_the_set_that_shares_statistics(ax3d, method):
    shaded = plot_norm_axes_cube(ax3d, method, batch_size=4, channels=6, spatial=3,
                                 groups=2, sample=1, channel=3)
    assert shaded.shape == (6, 4, 3)
    assert np.array_equal(shaded, reference_mask(method, 4, 6, 3, 2, n0=1, c0=3))


def test_cube_draws_without_warnings(ax3d):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot_norm_axes_cube(ax3d, "group")
        ax3d.set_title("그룹 정규화 (GN)")
        ax3d.figure.canvas.draw()


def test_cube_rejects_bad_input(ax3d):
    with pytest.raises(ValueError, match="method"):
        plot_norm_axes_cube(ax3d, "weight")
    with pytest.raises(ValueError, match="divisible"):
        plot_norm_axes_cube(ax3d, "group", channels=6, groups=4)
    with pytest.raises(ValueError, match="index"):
        plot_norm_axes_cube(ax3d, "batch", sample=9)
    _, flat = plt.subplots()
    with pytest.raises(ValueError, match="3-D"):
        plot_norm_axes_cube(flat, "batch")
