import io
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from helpers.data import quadratic, rosenbrock  # noqa: E402
from helpers.plotting import plot_contours, plot_trajectory, setup_plots  # noqa: E402


@pytest.fixture(autouse=True)
def book_style():
    with plt.rc_context():  # undo the rcParams changes after each test
        setup_plots()
        yield
        plt.close("all")


def draw_quietly(draw, caplog):
    """Run draw(); return every warning and every matplotlib log record it produced."""
    caplog.clear()
    with warnings.catch_warnings(record=True) as caught, caplog.at_level("INFO", logger="matplotlib"):
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records if r.levelname != "INFO"]


def test_korean_text_and_negative_ticks_draw_without_warnings(caplog):
    fig, ax = plt.subplots()

    def draw():
        ax.plot(np.linspace(-3, 3, 20), np.linspace(-2, 1, 20), label="손실 (loss)")
        ax.set(title="학습률에 따른 손실 곡선", xlabel="반복 횟수", ylabel="손실")
        ax.legend()
        fig.canvas.draw()

    assert draw_quietly(draw, caplog) == []
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert any(label.startswith("\u2212") for label in labels), labels  # a true minus sign, drawn


def test_math_text_log_ticks_and_hangul_together_draw_without_warnings(caplog):
    """Log-scale ticks (10^{-2}) and math mixed with Hangul go through math text, which always uses U+2212."""
    fig, ax = plt.subplots()

    def draw():
        ax.plot([1, 2, 3], [1e-3, 1e-1, 10], label="학습률 $\\alpha = 10^{-3}$")
        ax.set(yscale="log", title="손실 $J(\\theta)$, $0.91^t$")
        ax.legend()
        fig.savefig(io.BytesIO(), format="png")

    assert draw_quietly(draw, caplog) == []


def test_rcparams_and_font_are_set():
    assert plt.rcParams["font.family"] == ["NanumGothic"]
    assert plt.rcParams["axes.unicode_minus"] is True
    assert plt.rcParams["axes.grid"] is True
    assert plt.rcParams["axes.spines.top"] is False and plt.rcParams["axes.spines.right"] is False
    assert tuple(plt.rcParams["figure.figsize"]) == (6.4, 4.0)
    path = font_manager.findfont("NanumGothic", fallback_to_default=False)
    assert "NanumGothic" in path
    from fontTools.ttLib import TTFont
    cmap = TTFont(path).getBestCmap()
    assert 0x2212 in cmap and 0xD55C in cmap  # the added minus sign, and Hangul (한)


def test_setup_plots_is_idempotent():
    count = len(font_manager.fontManager.ttflist)
    setup_plots()
    setup_plots()
    assert len(font_manager.fontManager.ttflist) == count


@pytest.mark.parametrize("surface", [quadratic(), rosenbrock()], ids=["quadratic", "rosenbrock"])
@pytest.mark.parametrize("log_levels", [True, False])
def test_contours_and_trajectory(surface, log_levels):
    ax = plot_contours(surface, levels=15, log_levels=log_levels, resolution=50)
    assert ax.get_xlim() == surface.xlim and ax.get_ylim() == surface.ylim
    assert ax.get_aspect() == 1.0
    path = np.array([[-1.5, 0.8], [-1.0, 0.5], [-0.5, 0.2], surface.minimum])
    line = plot_trajectory(ax, path, label="GD", color="red")
    assert np.array_equal(line.get_xydata(), path)
    assert line.get_label() == "GD" and line.get_color() == "red"
    ax.figure.canvas.draw()


def test_contours_on_given_axes():
    fig, ax = plt.subplots()
    assert plot_contours(quadratic(), ax=ax, resolution=30) is ax


def test_trajectory_rejects_bad_shape():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="shape"):
        plot_trajectory(ax, np.zeros((5, 3)))
