"""Normalization layers from one core: normalize over some axes, then scale and shift.

Batch, layer, instance, group and RMS normalization differ only in WHICH AXES the
mean and variance are taken over and WHERE the learned scale γ and shift β live:

    x̂ = (x − μ) / √(σ² + ε)        μ, σ² over the chosen axes (biased variance)
    y = γ · x̂ + β                   γ, β per channel or per element

``normalize`` / ``normalize_backward`` implement the first line once; every module
below picks its axes (``reduction_axes``) and its parameter layout. The modules are
NumPy from scratch with torch's names and defaults; each has ``forward(x)``,
``backward(dy)`` (returns dx, stores ``dgamma``, ``dbeta``), ``train()``, ``eval()``
and public parameters ``gamma``, ``beta``.

Chapter: book/regularization/batch_norm.ipynb (배치 정규화 / Batch Normalization)
"""

import math
from typing import NamedTuple

import numpy as np

# The four methods as four tuples: the axes each one averages over on a (B, C, H, W)
# tensor. Group norm first reshapes x to (B, G, C // G, H, W), then uses its axes.
AXES_BCHW = {
    "batch": (0, 2, 3),  # one μ, σ² per channel: over the batch and the pixels
    "layer": (1, 2, 3),  # one μ, σ² per sample: over channels and pixels
    "instance": (2, 3),  # one μ, σ² per sample and channel: over the pixels
    "group": (2, 3, 4),  # per sample and group, on x.reshape(B, G, C // G, H, W)
}


def reduction_axes(kind, ndim):
    """The axes ``kind`` ("batch", "layer", "instance", "group") averages over on an
    ndim-dimensional input shaped (N, C, *spatial).

    For "group" the axes refer to the reshaped input (N, G, C // G, *spatial), which
    has ndim + 1 dimensions. ``reduction_axes(kind, 4) == AXES_BCHW[kind]``.

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """
    if kind not in AXES_BCHW:
        raise ValueError(f"kind must be one of {sorted(AXES_BCHW)}, got {kind!r}")
    if not isinstance(ndim, (int, np.integer)) or ndim < 2:
        raise ValueError(f"ndim must be an int >= 2 (N, C, ...), got {ndim!r}")
    spatial = tuple(range(2, ndim))
    return {
        "batch": (0,) + spatial,
        "layer": (1,) + spatial,
        "instance": spatial,
        "group": (2,) + tuple(range(3, ndim + 1)),
    }[kind]


class NormCache(NamedTuple):
    """What ``normalize`` keeps for its backward pass (reduced axes kept, size 1)."""

    xhat: np.ndarray  # x̂, shaped like x
    mean: np.ndarray  # μ (zeros when center=False)
    var: np.ndarray  # σ² = mean((x − μ)²), biased; the mean square when center=False
    inv_std: np.ndarray  # 1 / √(σ² + ε)
    axes: tuple  # the axes μ and σ² were taken over
    center: bool  # False for RMS normalization (μ fixed at 0)


def normalize(x, axes, eps=1e-5, center=True):
    """x̂ = (x − μ) / √(σ² + ε) with μ, σ² (biased) taken over ``axes``.

    x: float array of any shape; axes: int or tuple of ints (negative allowed);
    eps > 0. ``center=False`` keeps μ = 0, so σ² is the mean square (RMS norm).
    Returns ``(xhat, cache)``: x̂ shaped like x (same dtype) and a ``NormCache``
    for ``normalize_backward``. A constant input gives x̂ = 0, never NaN.

    Chapter: book/regularization/batch_norm.ipynb (배치 정규화 / Batch Normalization)
    """
    x = _check_float_array(x)
    axes = _check_axes(axes, x.ndim)
    _check_eps(eps)
    mean = x.mean(axis=axes, keepdims=True)  # μ = (1/n) Σ x
    if not center:
        mean = np.zeros_like(mean)  # RMS norm: no re-centering
    xhat = x - mean  # x − μ (a new array: it becomes x̂ in place below)
    var = _mean_of_product(xhat, xhat, axes)  # σ² = (1/n) Σ (x − μ)²
    inv_std = 1.0 / np.sqrt(var + eps)  # 1 / √(σ² + ε)
    xhat *= inv_std  # x̂ = (x − μ) / √(σ² + ε)
    return xhat, NormCache(xhat, mean, var, inv_std, axes, center)


