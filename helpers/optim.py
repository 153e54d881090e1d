"""Optimizers from scratch in NumPy: SGD (momentum, Nesterov, ℓ2), RMSprop, Adam (ℓ2)
and AdamW (decoupled weight decay), with PyTorch's hyper-parameter names, defaults
and update rules (``torch.optim``, single-tensor path ``foreach=False``).

Every optimizer updates its ``params`` IN PLACE: ``params`` is a list of NumPy float
arrays (they may share memory with torch tensors, see ``helpers.train.numpy_params``)
and ``opt.step(grads)`` takes one gradient per parameter, in the same order.
``opt.lr`` may be changed between steps (that is how a schedule works); ``opt.t`` is
the number of steps taken so far.

The moments are kept in lists, one array per parameter, named as in the lecture:

==========================  =============  ===============  =====================
quantity                    lecture/book   Adam paper       torch state
==========================  =============  ===============  =====================
1st moment (momentum)       ``opt.v[i]``   m_t              exp_avg,
                                                            momentum_buffer (SGD)
2nd moment (squared grads)  ``opt.r[i]``   v_t              exp_avg_sq,
                                                            square_avg (RMSprop)
step count                  ``opt.t``      t                state["step"]
==========================  =============  ===============  =====================

float32 parameters stay float32: every update is computed in the parameter's dtype
(hyper-parameters are Python floats, which NumPy does not let upcast an array).

Speed. An update is a few passes over its arrays, one per NumPy operation. Each
pass works IN PLACE (``*=``, ``out=``) on the parameter, the state or one reused
scratch array ``tmp``, so a step allocates no new arrays (except ℓ2's g + λθ, one per
block, when weight_decay is on in SGD, RMSprop or Adam), and the operations run in
the same order as torch's single-tensor path. A large parameter is updated in
blocks of ``BLOCK`` elements: the passes over one block find it in the CPU cache,
so only the first read and the last write of each array go to main memory.
``benchmarks/`` measures the step against torch and against the memory bandwidth.
"""

import math
import numbers

import numpy as np

# elements per block of an update: a block of θ, g, the state and tmp stays in cache
BLOCK = 2**18


