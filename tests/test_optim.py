"""helpers.optim against torch.optim (foreach=False), step by step, plus the in-place
contract, dtypes and every validation error."""

import tracemalloc

import numpy as np
import pytest
import torch

import helpers.optim
from helpers.gradcheck import rel_error
from helpers.optim import SGD, Adam, AdamW, RMSprop

SHAPES = [(7,), (4, 5), (2, 3, 2), (1,)]
STEPS = 30
TOL = {np.float64: 1e-10, np.float32: 1e-5}

TORCH_CLASS = {SGD: torch.optim.SGD, RMSprop: torch.optim.RMSprop,
               Adam: torch.optim.Adam, AdamW: torch.optim.AdamW}

# every option and the combinations that interact (ℓ2 feeds the momentum buffer,
# dampening only after the first step, Nesterov on top of the buffer, ...)
CASES = [
    (SGD, dict(lr=0.1)),
    (SGD, dict(lr=0.05, momentum=0.9)),
    (SGD, dict(lr=0.05, momentum=0.9, dampening=0.5)),
    (SGD, dict(lr=0.05, momentum=0.9, nesterov=True)),
    (SGD, dict(lr=0.1, weight_decay=0.1)),
    (SGD, dict(lr=0.05, momentum=0.8, dampening=0.3, weight_decay=0.05)),
    (SGD, dict(lr=0.05, momentum=0.9, weight_decay=0.1, nesterov=True)),
    (RMSprop, dict()),
    (RMSprop, dict(lr=1e-3, alpha=0.9, eps=1e-6)),
    (RMSprop, dict(lr=1e-3, momentum=0.9)),
    (RMSprop, dict(lr=1e-3, weight_decay=0.1)),
    (RMSprop, dict(lr=1e-3, alpha=0.95, momentum=0.5, weight_decay=0.01)),
    (Adam, dict()),
    (Adam, dict(lr=1e-2, betas=(0.8, 0.99), eps=1e-6)),
    (Adam, dict(lr=1e-2, betas=(0.0, 0.5))),
    (Adam, dict(lr=1e-2, weight_decay=0.1)),
    (Adam, dict(lr=1e-2, betas=(0.95, 0.9999), eps=1e-3, weight_decay=0.01)),
    (AdamW, dict()),
    (AdamW, dict(lr=1e-2, weight_decay=0.1)),
    (AdamW, dict(lr=1e-2, weight_decay=0.0)),
    (AdamW, dict(lr=1e-2, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.5)),
]


def case_id(case):
    cls, kwargs = case
    options = ",".join(f"{key}={value}" for key, value in kwargs.items())
    return f"{cls.__name__}({options})"


def random_gradients(rng, dtype, steps=STEPS):
    """Gradients of varying scale (so Adam's r matters) around a non-zero mean."""
    return [[(rng.normal(0.3, 1.0, size=shape) * rng.uniform(0.1, 3.0)).astype(dtype)
             for shape in SHAPES] for _ in range(steps)]


def run_both(cls, kwargs, dtype, seed=0, lrs=None):
    """Train the same parameters with helpers.optim and torch.optim on the same
    gradients; lrs (optional): the lr of every step. Returns both histories."""
    rng = np.random.default_rng(seed)
    init = [rng.normal(size=shape).astype(dtype) for shape in SHAPES]
    grads = random_gradients(rng, dtype)

    ours = [theta.copy() for theta in init]
    opt = cls(ours, **kwargs)
    tensors = [torch.nn.Parameter(torch.from_numpy(theta.copy())) for theta in init]
    reference = TORCH_CLASS[cls](tensors, foreach=False, **kwargs)

    history_ours, history_torch = [], []
    for step, step_grads in enumerate(grads):
        if lrs is not None:
            opt.lr = lrs[step]
            reference.param_groups[0]["lr"] = lrs[step]
        opt.step(step_grads)
        for tensor, g in zip(tensors, step_grads):
            tensor.grad = torch.from_numpy(g.copy())
        reference.step()
        history_ours.append([theta.copy() for theta in ours])
        history_torch.append([tensor.detach().numpy().copy() for tensor in tensors])
    return opt, reference, tensors, history_ours, history_torch