def normalize_backward(dxhat, cache):
    """dL/dx from dL/dx̂ for ``normalize``; with the means taken over the same axes:

        dx = (1/√(σ² + ε)) · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂))

    (without the ``mean(dx̂)`` term when center=False). dxhat: shaped like x.

    Chapter: book/regularization/batch_norm.ipynb (배치 정규화 / Batch Normalization)
    """
    if not isinstance(cache, NormCache):
        raise ValueError("cache must be the NormCache returned by normalize")
    dxhat = np.asarray(dxhat)
    if dxhat.shape != cache.xhat.shape:
        raise ValueError(
            f"dxhat has shape {dxhat.shape} but x had shape {cache.xhat.shape}"
        )
    xhat, inv_std, axes = cache.xhat, cache.inv_std, cache.axes
    mean_dxhat = dxhat.mean(axis=axes, keepdims=True) if cache.center else None
    mean_dxhat_xhat = _mean_of_product(dxhat, xhat, axes)
    dx = xhat * mean_dxhat_xhat  # a new array, then in place (no temporaries):
    np.subtract(dxhat, dx, out=dx)  # dx̂ − x̂ · mean(dx̂ · x̂)
    if cache.center:
        dx -= mean_dxhat  # dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂)
    dx *= inv_std  # times 1/√(σ² + ε)
    return dx


def _sum_of_product(a, b, axes):
    """Σ a · b over ``axes`` (which disappear), in one pass: ``np.einsum`` multiplies
    and adds as it goes, without building the array a · b in memory.
    a, b: arrays of one shape; axes: tuple of non-negative ints.
    """
    letters = "abcdefghijklmnopqrstuvwxyz"[:a.ndim]  # einsum's names for the axes
    kept = "".join(letter for i, letter in enumerate(letters) if i not in axes)
    return np.einsum(f"{letters},{letters}->{kept}", a, b)


def _mean_of_product(a, b, axes):
    """mean(a · b) over ``axes``, kept with size 1 (like ``keepdims=True``)."""
    kept_shape = tuple(1 if i in axes else size for i, size in enumerate(a.shape))
    count = math.prod(a.shape[i] for i in axes)
    return _sum_of_product(a, b, axes).reshape(kept_shape) / count