def _check_hyper(name, value, low=0.0, high=None, high_open=True):
    """``value`` as a float, or a ValueError if it is not a number in [low, high)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not value >= low:  # also rejects NaN
        raise ValueError(f"{name} must be >= {low:g}, got {value!r}")
    if high is not None and not (value < high if high_open else value <= high):
        bracket = ")" if high_open else "]"
        raise ValueError(
            f"{name} must be in [{low:g}, {high:g}{bracket}, got {value!r}")
    return value


class Optimizer:
    """What every optimizer shares: the parameter list, a validated ``lr``,
    the step count ``t`` and the gradient checks.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """

    def __init__(self, params, lr):
        if isinstance(params, np.ndarray):
            raise ValueError(
                "params must be a list of arrays, got a single array: "
                "wrap it in a list, [theta]")
        params = list(params)
        if not params:
            raise ValueError("params is empty: give at least one parameter array")
        for i, theta in enumerate(params):
            if not isinstance(theta, np.ndarray):
                raise ValueError(
                    f"params[{i}] must be a NumPy array (updated in place), "
                    f"got {type(theta).__name__}")
            if not np.issubdtype(theta.dtype, np.floating):
                raise ValueError(
                    f"params[{i}] must have a float dtype, got {theta.dtype}")
            if not theta.flags.writeable:
                raise ValueError(
                    f"params[{i}] is read-only: it must be updated in place")
        self.params = params
        self.lr = lr
        self.t = 0  # steps taken so far; the next step is number t + 1
        self._scratch = {}  # dtype -> a reusable 1-D array (see _tmp)

    @property
    def lr(self):
        """The learning rate of the next step (a float >= 0); a schedule sets it."""
        return self._lr

    @lr.setter
    def lr(self, value):
        self._lr = _check_hyper("lr", value)

    def _check_grads(self, grads):
        """The gradients as arrays in the parameters' dtypes, after checking
        that there is one per parameter with the parameter's shape.
        """
        if isinstance(grads, np.ndarray):
            raise ValueError("grads must be a list of arrays, one per parameter")
        grads = list(grads)
        if len(grads) != len(self.params):
            raise ValueError(
                f"got {len(grads)} gradients for {len(self.params)} parameters")
        checked = []
        for i, (theta, g) in enumerate(zip(self.params, grads)):
            # no copy if g is already a C-contiguous array of θ's dtype
            g = np.ascontiguousarray(g, dtype=theta.dtype)
            if g.shape != theta.shape:
                raise ValueError(
                    f"grads[{i}] has shape {g.shape} but params[{i}] has shape "
                    f"{theta.shape}")
            checked.append(g)
        return checked

    def _zeros(self):
        return [np.zeros_like(theta) for theta in self.params]

    def _blocks(self, *arrays):
        """Matching blocks of ``arrays`` (θ, g and θ's state, all shaped like θ;
        ``None`` for a state θ does not have): tuples of views of at most ``BLOCK``
        elements, then a scratch array ``tmp`` of the block's shape. Updating a
        block in place updates the arrays. Arrays that are not all C-contiguous
        come as one block.
        """
        present = [a for a in arrays if a is not None]
        if not all(a.flags.c_contiguous for a in present):
            yield arrays + (self._tmp(arrays[0]),)
            return
        flat = [None if a is None else a.reshape(-1) for a in arrays]  # views
        for start in range(0, arrays[0].size, BLOCK):
            block = tuple(None if a is None else a[start:start + BLOCK] for a in flat)
            yield block + (self._tmp(block[0]),)

    def _tmp(self, like):
        """Scratch space shaped like ``like``, reused from step to step."""
        buffer = self._scratch.get(like.dtype)
        if buffer is None or buffer.size < like.size:
            buffer = self._scratch[like.dtype] = np.empty(like.size, like.dtype)
        return buffer[:like.size].reshape(like.shape)


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum, dampening, Nesterov
    momentum and ℓ2 weight decay, exactly as ``torch.optim.SGD``:

        g ← ∇ + λθ                      (weight_decay λ: ℓ2 enters the gradient)
        v ← g at the first step, then v ← μv + (1 − dampening)·g   (momentum μ)
        g ← g + μv  (Nesterov)   or   g ← v  (classical momentum)
        θ ← θ − lr·g

    params: list of float arrays of any shapes, updated in place. ``opt.v[i]`` is
    the momentum buffer of ``params[i]`` (torch: momentum_buffer); ``None`` without
    momentum.

    Chapter: book/optimization/sgd_weight_decay.ipynb (SGD와 가중치 감쇠 / SGD and
    weight decay)
    """

    def __init__(self, params, lr, momentum=0.0, dampening=0.0, weight_decay=0.0,
                 nesterov=False):
        super().__init__(params, lr)
        self.momentum = _check_hyper("momentum", momentum)
        self.dampening = _check_hyper("dampening", dampening, high=1.0, high_open=False)
        self.weight_decay = _check_hyper("weight_decay", weight_decay)
        if nesterov and self.momentum == 0:
            raise ValueError("nesterov=True needs momentum > 0")
        if nesterov and self.dampening != 0:
            raise ValueError("nesterov=True needs dampening = 0")
        self.nesterov = bool(nesterov)
        self.v = self._zeros() if self.momentum else None

    def step(self, grads):
        """One update of every parameter, in place. grads: like params."""
        grads = self._check_grads(grads)
        for i, (theta, g) in enumerate(zip(self.params, grads)):
            v = self.v[i] if self.momentum else None
            for block in self._blocks(theta, g, v):
                self._sgd_update(*block)
        self.t += 1

    def _sgd_update(self, theta, g, v, tmp):
        """The SGD step of one block: θ, g, momentum buffer v (or None), scratch tmp."""
        mu = self.momentum
        if self.weight_decay:
            g = g + self.weight_decay * theta  # ℓ2: the gradient of (λ/2)‖θ‖² is λθ
        if mu:
            if self.t == 0:
                v[...] = g  # torch starts the buffer at the first gradient
            else:
                v *= mu
                np.multiply(g, 1 - self.dampening, out=tmp)
                v += tmp  # v ← μv + (1 − dampening)·g
            if self.nesterov:
                np.multiply(v, mu, out=tmp)
                tmp += g  # g ← g + μv
                g = tmp
            else:
                g = v
        np.multiply(g, self.lr, out=tmp)
        theta -= tmp  # θ ← θ − lr·g


