"""Plot style for the book: Korean fonts, contour plots of 2-D surfaces,
optimizer paths.
"""

import importlib.util
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager
from matplotlib.colors import LogNorm


def _nanum_fonts_with_minus() -> list:
    """Paths of the NanumGothic fonts, each with a minus sign (U+2212) added;
    made once, then cached.

    NanumGothic has no U+2212, but matplotlib's math text always draws "-" as U+2212
    (log-scale ticks such as 10⁻², labels such as "학습률 $10^{-3}$"), and no rcParam
    turns that off. So the hyphen's glyph is mapped to U+2212 in a copy of each font,
    kept in matplotlib's cache folder.
    """
    from fontTools.ttLib import TTFont  # installed with matplotlib

    # find its fonts without importing it
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None:
        raise ModuleNotFoundError(
            "koreanize-matplotlib is not installed; it ships the NanumGothic fonts"
        )
    cache = Path(matplotlib.get_cachedir()) / "book-fonts"
    cache.mkdir(parents=True, exist_ok=True)
    paths = []
    for source in sorted(
        Path(spec.submodule_search_locations[0], "fonts").glob("*.ttf")
    ):
        target = cache / source.name
        if not target.exists():
            font = TTFont(source)
            for table in font["cmap"].tables:
                if table.isUnicode() and 0x2D in table.cmap:
                    table.cmap.setdefault(0x2212, table.cmap[0x2D])
            font.save(target.with_suffix(".tmp"))
            # atomic: parallel kernels never see half a file
            target.with_suffix(".tmp").replace(target)
        paths.append(str(target))
    return paths


def setup_plots():
    """Register the NanumGothic font (Korean) and set the book's plot style.
    Safe to call twice.

    The fonts ship with the ``koreanize-matplotlib`` package; we only read them
    (importing that package emits DeprecationWarnings) and add the minus sign they
    lack (see ``_nanum_fonts_with_minus``).

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    known = {font.fname for font in font_manager.fontManager.ttflist}
    for path in _nanum_fonts_with_minus():
        if path not in known:  # addfont would otherwise list the same file twice
            font_manager.fontManager.addfont(path)

    plt.rcParams.update({
        "font.family": "NanumGothic",
        "axes.unicode_minus": True,
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "legend.frameon": False,
    })


def plot_contours(surface, ax=None, levels=30, log_levels=True, resolution=200):
    """Filled contours of a 2-D ``Surface`` (see ``helpers.data``)
    with its minimum as a star.

    ``log_levels=True`` spaces the levels geometrically, which shows both the
    narrow valley floor and the steep walls (levels start just above the minimum value).
    Returns the matplotlib Axes.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    if ax is None:
        _, ax = plt.subplots()
    xs = np.linspace(*surface.xlim, resolution)
    ys = np.linspace(*surface.ylim, resolution)
    X, Y = np.meshgrid(xs, ys)  # each (resolution, resolution)
    Z = surface.f(X, Y)

    if log_levels:
        z_min = surface.f(*surface.minimum)
        # make every value positive for the log scale
        shift = z_min - 1e-3 * (Z.max() - z_min)
        Z = Z - shift
        level_values = np.geomspace(Z.min(), Z.max(), levels)
        ax.contourf(
            X, Y, Z, levels=level_values, norm=LogNorm(), cmap="viridis", alpha=0.8
        )
        ax.contour(
            X, Y, Z, levels=level_values, colors="white", linewidths=0.4, alpha=0.5
        )
    else:
        ax.contourf(X, Y, Z, levels=levels, cmap="viridis", alpha=0.8)
        ax.contour(X, Y, Z, levels=levels, colors="white", linewidths=0.4, alpha=0.5)

    ax.plot(*surface.minimum, marker="*", markersize=14, color="gold",
            markeredgecolor="black", linestyle="none", label="minimum")
    ax.set(
        xlim=surface.xlim, ylim=surface.ylim, xlabel="x", ylabel="y", title=surface.name
    )
    ax.set_aspect("equal")
    ax.grid(False)
    return ax