class _Normalization:
    """Shared machinery of the modules: train/eval, y = γ·x̂ + β and its backward.

    A subclass sets ``param_layout`` ("channel": γ, β of shape (C,) on axis 1;
    "trailing": γ, β shaped like the last dimensions) and implements
    ``_check(x)``, ``_normalize(x) -> (xhat, cache)`` and
    ``_normalize_backward(dxhat, cache) -> dx``.
    """

    param_layout = "channel"

    def __init__(self, param_shape, eps, affine, bias=True):
        if eps is not None:
            _check_eps(eps)
        self.eps = eps
        self.gamma = np.ones(param_shape) if affine else None  # γ (torch: weight)
        self.beta = np.zeros(param_shape) if affine and bias else None  # β (bias)
        self.dgamma = None
        self.dbeta = None
        self.training = True
        self._saved = None  # (xhat, cache) of the last forward

    def train(self, mode=True):
        """Training mode (the default); ``train(False)`` is ``eval()``. Returns self."""
        self.training = bool(mode)
        return self

    def eval(self):
        """Evaluation (inference) mode. Returns self."""
        return self.train(False)

    def forward(self, x):
        """y = γ · x̂ + β; x: float array, y: same shape and dtype."""
        x = _check_float_array(x)
        self._check(x)
        xhat, cache = self._normalize(x)
        self._saved = (xhat, cache)
        if self.gamma is None:
            return xhat
        y = xhat * self._view(self.gamma, x)  # a new array, so β is added in place
        if self.beta is not None:
            y += self._view(self.beta, x)
        return y

    def backward(self, dy):
        """dL/dx from dL/dy of the last forward; stores dgamma, dbeta (if affine)."""
        if self._saved is None:
            raise ValueError("call forward(x) before backward(dy)")
        xhat, cache = self._saved
        dy = np.asarray(dy)
        if dy.shape != xhat.shape:
            raise ValueError(f"dy has shape {dy.shape}, the output had {xhat.shape}")
        dxhat = dy
        not_param = self._non_param_axes(dy.ndim)
        if self.gamma is not None:
            self.dgamma = _sum_of_product(dy, xhat, not_param)  # dγ = Σ dy · x̂
            dxhat = dy * self._view(self.gamma, dy)  # dx̂ = γ · dy
        if self.beta is not None:
            self.dbeta = np.sum(dy, axis=not_param)  # dβ = Σ dy
        return self._normalize_backward(dxhat, cache)

    def _normalize_backward(self, dxhat, cache):
        return normalize_backward(dxhat, cache)

    def _view(self, param, x):
        """γ or β in x's dtype, shaped to broadcast against x."""
        param = param.astype(x.dtype, copy=False)
        if self.param_layout == "channel":  # (C,) -> (1, C, 1, 1, ...)
            return param.reshape((1, -1) + (1,) * (x.ndim - 2))
        return param  # trailing: broadcasts against the last dimensions

    def _non_param_axes(self, ndim):
        if self.param_layout == "channel":  # all but axis 1
            return (0,) + tuple(range(2, ndim))
        return tuple(range(ndim - len(self.normalized_shape)))  # the leading axes


class BatchNorm(_Normalization):
    """Batch normalization (Ioffe & Szegedy 2015), torch's BatchNorm1d / BatchNorm2d.

    x: (N, C), (N, C, L) or (N, C, H, W). Training: μ, σ² per channel over N and the
    spatial axes (biased σ² to normalize), and the running statistics are updated
    with the UNBIASED σ² · n/(n − 1):
        running = (1 − momentum) · running + momentum · batch statistic
    momentum=None → cumulative average (momentum = 1 / number of batches seen).
    Eval: x̂ = (x − running_mean) / √(running_var + ε). γ, β: shape (C,).

    Chapter: book/regularization/batch_norm.ipynb (배치 정규화 / Batch Normalization)
    """

    param_layout = "channel"

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True):
        _check_positive_int(num_features, "num_features")
        if momentum is not None and not 0.0 <= momentum <= 1.0:
            raise ValueError(f"momentum must be in [0, 1] or None, got {momentum}")
        super().__init__((num_features,), eps, affine)
        self.num_features = num_features
        self.momentum = momentum
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.num_batches_tracked = 0

    def _check(self, x):
        _check_ndim(x, (2, 3, 4), "BatchNorm", "(N, C), (N, C, L) or (N, C, H, W)")
        _check_channels(x, self.num_features, "BatchNorm")

    def _normalize(self, x):
        axes = reduction_axes("batch", x.ndim)
        if not self.training:  # population statistics: constants for backward
            mean = self.running_mean.reshape((1, -1) + (1,) * (x.ndim - 2))
            var = self.running_var.reshape(mean.shape)
            inv_std = (1.0 / np.sqrt(var + self.eps)).astype(x.dtype)
            return (x - mean.astype(x.dtype)) * inv_std, inv_std
        n = x.size // self.num_features  # values per channel
        if n <= 1:
            raise ValueError(
                f"BatchNorm needs more than 1 value per channel when training, "
                f"got input shape {x.shape}"
            )
        xhat, cache = normalize(x, axes, self.eps)
        self.num_batches_tracked += 1
        m = self.momentum
        if m is None:
            m = 1.0 / self.num_batches_tracked  # cumulative average
        unbiased_var = cache.var.reshape(-1) * n / (n - 1)
        self.running_mean = (1 - m) * self.running_mean + m * cache.mean.reshape(-1)
        self.running_var = (1 - m) * self.running_var + m * unbiased_var
        return xhat, cache

    def _normalize_backward(self, dxhat, cache):
        if isinstance(cache, NormCache):  # training: μ, σ² depend on x
            return normalize_backward(dxhat, cache)
        return dxhat * cache  # eval: x̂ = (x − const) · const


