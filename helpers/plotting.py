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
