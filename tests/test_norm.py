"""helpers.norm: parity with torch, gradient checks, invariances and validation.

Parity errors are measured relative to the largest entry of torch's array
(max |ours − torch| / max |torch|), so entries that happen to be near zero do not
turn float32 rounding into a large "relative" error.
"""

import tracemalloc

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.gradcheck import numerical_gradient, rel_error
from helpers.norm import (
    AXES_BCHW,
    BatchNorm,
    GroupNorm,
    InstanceNorm,
    LayerNorm,
    NormCache,
    RMSNorm,
    normalize,
    normalize_backward,
    reduction_axes,
    weight_norm,
)

TOL = {np.float64: 1e-10, np.float32: 1e-5}
DTYPES = [np.float64, np.float32]
TORCH_DTYPE = {np.float64: torch.float64, np.float32: torch.float32}


def scaled_error(ours, theirs):
    theirs = np.asarray(theirs, dtype=np.float64)
    ours = np.asarray(ours, dtype=np.float64)
    assert ours.shape == theirs.shape
    return float(np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs)))


def random_params(module, rng):
    """Random γ, β (not ones/zeros), so parity also tests where they broadcast."""
    if module.gamma is not None:
        module.gamma = rng.uniform(0.5, 2.0, size=module.gamma.shape)
    if module.beta is not None:
        module.beta = rng.normal(size=module.beta.shape)


def copy_params_to_torch(module, torch_module, dtype):
    torch_module = torch_module.to(TORCH_DTYPE[dtype])  # first, so γ is not rounded
    with torch.no_grad():
        if module.gamma is not None:
            torch_module.weight.copy_(torch.from_numpy(module.gamma))
        if module.beta is not None:
            torch_module.bias.copy_(torch.from_numpy(module.beta))
    return torch_module


def forward_backward_parity(module, torch_module, x, dy, dtype):
    """Forward, dx, dγ, dβ of ours vs torch autograd with the upstream gradient dy."""
    x, dy = x.astype(dtype), dy.astype(dtype)
    y = module.forward(x)
    assert y.dtype == dtype
    dx = module.backward(dy)
    assert dx.dtype == dtype

    xt = torch.tensor(x, requires_grad=True)
    yt = torch_module(xt)
    yt.backward(torch.tensor(dy))
    tol = TOL[dtype]
    assert scaled_error(y, yt.detach().numpy()) < tol
    assert scaled_error(dx, xt.grad.numpy()) < tol
    if module.gamma is not None:
        assert module.dgamma.shape == module.gamma.shape
        assert scaled_error(module.dgamma, torch_module.weight.grad.numpy()) < tol
    if module.beta is not None:
        assert scaled_error(module.dbeta, torch_module.bias.grad.numpy()) < tol


@pytest.fixture
def rng():
    return np.random.default_rng(0)


# --- the core ---------------------------------------------------------------------


def test_normalize_by_hand():
    x = np.array([1.0, 2.0, 3.0, 6.0])  # μ = 3, σ² = (4 + 1 + 0 + 9) / 4 = 3.5
    xhat, cache = normalize(x, axes=0, eps=0.5)  # √(3.5 + 0.5) = 2
    assert np.allclose(xhat, [-1.0, -0.5, 0.0, 1.5], rtol=0, atol=1e-15)
    assert cache.mean.item() == 3.0 and cache.var.item() == 3.5


@pytest.mark.parametrize("center", [True, False])
@pytest.mark.parametrize("axes", [(0,), (1,), (0, 2), (1, 2, 3), (-1,)])
def test_normalize_backward_gradcheck(rng, axes, center):
    # redraw until every group has σ² ≥ 0.25: for a group of a few close values
    # (σ ≈ 0.07 happens) the O(h²) error of the centered difference itself is 1e-7
    x = rng.normal(1.0, 2.0, size=(4, 4, 2, 5))
    while np.min(np.var(x, axis=axes)) < 0.25:
        x = rng.normal(1.0, 2.0, size=(4, 4, 2, 5))
    dxhat = rng.normal(size=x.shape)
    _, cache = normalize(x, axes, center=center)
    dx = normalize_backward(dxhat, cache)
    numeric = numerical_gradient(
        lambda x_: normalize(x_, axes, center=center)[0], x, dxhat
    )
    assert rel_error(dx, numeric) < 1e-7