class LayerNorm(_Normalization):
    """Layer normalization (Ba, Kiros & Hinton 2016), torch's nn.LayerNorm.

    Statistics over the last len(normalized_shape) dimensions of x (which must equal
    normalized_shape), the same in training and evaluation. γ, β: one per ELEMENT
    of normalized_shape (elementwise_affine=False: none).

    Chapter: book/regularization/layer_norm.ipynb (층 정규화 / Layer Normalization)
    """

    param_layout = "trailing"

    def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True):
        self.normalized_shape = _check_shape(normalized_shape)
        super().__init__(self.normalized_shape, eps, elementwise_affine)

    def _check(self, x):
        _check_trailing_shape(x, self.normalized_shape, "LayerNorm")

    def _normalize(self, x):
        axes = tuple(range(x.ndim - len(self.normalized_shape), x.ndim))
        return normalize(x, axes, self.eps)


class InstanceNorm(_Normalization):
    """Instance normalization (Ulyanov et al. 2016), torch's InstanceNorm1d/2d with
    track_running_stats=False: instance statistics in training AND evaluation.

    x: (N, C, *spatial) with at least one spatial axis; μ, σ² per sample and channel
    over the spatial axes. affine=True adds γ, β of shape (C,).

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """

    param_layout = "channel"

    def __init__(self, num_features, eps=1e-5, affine=False):
        _check_positive_int(num_features, "num_features")
        super().__init__((num_features,), eps, affine)
        self.num_features = num_features

    def _check(self, x):
        _check_ndim(x, (3, 4, 5), "InstanceNorm", "(N, C, L) or (N, C, H, W)")
        _check_channels(x, self.num_features, "InstanceNorm")
        if self.training and np.prod(x.shape[2:]) <= 1:
            raise ValueError(
                f"InstanceNorm needs more than 1 spatial element when training, "
                f"got input shape {x.shape}"
            )

    def _normalize(self, x):
        return normalize(x, reduction_axes("instance", x.ndim), self.eps)