def plot_trajectory(ax, path, label=None, **kwargs):
    """Draw an optimizer's iterates ``path`` (shape (T, 2))
    as a line with small markers.

    The start point gets a larger hollow circle. Extra keyword arguments go to
    ``ax.plot`` (e.g. ``color=``). Returns the Line2D of the path.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    path = np.asarray(path, dtype=float)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0:
        raise ValueError(f"path must have shape (T, 2) with T >= 1, got {path.shape}")
    kwargs = {"marker": "o", "markersize": 3, "linewidth": 1.5, **kwargs}
    (line,) = ax.plot(path[:, 0], path[:, 1], label=label, **kwargs)
    ax.plot(path[0, 0], path[0, 1], marker="o", markersize=8, markerfacecolor="none",
            markeredgecolor=line.get_color(), linestyle="none")
    return line


# --- book/regularization/cnn_normalization.ipynb (CNN의 정규화 / Normalization in CNNs) ---

_CUBE_METHODS = ("batch", "layer", "instance", "group")


def plot_norm_axes_cube(ax, method, batch_size=4, channels=6, spatial=4, groups=2,
                        sample=0, channel=0, color="tab:blue"):
    """Draw the (N, C, H·W) block of a feature map and shade the values that share
    one mean and one variance under ``method`` (the figure of Wu & He 2018).

    ``ax`` must be a 3-D Axes (``fig.add_subplot(projection="3d")``). The block has
    ``batch_size`` samples (depth, N), ``channels`` channels (across, C) and
    ``spatial`` positions standing for H·W (up). The shaded set is the one that
    contains sample ``sample``, channel ``channel``:

    - ``"batch"``: that channel in every sample and position (reduce N, H, W);
    - ``"layer"``: every channel and position of that sample (reduce C, H, W);
    - ``"instance"``: that sample and channel, every position (reduce H, W);
    - ``"group"``: that sample, the ``channels // groups`` channels of the
      channel's group, every position (reduce C/G, H, W).

    Returns the boolean mask of the shaded set, shape (channels, batch_size, spatial)
    (axes in drawing order C, N, H·W).

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """
    from matplotlib.colors import to_rgba

    if method not in _CUBE_METHODS:
        raise ValueError(f"method must be one of {_CUBE_METHODS}, got {method!r}")
    if getattr(ax, "name", "") != "3d":
        raise ValueError("ax must be a 3-D Axes: fig.add_subplot(projection='3d')")
    sizes = {"batch_size": batch_size, "channels": channels, "spatial": spatial,
             "groups": groups}
    for key, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{key} must be a positive int, got {value!r}")
    if channels % groups:
        raise ValueError(
            f"channels ({channels}) must be divisible by groups ({groups})")
    if not (0 <= sample < batch_size and 0 <= channel < channels):
        raise ValueError("sample and channel must index the block")

    c, n = np.meshgrid(np.arange(channels), np.arange(batch_size), indexing="ij")
    per_group = channels // groups
    same = {
        "batch": c == channel,
        "layer": n == sample,
        "instance": (n == sample) & (c == channel),
        "group": (n == sample) & (c // per_group == channel // per_group),
    }[method]
    shaded = np.repeat(same[:, :, None], spatial, axis=2)  # (C, N, H·W)

    colors = np.empty(shaded.shape + (4,))
    colors[shaded] = to_rgba(color, 0.85)
    colors[~shaded] = to_rgba("0.92", 0.35)
    ax.voxels(np.ones_like(shaded), facecolors=colors, edgecolor=(0.3, 0.3, 0.3, 0.4),
              linewidth=0.3)
    ax.set(xticks=[], yticks=[], zticks=[])
    ax.set_xlabel("C", labelpad=-12)
    ax.set_ylabel("N", labelpad=-12)
    ax.set_zlabel("H, W", labelpad=-12)
    ax.set_box_aspect((channels, batch_size, spatial), zoom=0.9)
    ax.view_init(elev=18, azim=-58)
    ax.grid(False)
    return shaded


# --- heatmaps (book/optimization/adamw.ipynb) -----------------------------------------


def plot_heatmap(values, row_labels, col_labels, ax=None, fmt="{:.3f}",
                 cmap="viridis_r", mark="min", colorbar=True):
    """A grid of numbers as coloured cells, each cell annotated with its value.

    ``values``: shape (R, C), e.g. test error for R learning rates × C decays;
    row r is drawn at the top for r = 0. ``row_labels`` (R), ``col_labels`` (C):
    the tick labels. ``mark``: "min", "max" or None — draw a red frame around the
    best cell. NaN cells stay empty. Returns the matplotlib Axes.

    Chapter: book/optimization/adamw.ipynb (Adam + ℓ2 대 AdamW / Adam + ℓ2 vs AdamW)
    """
    values = np.asarray(values, dtype=float)
    if values.ndim != 2 or values.shape != (len(row_labels), len(col_labels)):
        raise ValueError(
            f"values must have shape (len(row_labels), len(col_labels)) = "
            f"({len(row_labels)}, {len(col_labels)}), got {values.shape}")
    if mark not in ("min", "max", None):
        raise ValueError(f"mark must be 'min', 'max' or None, got {mark!r}")
    if ax is None:
        _, ax = plt.subplots()
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    finite = values[np.isfinite(values)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0.0
    light_is_low = cmap.endswith("_r")  # viridis_r: low values are light
    for (r, c), value in np.ndenumerate(values):
        if np.isfinite(value):
            light = (value < middle) == light_is_low
            ax.text(c, r, fmt.format(value), ha="center", va="center", fontsize=8,
                    color="black" if light else "white")
    if mark is not None and finite.size:
        masked = np.where(np.isfinite(values), values,
                          np.inf if mark == "min" else -np.inf)
        flat = np.argmin(masked) if mark == "min" else np.argmax(masked)
        r, c = np.unravel_index(flat, values.shape)
        ax.add_patch(plt.Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False,
                                   edgecolor="red", linewidth=2))
    ax.set_xticks(range(len(col_labels)), [str(label) for label in col_labels])
    ax.set_yticks(range(len(row_labels)), [str(label) for label in row_labels])
    ax.grid(False)
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax
