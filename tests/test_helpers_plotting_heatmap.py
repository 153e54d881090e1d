"""plot_heatmap (helpers/plotting.py): annotations, the frame on the best cell, bad input."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from helpers.plotting import plot_heatmap, setup_plots  # noqa: E402


@pytest.fixture(autouse=True)
def book_style():
    with plt.rc_context():
        setup_plots()
        yield
        plt.close("all")


def framed_cell(ax):
    (frame,) = [p for p in ax.patches if isinstance(p, plt.Rectangle)]
    x, y = frame.get_xy()
    return int(round(y + 0.5)), int(round(x + 0.5))  # (row, column)


def test_every_cell_is_annotated_and_the_minimum_is_framed():
    values = np.array([[0.3, 0.2, 0.5], [0.1, 0.4, 0.6]])
    ax = plot_heatmap(values, ["a", "b"], [1, 2, 3], fmt="{:.2f}")
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == sorted(f"{v:.2f}" for v in values.ravel())
    assert framed_cell(ax) == (1, 0)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "3"]


def test_max_mark_and_nan_cells():
    values = np.array([[0.3, np.nan], [0.9, 0.4]])
    ax = plot_heatmap(values, ["a", "b"], ["x", "y"], mark="max", colorbar=False)
    assert framed_cell(ax) == (1, 0)
    assert len(ax.texts) == 3  # the NaN cell stays empty


def test_no_mark():
    ax = plot_heatmap(np.ones((2, 2)), ["a", "b"], ["x", "y"], mark=None)
    assert not ax.patches


@pytest.mark.parametrize("values, rows, cols", [
    (np.ones((2, 3)), ["a", "b"], ["x", "y"]),      # too few column labels
    (np.ones(3), ["a"], ["x", "y", "z"]),            # not 2-D
])
def test_shape_mismatch_raises(values, rows, cols):
    with pytest.raises(ValueError, match="shape"):
        plot_heatmap(values, rows, cols)


def test_bad_mark_raises():
    with pytest.raises(ValueError, match="mark"):
        plot_heatmap(np.ones((1, 1)), ["a"], ["x"], mark="best")
