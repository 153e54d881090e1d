"""Data that ships with a library or is generated locally (no downloads),
and 2-D test surfaces.
"""

import random
from dataclasses import dataclass
from typing import Callable, NamedTuple

import numpy as np


class Split(NamedTuple):
    """A train/test split: ``X_train`` (N, D), ``y_train`` (N,),
    ``X_test`` (M, D), ``y_test`` (M,).

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def load_digits_split(
    test_fraction=0.25, seed=0, standardize=True, dtype=np.float32
) -> Split:
    """Scikit-learn's handwritten digits: 1797 images of 8×8 = 64 pixels, 10 classes.

    The split is stratified (each class keeps its share in train and test).
    With ``standardize=True`` every pixel column is shifted and scaled with the
    TRAIN mean and std only — the test set must not leak into preprocessing.
    Pixels that are constant in the train set get std 1 (no division by zero).
    Returns a ``Split``; X in ``dtype``, y as int64.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    from sklearn.datasets import load_digits  # ships with scikit-learn: no download
    from sklearn.model_selection import train_test_split

    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    X, y = load_digits(return_X_y=True)  # X (1797, 64) with values 0..16, y (1797,)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_fraction, random_state=seed, stratify=y)

    if standardize:
        mean = X_train.mean(axis=0)
        std = X_train.std(axis=0)
        std[std == 0] = 1.0  # a few border pixels are always 0
        X_train = (X_train - mean) / std
        X_test = (X_test - mean) / std
    return Split(X_train.astype(dtype), y_train.astype(np.int64),
                 X_test.astype(dtype), y_test.astype(np.int64))


def load_mnist1d(num_samples=5000, seed=42, dtype=np.float32) -> Split:
    """MNIST-1D (Greydanus 2020), generated on the spot:
    10 classes of 1-D signals of length 40.

    ``mnist1d`` makes ``num_samples // 10`` examples per class and keeps 80 % for
    training, so 5000 samples give X_train (4000, 40) and X_test (1000, 40).
    It seeds Python's and NumPy's global RNGs; we restore both afterwards, so
    calling this does not change the random numbers your own code draws.
    Returns a ``Split``; X in ``dtype``, y as int64.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    from mnist1d.data import get_dataset_args, make_dataset

    if (
        isinstance(num_samples, bool)
        or not isinstance(num_samples, (int, np.integer))
        or num_samples < 10
    ):
        raise ValueError(
            "num_samples must be an int >= 10 (one per class at least), "
            f"got {num_samples!r}"
        )
    args = get_dataset_args()
    args.num_samples = int(num_samples)
    args.seed = seed

    python_state, numpy_state = random.getstate(), np.random.get_state()
    try:
        # NOT mnist1d.data.get_dataset, which tries to download a pickle
        data = make_dataset(args)
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)
    return Split(data["x"].astype(dtype), data["y"].astype(np.int64),
                 data["x_test"].astype(dtype), data["y_test"].astype(np.int64))


@dataclass(frozen=True)
class Surface:
    """A 2-D test function for watching optimizers move.

    ``f(x, y)`` works elementwise: scalars in, scalar out; arrays in, array out
    (so ``f(X, Y)`` on a meshgrid gives the contour heights).
    ``grad(x, y)`` returns ``np.array([df/dx, df/dy])``: shape (2,) for scalars
    (shape (2, *x.shape) for arrays). ``minimum`` is the (x, y) of the global
    minimum; ``xlim``, ``ylim`` a good plotting window.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """

    name: str
    f: Callable
    grad: Callable
    minimum: tuple
    xlim: tuple
    ylim: tuple


def quadratic(a=1.0, b=20.0) -> Surface:
    """f(x, y) = ½(a·x² + b·y²): an elongated bowl, minimum at (0, 0).

    The condition number is b/a: with b ≫ a, gradient descent zig-zags across
    the narrow y direction while crawling along x.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    if not (a > 0 and b > 0):
        raise ValueError(f"a and b must be positive, got a={a}, b={b}")

    def f(x, y):
        return 0.5 * (a * x**2 + b * y**2)

    def grad(x, y):
        return np.array([a * x, b * y])

    return Surface(f"quadratic (a={a:g}, b={b:g})", f, grad,
                   minimum=(0.0, 0.0), xlim=(-2.0, 2.0), ylim=(-1.0, 1.0))


def rosenbrock(a=1.0, b=100.0) -> Surface:
    """f(x, y) = (a − x)² + b·(y − x²)²: a curved, flat-bottomed valley,
    minimum at (a, a²).

    Finding the valley is easy; following it to the minimum is slow.

    Chapter: book/getting_started.ipynb (시작하기 / Getting started)
    """
    if not b > 0:
        raise ValueError(f"b must be positive, got {b}")

    def f(x, y):
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(x, y):
        dfdx = -2 * (a - x) - 4 * b * x * (y - x**2)
        dfdy = 2 * b * (y - x**2)
        return np.array([dfdx, dfdy])

    return Surface(
        f"Rosenbrock (a={a:g}, b={b:g})",
        f,
        grad,
        minimum=(float(a), float(a) ** 2),
        xlim=(a - 3.0, a + 1.0),
        ylim=(a**2 - 2.0, a**2 + 2.0),
    )
