import numpy as np
import pytest

from helpers.gradcheck import numerical_gradient, rel_error


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def test_elementwise_cube(rng):
    x = rng.normal(size=(3, 4))
    dy = rng.normal(size=(3, 4))
    numeric = numerical_gradient(lambda x: x**3, x, dy)
    assert numeric.shape == x.shape
    assert rel_error(numeric, 3 * x**2 * dy) < 1e-8


def test_matrix_vector_product_both_arguments(rng):
    W = rng.normal(size=(4, 3))
    x = rng.normal(size=3)
    dy = rng.normal(size=4)
    # y = W x  =>  dL/dx = W^T dy,  dL/dW = dy x^T
    dx = numerical_gradient(lambda x_: W @ x_, x, dy)
    dW = numerical_gradient(lambda W_: W_ @ x, W, dy)
    assert rel_error(dx, W.T @ dy) < 1e-8
    assert rel_error(dW, np.outer(dy, x)) < 1e-8


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def test_softmax_jacobian_vector_product(rng):
    z = rng.normal(size=5)
    dy = rng.normal(size=5)
    s = softmax(z)
    # J = diag(s) - s s^T is symmetric, so J^T dy = s * (dy - s·dy)
    expected = s * (dy - s @ dy)
    assert rel_error(numerical_gradient(softmax, z, dy), expected) < 1e-7


def test_wrong_gradient_is_detected(rng):
    x = rng.normal(size=6)
    dy = rng.normal(size=6)
    assert rel_error(numerical_gradient(np.sin, x, dy), np.sin(x) * dy) > 1e-2


def test_x_is_restored_bitwise(rng):
    x = rng.normal(size=(2, 3))
    before = x.copy()
    numerical_gradient(lambda x: np.tanh(x) * 1e3, x, np.ones((2, 3)))
    assert np.array_equal(x, before) and x.tobytes() == before.tobytes()


def test_x_is_restored_when_f_raises(rng):
    x = rng.normal(size=4)
    before = x.copy()
    calls = []

    def flaky(x):
        calls.append(1)
        if len(calls) == 3:  # fails while an element is perturbed
            raise RuntimeError("boom")
        return x * 2

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(flaky, x, np.ones(4))
    assert x.tobytes() == before.tobytes()


def test_float32_x_raises():
    with pytest.raises(ValueError, match="float64"):
        numerical_gradient(np.sin, np.ones(3, dtype=np.float32), np.ones(3))


def test_non_array_x_raises():
    with pytest.raises(ValueError, match="float64"):
        numerical_gradient(np.sin, [1.0, 2.0], np.ones(2))


def test_wrong_dy_shape_raises():
    with pytest.raises(ValueError, match="shape"):
        numerical_gradient(lambda x: x.sum(axis=0), np.ones((3, 2)), np.ones(3))


@pytest.mark.parametrize("h", [0.0, -1e-5])
def test_nonpositive_h_raises(h):
    with pytest.raises(ValueError, match="h"):
        numerical_gradient(np.sin, np.ones(2), np.ones(2), h=h)


def test_rel_error_values(rng):
    a = rng.normal(size=(3, 3))
    b = a + 1e-3 * rng.normal(size=(3, 3))
    assert rel_error(a, a) == 0.0
    assert rel_error(a, b) == rel_error(b, a) > 0
    assert rel_error(1.0, 1.1) == pytest.approx(0.1 / 2.1)
    assert rel_error([1.0, 0.0], [1.0, 0.0]) == 0.0  # zeros do not divide by zero
    assert rel_error([2.0, 1.0], [2.0, -1.0]) == pytest.approx(1.0)  # max over elements
    assert isinstance(rel_error(a, b), float)


def test_rel_error_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 1\)"):
        rel_error(np.ones(3), np.ones((3, 1)))