class GroupNorm(_Normalization):
    """Group normalization (Wu & He 2018), torch's nn.GroupNorm.

    x: (N, C, *spatial); the C channels are split into num_groups groups of C/G
    consecutive channels; μ, σ² per sample and group, over (C/G, *spatial). γ, β:
    one per CHANNEL. GroupNorm(1, C) is the GN paper's layer norm (per-channel
    γ, β), GroupNorm(C, C) is instance norm.

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """

    param_layout = "channel"

    def __init__(self, num_groups, num_channels, eps=1e-5, affine=True):
        _check_positive_int(num_groups, "num_groups")
        _check_positive_int(num_channels, "num_channels")
        if num_channels % num_groups != 0:
            raise ValueError(
                f"num_channels ({num_channels}) must be divisible by "
                f"num_groups ({num_groups})"
            )
        super().__init__((num_channels,), eps, affine)
        self.num_groups = num_groups
        self.num_channels = num_channels

    def _check(self, x):
        if x.ndim < 2:
            raise ValueError(f"GroupNorm expects (N, C, *spatial), got shape {x.shape}")
        _check_channels(x, self.num_channels, "GroupNorm")

    def _normalize(self, x):
        n, c = x.shape[:2]
        grouped = x.reshape((n, self.num_groups, c // self.num_groups) + x.shape[2:])
        xhat, cache = normalize(grouped, reduction_axes("group", x.ndim), self.eps)
        return xhat.reshape(x.shape), cache

    def _normalize_backward(self, dxhat, cache):
        dx = normalize_backward(dxhat.reshape(cache.xhat.shape), cache)
        return dx.reshape(dxhat.shape)


class RMSNorm(_Normalization):
    """RMS normalization (Zhang & Sennrich 2019), torch's nn.RMSNorm:
    y = x / √(mean(x²) + ε) · γ over the last len(normalized_shape) dimensions.

    No re-centering and no β (``beta`` is None). eps=None → the machine epsilon of
    x's dtype, as torch. γ: one per element of normalized_shape.

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """

    param_layout = "trailing"

    def __init__(self, normalized_shape, eps=None, elementwise_affine=True):
        self.normalized_shape = _check_shape(normalized_shape)
        super().__init__(self.normalized_shape, eps, elementwise_affine, bias=False)

    def _check(self, x):
        _check_trailing_shape(x, self.normalized_shape, "RMSNorm")

    def _normalize(self, x):
        axes = tuple(range(x.ndim - len(self.normalized_shape), x.ndim))
        eps = np.finfo(x.dtype).eps if self.eps is None else self.eps
        return normalize(x, axes, eps, center=False)


def weight_norm(v, g=None):
    """Weight normalization (Salimans & Kingma 2016): W = g ⊙ v / ‖v‖ row by row.

    v: (H, D), one incoming weight vector per row (torch's Linear.weight layout);
    g: (H,) lengths (None → 1). Returns W (H, D) with ‖W[i]‖ = g[i], as torch's
    ``parametrizations.weight_norm(nn.Linear(D, H))`` (dim=0). Forward only: the
    book uses it to compare invariances with batch and layer norm.

    Chapter: book/regularization/layer_norm.ipynb (층 정규화 / Layer Normalization)
    """
    v = _check_float_array(v)
    if v.ndim != 2:
        raise ValueError(f"v must be a (H, D) matrix, got shape {v.shape}")
    g = np.ones(v.shape[0], dtype=v.dtype) if g is None else np.asarray(g)
    if g.shape != (v.shape[0],):
        raise ValueError(f"g must have shape ({v.shape[0]},), got {g.shape}")
    norms = np.sqrt(np.sum(v**2, axis=1, keepdims=True))  # ‖v_i‖ per row
    return g.reshape(-1, 1) * v / norms


# --- input validation -----------------------------------------------------------


def _check_float_array(x):
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise ValueError(f"x must be a float array, got dtype {x.dtype}")
    return x


def _check_axes(axes, ndim):
    axes = (axes,) if isinstance(axes, (int, np.integer)) else tuple(axes)
    if not axes:
        raise ValueError("axes must name at least one axis")
    if any(not -ndim <= a < ndim for a in axes):
        raise ValueError(f"axes {axes} out of range for an array with {ndim} dims")
    axes = tuple(sorted(int(a) % ndim for a in axes))
    if len(set(axes)) != len(axes):
        raise ValueError(f"axes must not repeat, got {axes}")
    return axes


def _check_eps(eps):
    if not (isinstance(eps, (int, float, np.floating)) and eps > 0):
        raise ValueError(f"eps must be a positive number, got {eps!r}")


def _check_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive int, got {value!r}")


def _check_shape(shape):
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if not shape:
        raise ValueError("normalized_shape must have at least one dimension")
    for size in shape:
        _check_positive_int(size, "every entry of normalized_shape")
    return tuple(int(s) for s in shape)


def _check_ndim(x, allowed, name, expected):
    if x.ndim not in allowed:
        raise ValueError(f"{name} expects {expected}, got shape {x.shape}")


def _check_channels(x, num_channels, name):
    if x.shape[1] != num_channels:
        raise ValueError(
            f"{name} was built for {num_channels} channels but x has "
            f"{x.shape[1]} (shape {x.shape}; channels are axis 1)"
        )


def _check_trailing_shape(x, normalized_shape, name):
    d = len(normalized_shape)
    if x.ndim < d or tuple(x.shape[-d:]) != normalized_shape:
        raise ValueError(
            f"{name} expects x's last dimensions to be {normalized_shape}, "
            f"got shape {x.shape}"
        )
