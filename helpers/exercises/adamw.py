"""Exercise checks for Adam + ℓ2 대 AdamW (Adam + ℓ2 vs AdamW: decoupled weight decay).

Chapter: book/optimization/adamw.ipynb (Adam + ℓ2 대 AdamW / Adam + ℓ2 vs AdamW)
"""

import numpy as np

from helpers.exercises.core import CheckResult, check_function


def _reference_paper_to_torch(lam_paper, lr):
    # paper: θ ← θ − η(α·û + λθ); torch: θ ← θ(1 − lr·wd) − lr·û; so λ = lr·wd
    return lam_paper / lr


def check_paper_to_torch_weight_decay(fn) -> CheckResult:
    """Check ``fn(lam_paper, lr)`` = torch's AdamW ``weight_decay`` that decays as
    much per step as the paper's λ (with η_t = 1): λ_paper / lr.

    λ_paper·lr (multiplied instead of divided) and λ_paper unchanged fail.

    Chapter: book/optimization/adamw.ipynb (Adam + ℓ2 대 AdamW / Adam + ℓ2 vs AdamW)
    """
    cases = [(1e-4, 1e-3), (0.025, 0.1), (5e-3, 3e-4), (1e-2, 2.0)]
    hint = (
        "torch는 한 단계에 θ를 (1 − lr·wd)배 하고, 논문은 (1 − λ)배 합니다. "
        "두 감쇠를 같게 놓으세요.\n"
        "torch multiplies θ by (1 − lr·wd) per step, the paper by (1 − λ): "
        "set the two decays equal."
    )
    return check_function(fn, _reference_paper_to_torch, cases,
                          name="paper_to_torch_weight_decay", rtol=1e-12, hint=hint)


def _reference_adamw_step(theta, v, r, grad, t, lr, beta1, beta2, eps, weight_decay):
    # torch.optim.AdamW: decay θ first (decoupled: λθ never enters v or r) ...
    theta = theta * (1 - lr * weight_decay)
    # ... then Adam's step with the data gradient only
    v = beta1 * v + (1 - beta1) * grad
    r = beta2 * r + (1 - beta2) * grad**2
    v_hat = v / (1 - beta1**t)
    r_hat = r / (1 - beta2**t)
    return theta - lr * v_hat / (np.sqrt(r_hat) + eps), v, r


def _adamw_cases():
    """Steps t = 1, 2, 7, 30 with moments of matching history; lr·wd large enough
    that every plausible misplacement of the decay is far above the tolerance."""
    rng = np.random.default_rng(7)
    cases = []
    for shape, t, lr, wd in [((4,), 1, 0.05, 0.5), ((3, 2), 2, 0.1, 0.2),
                             ((5,), 7, 0.02, 1.0), ((2, 3), 30, 0.3, 0.1)]:
        theta = rng.normal(size=shape)
        grad = rng.normal(scale=0.5, size=shape)
        if t == 1:
            v, r = np.zeros(shape), np.zeros(shape)
        else:
            v = rng.normal(scale=0.1, size=shape)
            r = rng.uniform(0.05, 0.5, size=shape)
        cases.append((theta, v, r, grad, t, lr, 0.9, 0.999, 1e-8, wd))
    return cases


def check_adamw_step(fn) -> CheckResult:
    """Check ``fn(theta, v, r, grad, t, lr, beta1, beta2, eps, weight_decay)
    -> (theta, v, r)``: one step of torch.optim.AdamW (lecture names: v, r are
    the 1st and 2nd moments, t counts from 1).

    Fails: the decay added to the gradient (Adam + ℓ2), the decay applied after
    the Adam update, lr applied twice to the decay, no bias correction.

    Chapter: book/optimization/adamw.ipynb (Adam + ℓ2 대 AdamW / Adam + ℓ2 vs AdamW)
    """
    hint = (
        "먼저 θ ← θ(1 − lr·λ)로 줄이고(λθ는 v, r에 넣지 않습니다), 그다음 데이터 기울기만으로 "
        "Adam 단계를 밟으세요.\n"
        "First shrink θ ← θ(1 − lr·λ) (λθ goes into neither v nor r), then take Adam's "
        "step with the data gradient alone."
    )
    return check_function(fn, _reference_adamw_step, _adamw_cases(), name="adamw_step",
                          rtol=1e-10, hint=hint)


def _reference_l2_decay_rate(lr, weight_decay, r_hat, eps):
    # the ℓ2 part of Adam's step, α·λθ/(√r̂ + ε), as a fraction of θ
    return lr * weight_decay / (np.sqrt(r_hat) + eps)


def check_l2_decay_rate(fn) -> CheckResult:
    """Check ``fn(lr, weight_decay, r_hat, eps)`` = the per-step decay rate that ℓ2
    gets inside Adam, lr·λ/(√r̂ + ε), elementwise over an array ``r_hat``.

    lr·λ (AdamW's rate), lr·λ/r̂ (no square root) and lr·λ/√(r̂ + ε) (ε inside the
    root) fail.

    Chapter: book/optimization/adamw.ipynb (Adam + ℓ2 대 AdamW / Adam + ℓ2 vs AdamW)
    """
    r_hat = np.array([1e-6, 1e-4, 1e-2, 1.0, 25.0])
    cases = [(1e-3, 1e-2, r_hat, 1e-8), (0.1, 0.5, r_hat, 1e-3),
             (3e-4, 1.0, r_hat[::-1].copy(), 1e-8)]
    hint = (
        "Adam은 기울기 g + λθ 전체를 √r̂ + ε로 나눕니다. "
        "λθ 부분만 떼어 θ에 대한 비율로 쓰세요.\n"
        "Adam divides the whole gradient g + λθ by √r̂ + ε: "
        "take the λθ part and write it as a fraction of θ."
    )
    return check_function(fn, _reference_l2_decay_rate, cases, name="l2_decay_rate",
                          rtol=1e-12, hint=hint)