def _peak_bytes(fn):
    """The most memory ``fn()`` held at once beyond what existed before (bytes)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape,axes", [((64, 8, 16, 16), (0, 2, 3)), ((64, 2048), 1),
                                        ((16, 4, 8, 16, 16), (2, 3, 4))])
@pytest.mark.parametrize("center", [True, False])
def test_normalize_makes_no_temporary_arrays(shape, axes, center):
    """The forward makes one array the size of x (x − μ, then x̂ in place) and the
    backward one (dx): σ² and mean(dx̂ · x̂) come from einsum without building the
    squares or products. ``np.mean((x - mean)**2)`` or ``inv_std * (dxhat - ...)``
    would hold two or three arrays of x's size at once and fail."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=shape).astype(np.float32)
    dxhat = rng.normal(size=shape).astype(np.float32)
    _, cache = normalize(x, axes, center=center)
    assert _peak_bytes(lambda: normalize(x, axes, center=center)) < 1.25 * x.nbytes
    assert _peak_bytes(lambda: normalize_backward(dxhat, cache)) < 1.25 * x.nbytes


def test_normalize_against_torch_functional(rng):
    x = rng.normal(size=(4, 3, 5))
    xhat, _ = normalize(x, axes=(1, 2), eps=1e-5)
    ref = F.layer_norm(torch.from_numpy(x), (3, 5), eps=1e-5).numpy()
    assert scaled_error(xhat, ref) < 1e-12


def test_axes_tuples_are_what_the_modules_use():
    for kind, axes in AXES_BCHW.items():
        assert reduction_axes(kind, 4) == axes
    assert reduction_axes("batch", 2) == (0,)
    assert reduction_axes("layer", 2) == (1,)
    assert reduction_axes("group", 3) == (2, 3)


@pytest.mark.parametrize("dtype", DTYPES)
def test_constant_input_is_finite_and_keeps_dtype(dtype):
    x = np.full((4, 3, 2, 2), 7.0, dtype=dtype)
    modules = [
        BatchNorm(3),
        LayerNorm((3, 2, 2)),
        InstanceNorm(3, affine=True),
        GroupNorm(1, 3),
        RMSNorm((2, 2)),
    ]
    for module in modules:
        y = module.forward(x)
        dx = module.backward(np.ones_like(x))
        assert y.dtype == dtype and dx.dtype == dtype, type(module).__name__
        assert np.all(np.isfinite(y)) and np.all(np.isfinite(dx)), type(module).__name__
    zero = np.zeros((4, 3, 2, 2), dtype=dtype)
    assert np.all(RMSNorm((2, 2)).forward(zero) == 0)


# --- BatchNorm ----------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(8, 5), (6, 5, 7), (4, 5, 3, 3)])
def test_batchnorm_train_parity(rng, shape, dtype):
    module = BatchNorm(5)
    random_params(module, rng)
    torch_class = nn_batchnorm_class(len(shape))
    torch_module = copy_params_to_torch(module, torch_class(5), dtype)
    x = rng.normal(2.0, 3.0, size=shape)
    forward_backward_parity(module, torch_module, x, rng.normal(size=shape), dtype)


def nn_batchnorm_class(ndim):
    return torch.nn.BatchNorm1d if ndim in (2, 3) else torch.nn.BatchNorm2d


@pytest.mark.parametrize("momentum", [0.1, 0.3, None])
@pytest.mark.parametrize("shape", [(8, 5), (4, 5, 3, 3)])
def test_batchnorm_running_statistics_and_eval(rng, shape, momentum):
    module = BatchNorm(5, momentum=momentum)
    random_params(module, rng)
    torch_class = nn_batchnorm_class(len(shape))
    torch_module = copy_params_to_torch(module, torch_class(5, momentum=momentum),
                                        np.float64)
    for batch in range(4):  # different batch sizes and distributions
        size = (shape[0] + batch,) + shape[1:]
        x = rng.normal(batch, 1.0 + batch, size=size)
        module.forward(x)
        torch_module(torch.from_numpy(x))
        assert module.num_batches_tracked == torch_module.num_batches_tracked.item()
        assert scaled_error(module.running_mean, torch_module.running_mean) < 1e-12
        assert scaled_error(module.running_var, torch_module.running_var) < 1e-12

    module.eval()
    torch_module.eval()
    mean_before = module.running_mean.copy()
    x = rng.normal(size=shape)
    forward_backward_parity(module, torch_module, x, rng.normal(size=shape),
                            np.float64)
    assert np.array_equal(module.running_mean, mean_before)  # eval does not update


