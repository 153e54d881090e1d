"""Exercise checks for SGD + ℓ2 규제 = 가중치 감쇠 (SGD + ℓ2 regularization = weight decay).

Chapter: book/optimization/sgd_weight_decay.ipynb (SGD + ℓ2 규제 = 가중치 감쇠 /
SGD + ℓ2 regularization = weight decay)
"""

import numpy as np

from helpers.exercises.core import CheckResult, check_function


def _reference_decay_factor(lr, weight_decay):
    # θ − α(∇J + λθ) = (1 − αλ)θ − α∇J: θ is multiplied by 1 − αλ every step
    return 1.0 - lr * weight_decay


def check_decay_factor(fn) -> CheckResult:
    """Check ``fn(lr, weight_decay)`` = the factor 1 − lr·λ that SGD with ℓ2
    coefficient λ multiplies θ by in every step.

    The cases have lr ≠ 1, so 1 − λ (the learning rate forgotten) fails, and
    λ ≠ 2, so 1 − lr·λ/2 (the ½ of the penalty kept in the gradient) fails.

    Chapter: book/optimization/sgd_weight_decay.ipynb (SGD + ℓ2 규제 = 가중치 감쇠 /
    SGD + ℓ2 regularization = weight decay)
    """
    cases = [(0.1, 0.5), (0.01, 1e-2), (0.5, 0.3), (0.05, 4.0)]
    hint = (
        "θ − α(∇J + λθ)를 θ끼리 모아 보세요. (λ/2)‖θ‖²의 기울기는 λθ입니다.\n"
        "Collect the θ terms of θ − α(∇J + λθ); the gradient of (λ/2)‖θ‖² is λθ."
    )
    return check_function(fn, _reference_decay_factor, cases, name="decay_factor",
                          rtol=1e-12, hint=hint)


def _reference_momentum_l2_step(theta, buf, grad, lr, momentum, weight_decay):
    # torch.optim.SGD (dampening 0, not the first step): ℓ2 enters the gradient,
    # so it enters the momentum buffer too
    g = grad + weight_decay * theta
    buf = momentum * buf + g
    return theta - lr * buf, buf


def _momentum_cases():
    rng = np.random.default_rng(3)
    cases = []
    for shape, lr, mu, wd in [((5,), 0.1, 0.9, 0.05), ((3, 4), 0.05, 0.5, 0.2),
                              ((2, 2, 3), 0.3, 0.99, 1e-2)]:
        theta = rng.normal(size=shape)
        buf = rng.normal(size=shape)
        grad = rng.normal(size=shape)
        cases.append((theta, buf, grad, lr, mu, wd))
    return cases


def check_momentum_l2_step(fn) -> CheckResult:
    """Check ``fn(theta, buf, grad, lr, momentum, weight_decay) -> (theta, buf)``:
    one step (not the first) of SGD with momentum and ℓ2, as torch.optim.SGD.

    A decoupled step (θ·(1 − lr·λ) with λθ kept out of the buffer), a buffer
    without λθ but λθ added to the step, and a dampened buffer (1 − μ)·g all fail.

    Chapter: book/optimization/sgd_weight_decay.ipynb (SGD + ℓ2 규제 = 가중치 감쇠 /
    SGD + ℓ2 regularization = weight decay)
    """
    hint = (
        "ℓ2는 기울기에 λθ를 더하는 것이므로 버퍼에도 들어갑니다: "
        "g = ∇ + λθ, b ← μb + g, θ ← θ − αb.\n"
        "ℓ2 adds λθ to the gradient, so it enters the buffer too: "
        "g = ∇ + λθ, b ← μb + g, θ ← θ − αb."
    )
    return check_function(fn, _reference_momentum_l2_step, _momentum_cases(),
                          name="momentum_l2_step", rtol=1e-12, hint=hint)


def _reference_matching_decay(weight_decay, momentum):
    # fixed point of the decoupled form: ∇J + (1 − μ)λ'θ = 0; of ℓ2: ∇J + λθ = 0
    return weight_decay / (1.0 - momentum)


def check_matching_decoupled_decay(fn) -> CheckResult:
    """Check ``fn(weight_decay, momentum)`` = the decoupled rate λ' = λ/(1 − μ)
    whose fixed point equals that of SGD-momentum with ℓ2 coefficient λ.

    λ' = λ (momentum ignored), λ(1 − μ) (inverted) and λ/(1 + μ) fail.

    Chapter: book/optimization/sgd_weight_decay.ipynb (SGD + ℓ2 규제 = 가중치 감쇠 /
    SGD + ℓ2 regularization = weight decay)
    """
    cases = [(1e-2, 0.9), (5e-4, 0.5), (0.1, 0.99), (3e-3, 0.0)]
    hint = (
        "고정점에서 b = μb + ∇J 이므로 b = ∇J/(1 − μ)입니다. 이것을 θ의 식에 넣으세요.\n"
        "At a fixed point b = μb + ∇J, so b = ∇J/(1 − μ): put it into the θ equation."
    )
    return check_function(fn, _reference_matching_decay, cases,
                          name="matching_decoupled_decay", rtol=1e-12, hint=hint)
