import random
import socket

import numpy as np
import pytest

from helpers.data import Split, load_digits_split, load_mnist1d, quadratic, rosenbrock
from helpers.gradcheck import numerical_gradient, rel_error


@pytest.fixture(scope="module")
def digits():
    return load_digits_split()


@pytest.fixture(scope="module")
def mnist1d_small():
    return load_mnist1d(num_samples=500, seed=3)


# --- digits --------------------------------------------------------------------------------

def test_digits_shapes_and_dtypes(digits):
    assert isinstance(digits, Split)
    X_train, y_train, X_test, y_test = digits
    assert X_train.shape[1] == X_test.shape[1] == 64
    assert len(X_train) + len(X_test) == 1797
    assert len(X_test) == pytest.approx(0.25 * 1797, abs=1)
    assert X_train.dtype == X_test.dtype == np.float32
    assert y_train.dtype == y_test.dtype == np.int64
    assert set(np.unique(y_train)) == set(np.unique(y_test)) == set(range(10))


def test_digits_split_is_stratified(digits):
    train_share = np.bincount(digits.y_train) / len(digits.y_train)
    test_share = np.bincount(digits.y_test) / len(digits.y_test)
    assert np.max(np.abs(train_share - test_share)) < 0.01


def test_digits_standardized_with_train_statistics(digits):
    mean, std = digits.X_train.mean(axis=0), digits.X_train.std(axis=0)
    constant = std < 1e-6  # pixels that are always 0 in the train set stay 0
    assert np.allclose(mean, 0, atol=1e-5)
    assert np.allclose(std[~constant], 1, atol=1e-4)
    assert np.all(np.isfinite(digits.X_test))
    # the test set is transformed with the TRAIN statistics, so its own mean is not exactly 0
    assert np.abs(digits.X_test.mean(axis=0)).max() > 1e-3


def test_digits_standardize_matches_raw_data():
    raw = load_digits_split(standardize=False, dtype=np.float64)
    std_ = load_digits_split(dtype=np.float64)
    mean, std = raw.X_train.mean(axis=0), raw.X_train.std(axis=0)
    std[std == 0] = 1
    assert np.allclose(std_.X_test, (raw.X_test - mean) / std)
    assert raw.X_train.min() == 0 and raw.X_train.max() == 16


def test_digits_is_deterministic_and_seed_dependent(digits):
    again = load_digits_split()
    for a, b in zip(digits, again):
        assert np.array_equal(a, b)
    other = load_digits_split(seed=1)
    assert not np.array_equal(digits.y_test, other.y_test)


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5])
def test_digits_bad_test_fraction(bad):
    with pytest.raises(ValueError, match="test_fraction"):
        load_digits_split(test_fraction=bad)


# --- MNIST-1D ------------------------------------------------------------------------------

def test_mnist1d_default_shapes():
    X_train, y_train, X_test, y_test = load_mnist1d()
    assert X_train.shape == (4000, 40) and X_test.shape == (1000, 40)
    assert y_train.shape == (4000,) and y_test.shape == (1000,)
    assert X_train.dtype == np.float32 and y_train.dtype == np.int64
    assert set(np.unique(y_train)) == set(range(10))


def test_mnist1d_deterministic(mnist1d_small):
    again = load_mnist1d(num_samples=500, seed=3)
    for a, b in zip(mnist1d_small, again):
        assert np.array_equal(a, b)
    assert not np.array_equal(mnist1d_small.X_train, load_mnist1d(num_samples=500, seed=4).X_train)


def test_mnist1d_leaves_global_rng_alone():
    random.seed(11)
    np.random.seed(11)
    expected = (random.random(), np.random.rand())
    random.seed(11)
    np.random.seed(11)
    load_mnist1d(num_samples=100)
    assert (random.random(), np.random.rand()) == expected


@pytest.mark.parametrize("bad", [9, 0, -10, 100.0, True])
def test_mnist1d_bad_num_samples(bad):
    with pytest.raises(ValueError, match="num_samples"):
        load_mnist1d(num_samples=bad)


def test_data_loading_makes_no_network_call_and_writes_no_file(monkeypatch, tmp_path):
    # Record attempts rather than only raising: mnist1d's get_dataset() swallows every exception.
    attempts = []

    def no_network(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.chdir(tmp_path)
    assert len(load_mnist1d(num_samples=100).X_train) == 80
    assert load_digits_split().X_train.shape[1] == 64
    assert attempts == []
    assert list(tmp_path.iterdir()) == []  # e.g. no mnist1d_data.pkl


# --- 2-D surfaces --------------------------------------------------------------------------

SURFACES = [quadratic(), quadratic(a=2.0, b=50.0), rosenbrock(), rosenbrock(a=0.5, b=10.0)]


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_gradient_matches_numerical_gradient(surface):
    rng = np.random.default_rng(0)
    for _ in range(5):
        point = np.array([rng.uniform(*surface.xlim), rng.uniform(*surface.ylim)])
        numeric = numerical_gradient(lambda p: np.array(surface.f(p[0], p[1])), point, np.array(1.0))
        analytic = surface.grad(*point)
        assert analytic.shape == (2,)
        assert rel_error(analytic, numeric) < 1e-6


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.name)
def test_minimum_is_a_stationary_point_and_the_grid_minimum(surface):
    assert np.allclose(surface.grad(*surface.minimum), 0)
    X, Y = np.meshgrid(np.linspace(*surface.xlim, 201), np.linspace(*surface.ylim, 201))
    Z = surface.f(X, Y)
    assert Z.shape == X.shape
    assert surface.f(*surface.minimum) <= Z.min()
    assert surface.xlim[0] < surface.minimum[0] < surface.xlim[1]
    assert surface.ylim[0] < surface.minimum[1] < surface.ylim[1]


def test_surface_formulas():
    assert quadratic(a=1.0, b=20.0).f(1.0, 1.0) == pytest.approx(10.5)
    assert rosenbrock().f(0.0, 0.0) == pytest.approx(1.0)
    assert rosenbrock().f(-1.0, 2.0) == pytest.approx(4.0 + 100.0)
    assert rosenbrock(a=2.0).minimum == (2.0, 4.0)


def test_surface_is_frozen():
    with pytest.raises(AttributeError):
        quadratic().name = "other"


@pytest.mark.parametrize("kwargs", [dict(a=0.0), dict(b=-1.0)])
def test_quadratic_rejects_nonpositive(kwargs):
    with pytest.raises(ValueError):
        quadratic(**kwargs)


def test_rosenbrock_rejects_nonpositive_b():
    with pytest.raises(ValueError):
        rosenbrock(b=0.0)