def test_batchnorm_cumulative_average_is_the_population_estimate(rng):
    """momentum=None: running_mean = mean of the batch means, running_var = mean of
    the unbiased batch variances (the paper's E[μ_B], m/(m−1)·E[σ²_B])."""
    module = BatchNorm(3, momentum=None)
    batches = [rng.normal(size=(10, 3)) for _ in range(5)]
    for x in batches:
        module.forward(x)
    means = np.mean([x.mean(axis=0) for x in batches], axis=0)
    variances = np.mean([x.var(axis=0, ddof=1) for x in batches], axis=0)
    assert rel_error(module.running_mean, means) < 1e-12
    assert rel_error(module.running_var, variances) < 1e-12


@pytest.mark.parametrize("dtype", DTYPES)
def test_batchnorm_float32_running_statistics(rng, dtype):
    module = BatchNorm(4)
    torch_module = torch.nn.BatchNorm2d(4).to(TORCH_DTYPE[dtype])
    for _ in range(3):
        x = rng.normal(1.0, 2.0, size=(5, 4, 3, 3)).astype(dtype)
        module.forward(x)
        torch_module(torch.from_numpy(x))
    assert scaled_error(module.running_var, torch_module.running_var) < TOL[dtype]


@pytest.mark.parametrize("train", [True, False])
def test_batchnorm_gradcheck(rng, train):
    module = BatchNorm(3)
    random_params(module, rng)
    x = rng.normal(1.0, 2.0, size=(4, 3, 2, 2))
    if not train:
        module.forward(x + 1.0)  # non-trivial running statistics
        module.eval()
    dy = rng.normal(size=x.shape)
    module.forward(x)
    dx = module.backward(dy)
    dgamma, dbeta = module.dgamma, module.dbeta
    assert rel_error(dx, numerical_gradient(module.forward, x, dy)) < 1e-7
    gamma, beta = module.gamma, module.beta  # nudged in place by numerical_gradient
    num_dgamma = numerical_gradient(lambda g: module.forward(x), gamma, dy)
    num_dbeta = numerical_gradient(lambda b: module.forward(x), beta, dy)
    assert rel_error(dgamma, num_dgamma) < 1e-7
    assert rel_error(dbeta, num_dbeta) < 1e-7


# --- LayerNorm, InstanceNorm, GroupNorm, RMSNorm --------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape, normalized_shape",
                         [((6, 10), (10,)), ((3, 4, 6), (6,)),
                          ((2, 3, 4, 4), (3, 4, 4))])
