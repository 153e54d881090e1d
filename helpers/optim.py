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
"""

import numbers

import numpy as np


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
            g = np.asarray(g, dtype=theta.dtype)  # no copy if the dtype already matches
            if g.shape != theta.shape:
                raise ValueError(
                    f"grads[{i}] has shape {g.shape} but params[{i}] has shape "
                    f"{theta.shape}")
            checked.append(g)
        return checked

    def _zeros(self):
        return [np.zeros_like(theta) for theta in self.params]


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
        lr, mu, wd = self.lr, self.momentum, self.weight_decay
        for i, (theta, g) in enumerate(zip(self.params, grads)):
            if wd:
                g = g + wd * theta  # ℓ2: the gradient of (λ/2)‖θ‖² is λθ
            if mu:
                v = self.v[i]
                if self.t == 0:
                    v[...] = g  # torch starts the buffer at the first gradient
                else:
                    v *= mu
                    v += (1 - self.dampening) * g
                g = g + mu * v if self.nesterov else v
            theta -= lr * g
        self.t += 1


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
        lr, alpha, eps = self.lr, self.alpha, self.eps
        for i, (theta, g, r) in enumerate(zip(self.params, grads, self.r)):
            if self.weight_decay:
                g = g + self.weight_decay * theta
            r *= alpha
            r += (1 - alpha) * g * g  # r ← αr + (1 − α)g²
            step = g / (np.sqrt(r) + eps)
            if self.momentum:
                v = self.v[i]
                v *= self.momentum
                v += step  # v ← μv + g/(√r + ε)
                step = v
            theta -= lr * step
        self.t += 1


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
            if self.weight_decay:
                g = g + self.weight_decay * theta  # ℓ2: later divided by √r̂ + ε
            self._adam_update(theta, g, v, r)

    def _adam_update(self, theta, g, v, r):
        """The Adam step of one parameter with gradient g (moments updated in place)."""
        beta1, beta2 = self.betas
        v *= beta1
        v += (1 - beta1) * g  # v ← β1·v + (1 − β1)·g
        r *= beta2
        r += (1 - beta2) * g * g  # r ← β2·r + (1 − β2)·g²
        v_hat = v / (1 - beta1**self.t)
        r_hat = r / (1 - beta2**self.t)
        theta -= self.lr * v_hat / (np.sqrt(r_hat) + self.eps)


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
            theta *= 1 - self.lr * self.weight_decay  # decoupled weight decay
            self._adam_update(theta, g, v, r)