def scaled_error(a, b):
    """max |a − b| / max |b|: the error relative to the tensor's scale. float32 rounds
    each operation to ~6e-8 of the tensor's magnitude, so an element that happens to
    pass near zero has a large elementwise relative error that means nothing."""
    return float(np.max(np.abs(a - b)) / np.max(np.abs(b)))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_parity_with_torch(case, dtype):
    cls, kwargs = case
    _, _, _, ours, theirs = run_both(cls, kwargs, dtype)
    # float64: elementwise relative error (CS231n); float32: relative to the scale
    error = rel_error if dtype == np.float64 else scaled_error
    errors = [error(a, b) for step_a, step_b in zip(ours, theirs)
              for a, b in zip(step_a, step_b)]
    assert max(errors) <= TOL[dtype], max(errors)
    # the parameters really moved (a no-op optimizer would trivially "agree")
    assert rel_error(ours[-1][1], ours[0][1]) > 1e-3


@pytest.mark.parametrize("case", [c for c in CASES if c[0] in (Adam, AdamW)],
                         ids=case_id)
def test_adam_moments_match_torch_state(case):
    cls, kwargs = case
    opt, reference, tensors, _, _ = run_both(cls, kwargs, np.float64)
    assert opt.t == STEPS
    for i, tensor in enumerate(tensors):
        state = reference.state[tensor]
        assert int(state["step"]) == opt.t
        assert rel_error(opt.v[i], state["exp_avg"].numpy()) < 1e-10
        assert rel_error(opt.r[i], state["exp_avg_sq"].numpy()) < 1e-10


@pytest.mark.parametrize("case", [c for c in CASES if c[1].get("momentum")],
                         ids=case_id)
def test_momentum_buffers_match_torch_state(case):
    cls, kwargs = case
    opt, reference, tensors, _, _ = run_both(cls, kwargs, np.float64)
    for i, tensor in enumerate(tensors):
        state = reference.state[tensor]
        assert rel_error(opt.v[i], state["momentum_buffer"].numpy()) < 1e-10
        if cls is RMSprop:
            assert rel_error(opt.r[i], state["square_avg"].numpy()) < 1e-10


@pytest.mark.parametrize("case", [CASES[3], CASES[9], CASES[16], CASES[20]],
                         ids=case_id)
def test_changing_lr_between_steps_matches_torch(case):
    """A schedule sets opt.lr before each step, as torch's param_groups[0]["lr"]."""
    cls, kwargs = case
    base = kwargs.get("lr", 1e-2)
    lrs = [base * (1 + np.cos(np.pi * k / STEPS)) / 2 + 1e-4 for k in range(STEPS)]
    _, _, _, ours, theirs = run_both(cls, kwargs, np.float64, lrs=lrs)
    assert max(rel_error(a, b) for a, b in zip(ours[-1], theirs[-1])) < 1e-10


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_parity_with_torch_when_updating_in_blocks(case, dtype, monkeypatch):
    """Large parameters are updated block by block: with blocks of 3 elements every
    shape in SHAPES spans several blocks (and (7,) ends in a partial one)."""
    monkeypatch.setattr(helpers.optim, "BLOCK", 3)
    cls, kwargs = case
    _, _, _, ours, theirs = run_both(cls, kwargs, dtype)
    error = rel_error if dtype == np.float64 else scaled_error
    assert max(error(a, b) for a, b in zip(ours[-1], theirs[-1])) <= TOL[dtype]


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_parity_with_torch_on_non_contiguous_params(case):
    """A transposed (Fortran-ordered) parameter cannot be cut into flat blocks: it is
    updated whole, still in place, with a gradient of any memory layout."""
    cls, kwargs = case
    rng = np.random.default_rng(3)
    init = rng.normal(size=(5, 4))
    theta = np.asfortranarray(init)  # not C-contiguous
    opt = cls([theta], **kwargs)
    tensor = torch.nn.Parameter(torch.from_numpy(init.copy()))
    reference = TORCH_CLASS[cls]([tensor], foreach=False, **kwargs)
    for _ in range(5):
        g = rng.normal(size=(5, 4))
        opt.step([g.T.copy().T])  # a non-contiguous gradient as well
        tensor.grad = torch.from_numpy(g.copy())
        reference.step()
    assert opt.params[0] is theta
    assert rel_error(theta, tensor.detach().numpy()) < 1e-10


@pytest.mark.parametrize("case", [CASES[1], CASES[3], CASES[9], CASES[12], CASES[17]],
                         ids=case_id)
