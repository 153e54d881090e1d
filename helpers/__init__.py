"""helpers — the tested implementations behind the book
최적화와 규제 / Optimization & Regularization.

Modules (import them directly, e.g. ``from helpers.data import load_digits_split``):

- ``helpers.seeding``    seed_all: one seed for random, NumPy and torch
- ``helpers.source``     show_source: display a helper's real source in a notebook
- ``helpers.gradcheck``  numerical_gradient (centered differences), rel_error
- ``helpers.data``       load_digits_split, load_mnist1d,
                         2-D test surfaces (quadratic, rosenbrock)
- ``helpers.plotting``   setup_plots (Korean fonts, book style),
                         plot_contours, plot_trajectory, plot_heatmap,
                         plot_norm_axes_cube
- ``helpers.optim``      SGD, RMSprop, Adam, AdamW: NumPy optimizers that
                         update their parameter arrays in place, as torch.optim
- ``helpers.schedules``  learning-rate schedules as functions of the step k
- ``helpers.train``      mlp, numpy_params (NumPy views of torch parameters),
                         fit (a training loop with a History), evaluate,
                         small_cnn, norm2d (a two-layer CNN for 8×8 digits)
- ``helpers.norm``       normalize / normalize_backward (one core), BatchNorm,
                         LayerNorm, InstanceNorm, GroupNorm, RMSNorm, AXES_BCHW
- ``helpers.dropout``    dropout (inverted, torch), dropout_paper,
                         scale_weights_for_test, mc_average
- ``helpers.recurrent``  RNNClassifier: a tiny tanh RNN with optional layer norm
- ``helpers.exercises``  check_*() auto-checks, one module per chapter

Only the cheap names are re-exported here;
``import helpers`` loads neither torch nor matplotlib.
"""

from helpers.gradcheck import numerical_gradient, rel_error
from helpers.seeding import seed_all
from helpers.source import show_source

__all__ = ["numerical_gradient", "rel_error", "seed_all", "show_source"]