class RMSprop(Optimizer):
    """RMSprop (Tieleman & Hinton 2012) as ``torch.optim.RMSprop`` (centered=False):

        g ← ∇ + λθ                      (weight_decay λ: ℓ2 enters the gradient)
        r ← αr + (1 − α)·g²             (alpha α; no bias correction)
        θ ← θ − lr·g/(√r + ε)           without momentum, or with momentum μ:
        v ← μv + g/(√r + ε),  θ ← θ − lr·v      (v starts at zeros)

    params: list of float arrays, updated in place. ``opt.r[i]`` is the running
    mean of squared gradients (torch: square_avg); ``opt.v[i]`` the momentum buffer
    (torch: momentum_buffer), ``None`` without momentum.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0,
                 momentum=0.0):
        super().__init__(params, lr)
        self.alpha = _check_hyper("alpha", alpha, high=1.0)
        self.eps = _check_hyper("eps", eps)
        self.weight_decay = _check_hyper("weight_decay", weight_decay)
        self.momentum = _check_hyper("momentum", momentum)
        self.r = self._zeros()
        self.v = self._zeros() if self.momentum else None

    def step(self, grads):
        """One update of every parameter, in place. grads: like params."""
        grads = self._check_grads(grads)
        for i, (theta, g, r) in enumerate(zip(self.params, grads, self.r)):
            v = self.v[i] if self.momentum else None
            for block in self._blocks(theta, g, r, v):
                self._rmsprop_update(*block)
        self.t += 1

    def _rmsprop_update(self, theta, g, r, v, tmp):
        """The RMSprop step of one block: θ, g, r, momentum buffer v (or None), tmp."""
        alpha = self.alpha
        if self.weight_decay:
            g = g + self.weight_decay * theta
        r *= alpha
        np.multiply(g, g, out=tmp)
        tmp *= 1 - alpha
        r += tmp  # r ← αr + (1 − α)g²
        np.sqrt(r, out=tmp)
        tmp += self.eps
        np.divide(g, tmp, out=tmp)
        step = tmp  # g/(√r + ε)
        if self.momentum:
            v *= self.momentum
            v += tmp  # v ← μv + g/(√r + ε)
            step = v
        np.multiply(step, self.lr, out=tmp)
        theta -= tmp  # θ ← θ − lr·step


class Adam(Optimizer):
    """Adam (Kingma & Ba 2015) as ``torch.optim.Adam`` (amsgrad=False), in the
    lecture's notation (v, r = the paper's m, v):

        g ← ∇ + λθ                      (weight_decay λ: ℓ2 enters the gradient)
        v ← β1·v + (1 − β1)·g           1st moment   (torch: exp_avg)
        r ← β2·r + (1 − β2)·g²          2nd moment   (torch: exp_avg_sq)
        v̂ = v/(1 − β1^t),  r̂ = r/(1 − β2^t)           bias correction, t = 1, 2, ...
        θ ← θ − lr·v̂/(√r̂ + ε)          (ε after the square root, as torch)

    params: list of float arrays, updated in place; ``opt.v[i]``, ``opt.r[i]`` are
    the moments of ``params[i]`` (uncorrected, as torch stores them), ``opt.t`` the
    step count.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=0.0):
        super().__init__(params, lr)
        try:
            beta1, beta2 = betas
        except (TypeError, ValueError):
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        self.betas = (_check_hyper("beta1", beta1, high=1.0),
                      _check_hyper("beta2", beta2, high=1.0))
        self.eps = _check_hyper("eps", eps)
        self.weight_decay = _check_hyper("weight_decay", weight_decay)
        self.v = self._zeros()
        self.r = self._zeros()

    def step(self, grads):
        """One update of every parameter, in place. grads: like params."""
        grads = self._check_grads(grads)
        self.t += 1
        for theta, g, v, r in zip(self.params, grads, self.v, self.r):
            for theta_b, g_b, v_b, r_b, tmp in self._blocks(theta, g, v, r):
                if self.weight_decay:  # ℓ2: later divided by √r̂ + ε
                    g_b = g_b + self.weight_decay * theta_b
                self._adam_update(theta_b, g_b, v_b, r_b, tmp)

    def _adam_update(self, theta, g, v, r, tmp):
        """The Adam step of one block: θ, g, the moments v and r (updated in place)
        and the scratch array tmp. Each formula is a few in-place passes.
        """
        beta1, beta2 = self.betas
        np.subtract(g, v, out=tmp)
        tmp *= 1 - beta1
        v += tmp  # v ← β1·v + (1 − β1)·g, written v + (1 − β1)·(g − v)
        r *= beta2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - beta2
        r += tmp  # r ← β2·r + (1 − β2)·g²
        np.sqrt(r, out=tmp)
        tmp /= math.sqrt(1 - beta2**self.t)  # √r̂ = √r / √(1 − β2^t)
        tmp += self.eps  # √r̂ + ε
        np.divide(v, tmp, out=tmp)
        tmp *= self.lr / (1 - beta1**self.t)  # lr·v̂/(√r̂ + ε), v̂ = v / (1 − β1^t)
        theta -= tmp  # θ ← θ − lr·v̂/(√r̂ + ε)


class AdamW(Adam):
    """AdamW (Loshchilov & Hutter 2019) as ``torch.optim.AdamW``: the weight decay
    is DECOUPLED from the gradient and applied to θ before the Adam step,

        θ ← θ·(1 − lr·λ)                (weight_decay λ, default 1e-2)
        then Adam's step with g = ∇ (no λθ in g, so √r̂ never rescales the decay)

    torch multiplies λ by lr; the paper's decay λ_paper equals lr·weight_decay.
    params, ``opt.v``, ``opt.r``, ``opt.t``: as in ``Adam``.

    Chapter: book/optimization/adamw.ipynb (AdamW / AdamW)
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
                 weight_decay=1e-2):
        super().__init__(params, lr=lr, betas=betas, eps=eps,
                         weight_decay=weight_decay)

    def step(self, grads):
        """One update of every parameter, in place. grads: like params."""
        grads = self._check_grads(grads)
        self.t += 1
        for theta, g, v, r in zip(self.params, grads, self.v, self.r):
            for theta_b, g_b, v_b, r_b, tmp in self._blocks(theta, g, v, r):
                theta_b *= 1 - self.lr * self.weight_decay  # decoupled weight decay
                self._adam_update(theta_b, g_b, v_b, r_b, tmp)