def test_layernorm_parity(rng, shape, normalized_shape, dtype):
    for mode in ("train", "eval"):  # LN is the same in both
        module = LayerNorm(normalized_shape)
        random_params(module, rng)
        torch_module = copy_params_to_torch(
            module, torch.nn.LayerNorm(normalized_shape), dtype)
        getattr(module, mode)()
        getattr(torch_module, mode)()
        x = rng.normal(-1.0, 2.0, size=shape)
        forward_backward_parity(module, torch_module, x, rng.normal(size=shape), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("affine", [False, True])
@pytest.mark.parametrize("shape", [(3, 4, 5, 5), (3, 4, 9)])
def test_instancenorm_parity_train_and_eval(rng, shape, affine, dtype):
    nn = torch.nn
    torch_class = nn.InstanceNorm2d if len(shape) == 4 else nn.InstanceNorm1d
    for mode in ("train", "eval"):  # instance statistics in eval too
        module = InstanceNorm(4, affine=affine)
        random_params(module, rng)
        torch_module = copy_params_to_torch(module, torch_class(4, affine=affine),
                                            dtype)
        getattr(module, mode)()
        getattr(torch_module, mode)()
        x = rng.normal(1.0, 2.0, size=shape)
        forward_backward_parity(module, torch_module, x, rng.normal(size=shape), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("groups", [1, 2, 3, 6])
@pytest.mark.parametrize("shape", [(4, 6, 3, 3), (4, 6), (2, 6, 5)])
def test_groupnorm_parity(rng, shape, groups, dtype):
    if shape == (4, 6) and groups >= 3:
        # 1 or 2 values per group: x̂ = ±√(σ²/(σ²+ε)) whatever x is, so dx is pure
        # rounding noise (~1e-7 of dy) in both libraries; nothing to compare
        pytest.skip("degenerate: fewer than 3 values per group")
    module = GroupNorm(groups, 6)
    random_params(module, rng)
    torch_module = copy_params_to_torch(module, torch.nn.GroupNorm(groups, 6), dtype)
    x = rng.normal(1.0, 2.0, size=shape)
    forward_backward_parity(module, torch_module, x, rng.normal(size=shape), dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("eps", [None, 1e-6])
@pytest.mark.parametrize("shape, normalized_shape",
                         [((5, 8), (8,)), ((2, 3, 4), (3, 4))])
def test_rmsnorm_parity(rng, shape, normalized_shape, eps, dtype):
    module = RMSNorm(normalized_shape, eps=eps)
    random_params(module, rng)
    assert module.beta is None
    torch_module = copy_params_to_torch(module, torch.nn.RMSNorm(normalized_shape,
                                                                 eps=eps), dtype)
    x = rng.normal(0.5, 2.0, size=shape)
    forward_backward_parity(module, torch_module, x, rng.normal(size=shape), dtype)


def test_rmsnorm_default_eps_is_machine_epsilon():
    # tiny inputs, so that eps visibly matters: mean(x²) = 1.25e-7 is about float32's
    # eps (1.2e-7); compare with the formula using finfo(dtype).eps
    for dtype in DTYPES:
        x = np.array([[3e-4, -4e-4]], dtype=dtype)
        eps = np.finfo(dtype).eps
        expected = x / np.sqrt(np.mean(x.astype(np.float64) ** 2) + eps)
        assert scaled_error(RMSNorm(2).forward(x), expected) < TOL[dtype]


def module_cases():
    """(name, module factory, input shape) for every module's gradient check."""
    return [
        ("layer", lambda: LayerNorm((3, 4)), (2, 3, 4)),
        ("instance", lambda: InstanceNorm(3, affine=True), (2, 3, 2, 3)),
        ("group", lambda: GroupNorm(2, 4), (3, 4, 2, 2)),
        ("rms", lambda: RMSNorm(5), (3, 5)),
    ]


@pytest.mark.parametrize("name, make, shape", module_cases(),
                         ids=[case[0] for case in module_cases()])
def test_module_gradcheck(rng, name, make, shape):
    module = make()
    random_params(module, rng)
    x = rng.normal(0.5, 2.0, size=shape)
    dy = rng.normal(size=shape)
    module.forward(x)
    dx = module.backward(dy)
    dgamma, dbeta = module.dgamma, module.dbeta
    assert rel_error(dx, numerical_gradient(module.forward, x, dy)) < 1e-7
    gamma = module.gamma
    assert rel_error(dgamma, numerical_gradient(lambda g: module.forward(x), gamma, dy)
                     ) < 1e-7
    if module.beta is not None:
        beta = module.beta
        assert rel_error(dbeta, numerical_gradient(lambda b: module.forward(x), beta,
                                                   dy)) < 1e-7


# --- why the upstream gradient must be random --------------------------------------


def backward_missing_the_variance_term(dxhat, cache):
    """A plausible bug: forgets that σ² depends on x (drops x̂ · mean(dx̂ x̂))."""
    mean_dxhat = dxhat.mean(axis=cache.axes, keepdims=True)
    return cache.inv_std * (dxhat - mean_dxhat)


def test_ones_upstream_gradient_hides_a_backward_bug(rng):
    x = rng.normal(size=(6, 4))
    axes = (0,)
    _, cache = normalize(x, axes)
    buggy = backward_missing_the_variance_term

    # all-ones dy: dx̂ = 1, so mean(dx̂ · x̂) = mean(x̂) = 0 and the missing term is 0
    ones = np.ones_like(x)
    numeric = numerical_gradient(lambda x_: normalize(x_, axes)[0], x.copy(), ones)
    assert np.max(np.abs(buggy(ones, cache) - numeric)) < 1e-9  # the bug passes

    # a random dy exposes it; the correct backward still passes
    dy = rng.normal(size=x.shape)
    numeric = numerical_gradient(lambda x_: normalize(x_, axes)[0], x.copy(), dy)
    assert rel_error(buggy(dy, cache), numeric) > 1e-2
    assert rel_error(normalize_backward(dy, cache), numeric) < 1e-7


# --- properties (hypothesis) ----------------------------------------------------------

SEEDS = st.integers(0, 2**32 - 1)
SCALES = st.floats(0.1, 10.0)
SMALL_EPS = 1e-12  # so that the invariances below are exact up to rounding


@settings(max_examples=25, deadline=None)
@given(seed=SEEDS, scale=SCALES, shift=st.floats(-10.0, 10.0))
def test_layernorm_invariant_to_per_sample_rescaling_and_recentering(
    seed, scale, shift
):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(5, 8))
    per_sample_scale = scale * rng.uniform(0.5, 2.0, size=(5, 1))
    per_sample_shift = shift * rng.normal(size=(5, 1))
    module = LayerNorm(8, eps=SMALL_EPS)
    random_params(module, rng)
    y = module.forward(x)
    y_moved = module.forward(per_sample_scale * x + per_sample_shift)
    assert scaled_error(y_moved, y) < 1e-9


@settings(max_examples=25, deadline=None)
@given(seed=SEEDS, scale=SCALES)
def test_batchnorm_invariant_to_weight_rescaling(seed, scale):
    """BN(x W c) = BN(x W), for one scale c and for a separate scale per column."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(16, 6))
    W = rng.normal(size=(6, 4))
    module = BatchNorm(4, eps=SMALL_EPS)
    random_params(module, rng)
    y = module.forward(x @ W)
    assert scaled_error(module.forward(x @ (scale * W)), y) < 1e-9
    per_column = scale * rng.uniform(0.5, 2.0, size=4)
    assert scaled_error(module.forward(x @ (W * per_column)), y) < 1e-9


@settings(max_examples=25, deadline=None)
@given(seed=SEEDS)
def test_groupnorm_extremes_are_layer_and_instance_norm(seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(1.0, 2.0, size=(3, 4, 3, 3))
    gamma, beta = rng.normal(size=4), rng.normal(size=4)
    channel = (1, 4, 1, 1)

    gn1 = GroupNorm(1, 4)  # the GN paper's LN: statistics over (C, H, W)
    gn1.gamma, gn1.beta = gamma, beta
    ln = LayerNorm((4, 3, 3), elementwise_affine=False)
    expected = ln.forward(x) * gamma.reshape(channel) + beta.reshape(channel)
    assert scaled_error(gn1.forward(x), expected) < 1e-12

    gnc = GroupNorm(4, 4)  # one channel per group: instance norm
    gnc.gamma, gnc.beta = gamma, beta
    inorm = InstanceNorm(4, affine=True)
    inorm.gamma, inorm.beta = gamma, beta
    assert scaled_error(gnc.forward(x), inorm.forward(x)) < 1e-12


@settings(max_examples=25, deadline=None)
@given(seed=SEEDS, kind=st.sampled_from(["batch", "layer", "instance", "group"]))
def test_outputs_have_zero_mean_unit_variance_over_their_axes(seed, kind):
    rng = np.random.default_rng(seed)
    x = rng.normal(rng.normal(size=(1, 4, 1, 1)), rng.uniform(0.5, 3.0),
                   size=(3, 4, 2, 3))
    eps = 1e-5
    module = {
        "batch": BatchNorm(4, eps=eps),
        "layer": LayerNorm((4, 2, 3), eps=eps),
        "instance": InstanceNorm(4, eps=eps),
        "group": GroupNorm(2, 4, eps=eps),
    }[kind]
    y = module.forward(x)  # γ = 1, β = 0 at initialization
    if kind == "group":  # check on the grouped view
        x, y = x.reshape(3, 2, 2, 2, 3), y.reshape(3, 2, 2, 2, 3)
    axes = AXES_BCHW[kind]
    # mean 0; variance σ²/(σ² + ε), the exact effect of ε (not "about 1")
    var_in = x.var(axis=axes)
    assert np.max(np.abs(y.mean(axis=axes))) < 1e-12
    assert rel_error(y.var(axis=axes), var_in / (var_in + eps)) < 1e-10


# --- validation ------------------------------------------------------------------


def test_batchnorm_one_value_per_channel_raises():
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        BatchNorm(3).forward(np.ones((1, 3)))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        BatchNorm(3).forward(np.ones((1, 3, 1, 1)))
    # in eval mode a single sample is fine (running statistics)
    assert BatchNorm(3).eval().forward(np.ones((1, 3))).shape == (1, 3)
    # torch raises too
    with pytest.raises(ValueError):
        torch.nn.BatchNorm1d(3)(torch.ones(1, 3))


@pytest.mark.parametrize(
    "make, x, message",
    [
        (lambda: BatchNorm(3), np.ones((4, 5)), "built for 3 channels"),
        (lambda: BatchNorm(3), np.ones((4, 3, 2, 2, 2)), "expects"),
        (lambda: BatchNorm(3), np.ones(3), "expects"),
        (lambda: InstanceNorm(3), np.ones((4, 3)), "expects"),
        (lambda: InstanceNorm(3), np.ones((4, 2, 5)), "built for 3 channels"),
        (lambda: InstanceNorm(3), np.ones((4, 3, 1, 1)), "more than 1 spatial"),
        (lambda: GroupNorm(2, 4), np.ones((4, 6, 2)), "built for 4 channels"),
        (lambda: GroupNorm(2, 4), np.ones(4), "expects"),
        (lambda: LayerNorm((3, 4)), np.ones((2, 4, 3)), "last dimensions"),
        (lambda: LayerNorm(5), np.ones(4), "last dimensions"),
        (lambda: RMSNorm(5), np.ones((2, 4)), "last dimensions"),
        (lambda: LayerNorm(4), np.ones((2, 4), dtype=int), "float array"),
    ],
)
def test_bad_inputs_raise(make, x, message):
    with pytest.raises(ValueError, match=message):
        make().forward(x)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: GroupNorm(4, 6), "divisible"),
        (lambda: GroupNorm(0, 6), "num_groups"),
        (lambda: BatchNorm(0), "num_features"),
        (lambda: BatchNorm(3.0), "num_features"),
        (lambda: BatchNorm(3, momentum=1.5), "momentum"),
        (lambda: BatchNorm(3, eps=0.0), "eps"),
        (lambda: LayerNorm(4, eps=-1e-5), "eps"),
        (lambda: InstanceNorm(3, eps=0), "eps"),
        (lambda: GroupNorm(2, 4, eps=-1.0), "eps"),
        (lambda: RMSNorm(4, eps=0.0), "eps"),
        (lambda: LayerNorm(()), "at least one"),
        (lambda: normalize(np.ones(3), axes=0, eps=0.0), "eps"),
        (lambda: normalize(np.ones(3), axes=1), "out of range"),
        (lambda: normalize(np.ones((2, 3)), axes=(0, -2)), "repeat"),
        (lambda: reduction_axes("weight", 4), "kind"),
    ],
)
def test_bad_arguments_raise(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_backward_misuse_raises(rng):
    module = LayerNorm(4)
    with pytest.raises(ValueError, match="before backward"):
        module.backward(np.ones((2, 4)))
    module.forward(rng.normal(size=(2, 4)))
    with pytest.raises(ValueError, match="shape"):
        module.backward(np.ones((3, 4)))
    _, cache = normalize(rng.normal(size=(2, 4)), axes=1)
    assert isinstance(cache, NormCache)
    with pytest.raises(ValueError, match="shape"):
        normalize_backward(np.ones((4, 2)), cache)


# --- weight normalization (the invariance table of the layer-norm chapter) ---


@pytest.mark.parametrize("dtype", DTYPES)
def test_weight_norm_matches_torch_parametrization(rng, dtype):
    v = rng.normal(size=(4, 6)).astype(dtype)
    g = rng.uniform(0.5, 2.0, size=4).astype(dtype)
    linear = torch.nn.Linear(6, 4, bias=False).to(TORCH_DTYPE[dtype])
    linear = torch.nn.utils.parametrizations.weight_norm(linear)
    with torch.no_grad():
        linear.parametrizations.weight.original0.copy_(torch.from_numpy(g[:, None]))
        linear.parametrizations.weight.original1.copy_(torch.from_numpy(v))
    W = weight_norm(v, g)
    assert W.dtype == dtype
    assert scaled_error(W, linear.weight.detach().numpy()) < TOL[dtype]
    assert np.allclose(np.linalg.norm(weight_norm(v), axis=1), 1.0)


def test_weight_norm_validation():
    with pytest.raises(ValueError, match="matrix"):
        weight_norm(np.ones(3))
    with pytest.raises(ValueError, match="g must have shape"):
        weight_norm(np.ones((3, 2)), np.ones(2))