def test_a_step_allocates_no_large_array(case):
    """Every pass is in place: after the first step (which allocates the reusable
    scratch array) a step on 2**20 float32 parameters allocates less than one
    block. Writing the update as expressions (v / (np.sqrt(r) + eps), ...) would
    allocate whole temporary arrays and fail this."""
    cls, kwargs = case
    rng = np.random.default_rng(0)
    theta = rng.normal(size=2**20).astype(np.float32)
    grad = rng.normal(size=2**20).astype(np.float32)
    opt = cls([theta], **kwargs)
    opt.step([grad])
    tracemalloc.start()
    try:
        opt.step([grad])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < helpers.optim.BLOCK * theta.itemsize, peak


def test_no_momentum_means_no_buffer():
    opt = SGD([np.zeros(3)], lr=0.1)
    assert opt.v is None
    assert RMSprop([np.zeros(3)]).v is None


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_float32_stays_float32(case):
    cls, kwargs = case
    params = [np.ones(shape, dtype=np.float32) for shape in SHAPES]
    opt = cls(params, **kwargs)
    rng = np.random.default_rng(1)
    for _ in range(3):
        # float64 gradients are cast to the parameter's dtype, not the other way round
        opt.step([rng.normal(size=shape) for shape in SHAPES])
    opt.lr = np.float64(opt.lr)  # a NumPy scalar lr (from a schedule) must not upcast
    opt.step([rng.normal(size=shape).astype(np.float32) for shape in SHAPES])
    assert all(theta.dtype == np.float32 for theta in opt.params)
    for moments in (getattr(opt, "v", None), getattr(opt, "r", None)):
        if moments is not None:
            assert all(m.dtype == np.float32 for m in moments)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_updates_in_place_through_a_torch_view(case):
    """params may be views of torch tensors: the optimizer must write into them."""
    cls, kwargs = case
    tensors = [torch.ones(shape, dtype=torch.float32) for shape in SHAPES]
    views = [tensor.numpy() for tensor in tensors]  # share memory with the tensors
    before = [tensor.clone() for tensor in tensors]
    opt = cls(views, **kwargs)
    grads = [np.full(shape, 0.5, dtype=np.float32) for shape in SHAPES]
    grads_before = [g.copy() for g in grads]
    opt.step(grads)
    opt.step(grads)
    assert all(a is b for a, b in zip(opt.params, views))  # never rebound
    for tensor, old in zip(tensors, before):
        assert not torch.equal(tensor, old)  # the torch tensor itself changed
    for g, old in zip(grads, grads_before):
        assert np.array_equal(g, old)  # the caller's gradients are not touched


def test_params_attribute_is_the_list_given():
    theta = np.zeros(3)
    opt = Adam([theta])
    assert opt.params[0] is theta and opt.t == 0


# --- hand-checkable facts, independent of torch ----------------------------------------

def test_adam_first_step_is_lr_times_sign():
    """With bias correction v̂1 = g and r̂1 = g², so the first step is lr·g/(|g| + ε)."""
    g = np.array([3.0, -0.01, 200.0])
    theta = np.zeros(3)
    Adam([theta], lr=0.1, eps=1e-8).step([g])
    assert np.allclose(theta, -0.1 * np.sign(g), rtol=1e-6)


def test_sgd_first_momentum_step_is_undampened():
    """torch starts the momentum buffer at g (no (1 − dampening) factor)."""
    theta = np.zeros(2)
    opt = SGD([theta], lr=1.0, momentum=0.9, dampening=0.5)
    opt.step([np.array([1.0, 2.0])])
    assert np.array_equal(theta, [-1.0, -2.0])
    opt.step([np.array([1.0, 2.0])])  # v = 0.9·g + 0.5·g = 1.4·g
    assert np.allclose(theta, [-2.4, -4.8])


def test_adamw_decays_a_parameter_with_zero_gradient():
    theta = np.array([2.0])
    AdamW([theta], lr=0.1, weight_decay=0.5).step([np.zeros(1)])
    assert theta[0] == pytest.approx(2.0 * (1 - 0.1 * 0.5))
    theta = np.array([2.0])
    Adam([theta], lr=0.1, weight_decay=0.5).step([np.zeros(1)])
    # ℓ2 inside Adam: g = λθ = 1, normalized to a step of lr
    assert theta[0] == pytest.approx(2.0 - 0.1)


