"""Exercise checks for CNN의 정규화 (Normalization in CNNs).

The references below are written out with plain NumPy, independently of
``helpers.norm``; tests/test_exercises_cnn_normalization.py checks them against
torch.

Chapter: book/regularization/cnn_normalization.ipynb
(CNN의 정규화 / Normalization in CNNs)
"""

import numpy as np

from helpers.exercises.core import CheckResult, check_function

# the axes each method averages over on a (B, C, H, W) array
_REFERENCE_AXES = {"batch": (0, 2, 3), "layer": (1, 2, 3), "instance": (2, 3)}


def _standardize(x, axes, eps=1e-5):
    """(x − mean) / √(biased var + eps) over ``axes``."""
    mean = x.mean(axis=axes, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=axes, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)


def _feature_maps(rng, shape):
    """Random (B, C, H, W) maps whose samples, channels and pixels all differ in
    mean and scale, so averaging over a wrong set of axes changes the answer."""
    B, C, H, W = shape
    scale = rng.uniform(0.5, 3.0, size=(B, C, 1, 1))
    offset = rng.normal(0.0, 3.0, (B, 1, 1, 1)) + rng.normal(0.0, 3.0, (1, C, 1, 1))
    return offset + scale * rng.normal(size=shape)


def _axes_cases():
    rng = np.random.default_rng(4)
    maps = [_feature_maps(rng, shape) for shape in [(4, 3, 5, 5), (3, 6, 2, 4)]]
    return [(method, x) for x in maps for method in _REFERENCE_AXES]


def check_norm_axes(fn) -> CheckResult:
    """Check ``fn(method) -> axes``: the tuple of axes that "batch", "layer" and
    "instance" normalization average over on a (B, C, H, W) feature map.

    The check normalizes random feature maps over the returned axes and compares
    with the right normalization, so any order or negative axes are fine.

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """

    def normalized(method, x):
        axes = fn(method)
        if axes is None:
            return None
        axes = (axes,) if isinstance(axes, (int, np.integer)) else tuple(axes)
        return _standardize(x, axes)

    def reference(method, x):
        return _standardize(x, _REFERENCE_AXES[method])

    hint = (
        "통계의 첨자로 남는 축은 고정하고 나머지는 훑습니다. BN은 채널마다, LN은 표본마다, "
        "IN은 (표본, 채널)마다 통계가 하나입니다. 축 순서는 (B, C, H, W) = (0, 1, 2, 3).\n"
        "The statistic keeps its subscripts' axes and sweeps the rest: BN has one per "
        "channel, LN one per sample, IN one per (sample, channel); axes (B, C, H, W) = "
        "(0, 1, 2, 3)."
    )
    return check_function(normalized, reference, _axes_cases(), name="norm_axes",
                          rtol=1e-10, hint=hint)


def _reference_group_norm(x, num_groups, eps=1e-5):
    B, C = x.shape[:2]
    grouped = x.reshape((B, num_groups, C // num_groups) + x.shape[2:])
    axes = tuple(range(2, grouped.ndim))  # the channels of a group and the pixels
    return _standardize(grouped, axes, eps).reshape(x.shape)


def _group_cases():
    rng = np.random.default_rng(5)
    return [
        (_feature_maps(rng, (2, 6, 3, 3)), 3),  # 3 groups of 2 channels
        (_feature_maps(rng, (3, 8, 2, 2)), 2),  # 2 groups of 4 channels
        (_feature_maps(rng, (2, 4, 3, 3)), 1),  # G = 1: layer norm
        (_feature_maps(rng, (2, 4, 3, 3)), 4),  # G = C: instance norm
    ]


def check_group_norm(fn) -> CheckResult:
    """Check ``fn(x, num_groups, eps=1e-5) -> x̂``: group normalization of a
    (B, C, H, W) array without γ, β (biased variance, ε inside the square root).

    Cases have 2 and 4 channels per group, G = 1 and G = C.

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """
    hint = (
        "x를 (B, G, C // G, H, W)로 바꾸면 그룹 g의 채널이 연속한 C/G개가 됩니다. 축 (2, 3, 4)에서 "
        "평균과 편향 분산을 구하고, ε는 제곱근 안에 넣은 뒤 원래 모양으로 되돌리세요.\n"
        "Reshape x to (B, G, C // G, H, W) so group g holds C/G consecutive channels; "
        "take the mean and the biased variance over axes (2, 3, 4), put ε inside the "
        "square root, and reshape back."
    )
    return check_function(fn, _reference_group_norm, _group_cases(), name="group_norm",
                          rtol=1e-10, hint=hint)


def _reference_num_statistics(method, shape, groups):
    B, C, H, W = shape
    return {"batch": C, "layer": B, "instance": B * C, "group": B * groups}[method]


def check_num_statistics(fn) -> CheckResult:
    """Check ``fn(method, shape, groups) -> int``: how many means ``method``
    ("batch", "layer", "instance", "group") computes on an input of ``shape``
    (B, C, H, W); ``groups`` is G, used by "group" only.

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """
    shapes = [((8, 6, 5, 4), 3), ((3, 16, 7, 2), 4), ((32, 4, 1, 9), 2)]
    cases = [(method, shape, groups) for shape, groups in shapes
             for method in ("batch", "layer", "instance", "group")]
    hint = (
        "평균의 개수는 훑지 않고 남는 축 크기의 곱입니다(BN은 채널, GN은 표본과 그룹).\n"
        "The number of means is the product of the sizes of the axes that are NOT "
        "swept (BN: channels; GN: samples and groups)."
    )
    return check_function(fn, _reference_num_statistics, cases, name="num_statistics",
                          rtol=1e-12, hint=hint)


def _reference_rms_norm(x, gamma, eps):
    mean_square = (x**2).mean(axis=-1, keepdims=True)  # no mean subtracted
    return x / np.sqrt(mean_square + eps) * gamma


def _rms_cases():
    rng = np.random.default_rng(6)
    cases = []
    for shape, eps in [((4, 6), 1e-6), ((2, 3, 5), 1e-3), ((5, 8), 1e-2)]:
        x = rng.normal(1.0, 1.0, size=shape)  # a non-zero mean: RMSNorm ≠ LN
        gamma = rng.uniform(0.5, 2.0, size=shape[-1])
        cases.append((x, gamma, eps))
    return cases


def check_rms_norm(fn) -> CheckResult:
    """Check ``fn(x, gamma, eps) -> y``: RMS normalization over the last axis,
    y = x / √(mean(x²) + ε) · γ (Zhang & Sennrich 2019; torch's nn.RMSNorm).

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """
    hint = (
        "평균을 빼지 않습니다. 마지막 축에서 x²의 평균을 구해 ε를 더한 뒤 제곱근을 취하고, "
        "x를 그 값으로 나누어 γ를 곱하세요(β는 없습니다).\n"
        "Do not subtract the mean: take the mean of x² over the last axis, add ε, take "
        "the square root, divide x by it and multiply by γ (there is no β)."
    )
    return check_function(fn, _reference_rms_norm, _rms_cases(), name="rms_norm",
                          rtol=1e-10, hint=hint)