# --- validation --------------------------------------------------------------------------

def params():
    return [np.zeros(3), np.zeros((2, 2))]


@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam, AdamW])
@pytest.mark.parametrize("lr", [-1e-3, float("nan"), "0.1", None])
def test_bad_lr(cls, lr):
    with pytest.raises(ValueError, match="lr"):
        cls(params(), lr=lr)


@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam, AdamW])
def test_lr_set_later_is_validated(cls):
    opt = cls(params(), lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        opt.lr = -0.5
    assert opt.lr == 0.1
    opt.lr = 0  # zero is allowed (e.g. the end of a cosine schedule)


@pytest.mark.parametrize("cls", [RMSprop, Adam, AdamW])
def test_bad_eps(cls):
    with pytest.raises(ValueError, match="eps"):
        cls(params(), eps=-1e-8)


@pytest.mark.parametrize("cls,kwargs", [(SGD, dict(lr=0.1)), (RMSprop, {}), (Adam, {}),
                                        (AdamW, {})])
def test_bad_weight_decay(cls, kwargs):
    with pytest.raises(ValueError, match="weight_decay"):
        cls(params(), weight_decay=-0.01, **kwargs)


@pytest.mark.parametrize("cls,kwargs", [(SGD, dict(lr=0.1)), (RMSprop, {})])
def test_bad_momentum(cls, kwargs):
    with pytest.raises(ValueError, match="momentum"):
        cls(params(), momentum=-0.9, **kwargs)


@pytest.mark.parametrize("cls", [Adam, AdamW])
@pytest.mark.parametrize("betas,name", [((1.0, 0.999), "beta1"), ((-0.1, 0.999), "beta1"),
                                        ((0.9, 1.0), "beta2"), ((0.9, 1.5), "beta2"),
                                        ((0.9,), "betas"), (0.9, "betas")])
def test_bad_betas(cls, betas, name):
    with pytest.raises(ValueError, match=name):
        cls(params(), betas=betas)


@pytest.mark.parametrize("alpha", [1.0, -0.1, 1.5])
def test_bad_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        RMSprop(params(), alpha=alpha)


@pytest.mark.parametrize("dampening", [-0.1, 1.5])
def test_bad_dampening(dampening):
    with pytest.raises(ValueError, match="dampening"):
        SGD(params(), lr=0.1, momentum=0.9, dampening=dampening)


def test_nesterov_needs_momentum():
    with pytest.raises(ValueError, match="nesterov.*momentum"):
        SGD(params(), lr=0.1, nesterov=True)


def test_nesterov_forbids_dampening():
    with pytest.raises(ValueError, match="nesterov.*dampening"):
        SGD(params(), lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)


@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam, AdamW])
@pytest.mark.parametrize("bad,match", [([], "empty"),
                                       (np.zeros(3), "single array"),
                                       ([np.zeros(3, dtype=np.int64)], "float"),
                                       ([[0.0, 1.0]], "NumPy array"),
                                       ([torch.zeros(3)], "NumPy array")])
def test_bad_params(cls, bad, match):
    with pytest.raises(ValueError, match=match):
        cls(bad, lr=0.1)


def test_read_only_params():
    theta = np.zeros(3)
    theta.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        Adam([theta])


@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam, AdamW])
def test_grads_count_mismatch(cls):
    opt = cls(params(), lr=0.1)
    with pytest.raises(ValueError, match="1 gradients for 2 parameters"):
        opt.step([np.zeros(3)])
    with pytest.raises(ValueError, match="one per parameter"):
        opt.step(np.zeros(3))


@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam, AdamW])
def test_grads_shape_mismatch(cls):
    opt = cls(params(), lr=0.1)
    with pytest.raises(ValueError, match=r"grads\[1\] has shape \(4,\)"):
        opt.step([np.zeros(3), np.zeros(4)])
    assert opt.t == 0  # nothing was updated


@pytest.mark.parametrize("cls", [SGD, RMSprop, Adam, AdamW])
def test_failed_step_changes_nothing(cls):
    theta = [np.ones(3), np.ones((2, 2))]
    opt = cls(theta, lr=0.1, weight_decay=0.1)
    with pytest.raises(ValueError):
        opt.step([np.ones(3), np.ones((2, 3))])
    assert all(np.all(p == 1) for p in theta)
