"""The benchmark cases: optimizer steps and normalization layers, helpers vs torch.

Each case returns records ``{name, size, ours_s, torch_s, bound_s, ...}``;
every time is the median of several runs in this process.
"""

import numpy as np
import torch

from benchmarks.timing import bandwidth_bound, median_time, stream_bandwidth

# arrays an optimizer step must read or write (params θ, gradient g, state)
#   SGD-momentum: read θ, g, b; write θ, b          → 5
#   Adam / AdamW: read θ, g, v, r; write θ, v, r    → 7
ARRAYS_MOVED = {"sgd_momentum": 5, "adam": 7, "adamw": 7}


def _our_optimizer(name, params):
    from helpers import optim

    if name == "sgd_momentum":
        return optim.SGD(params, lr=1e-3, momentum=0.9)
    if name == "adam":
        return optim.Adam(params, lr=1e-3)
    return optim.AdamW(params, lr=1e-3, weight_decay=1e-2)


def _torch_optimizer(name, params, **flags):
    if name == "sgd_momentum":
        return torch.optim.SGD(params, lr=1e-3, momentum=0.9, **flags)
    if name == "adam":
        return torch.optim.Adam(params, lr=1e-3, **flags)
    return torch.optim.AdamW(params, lr=1e-3, weight_decay=1e-2, **flags)


def optimizer_cases(sizes, repeats):
    """One step of SGD-momentum, Adam and AdamW on ``n`` float32 parameters."""
    records = []
    rng = np.random.default_rng(0)
    for n in sizes:
        bandwidth = stream_bandwidth(n, repeats=repeats)
        grad = rng.standard_normal(n, dtype=np.float32)
        for name, moved in ARRAYS_MOVED.items():
            params = [np.zeros(n, np.float32)]
            ours = _our_optimizer(name, params)
            ours_s = median_time(lambda: ours.step([grad]), repeats)

            # NumPy runs these loops on one thread: torch at 1 thread is the fair
            # comparison; its default thread count is recorded too
            torch_s = {}
            flag_sets = {"foreach=False": {"foreach": False}, "default": {}}
            if name != "sgd_momentum":
                flag_sets["fused"] = {"fused": True}
            default_threads = torch.get_num_threads()
            for threads in sorted({1, default_threads}):
                torch.set_num_threads(threads)
                for label, flags in flag_sets.items():
                    p = torch.zeros(n, requires_grad=True)
                    p.grad = torch.from_numpy(grad)
                    opt = _torch_optimizer(name, [p], **flags)
                    torch_s[f"{label}, {threads} thread{'s' * (threads > 1)}"] = (
                        median_time(opt.step, repeats))
            torch.set_num_threads(default_threads)
            records.append({
                "name": f"{name} step", "size": f"{n:,} float32",
                "ours_s": ours_s, "torch_s": torch_s["foreach=False, 1 thread"],
                "bound_s": bandwidth_bound(n, moved, bandwidth),
                "torch_all_s": torch_s, "bandwidth_GBps": bandwidth / 1e9,
            })
    return records


def _norm_pairs(shape):
    """(label, our module, torch module) for BatchNorm, LayerNorm and GroupNorm."""
    from helpers import norm

    channels = shape[1]
    groups = 32 if channels % 32 == 0 else 1
    pairs = [("BatchNorm", norm.BatchNorm(channels),
              (torch.nn.BatchNorm1d if len(shape) == 2 else torch.nn.BatchNorm2d)(channels)),
             ("LayerNorm", norm.LayerNorm(shape[1:]), torch.nn.LayerNorm(shape[1:])),
             (f"GroupNorm({groups})", norm.GroupNorm(groups, channels),
              torch.nn.GroupNorm(groups, channels))]
    return pairs


def norm_cases(shapes, repeats):
    """Forward + backward (dx, dγ, dβ) in training mode on float32 input."""
    records = []
    rng = np.random.default_rng(0)
    default_threads = torch.get_num_threads()
    for shape in shapes:
        x = rng.standard_normal(shape, dtype=np.float32)
        dy = rng.standard_normal(shape, dtype=np.float32)
        for label, ours, theirs in _norm_pairs(shape):
            def run_ours():
                ours.forward(x)
                ours.backward(dy)

            xt = torch.from_numpy(x).requires_grad_()
            dyt = torch.from_numpy(dy)

            def run_torch():
                xt.grad = None
                theirs.zero_grad(set_to_none=True)
                theirs(xt).backward(dyt)

            ours_s = median_time(run_ours, repeats)
            torch_s = {}
            for threads in sorted({1, default_threads}):
                torch.set_num_threads(threads)
                torch_s[f"{threads} thread{'s' * (threads > 1)}"] = median_time(
                    run_torch, repeats)
            torch.set_num_threads(default_threads)
            records.append({
                "name": f"{label} fwd+bwd", "size": "×".join(map(str, shape)),
                "ours_s": ours_s, "torch_s": torch_s["1 thread"], "bound_s": None,
                "torch_all_s": torch_s,
            })
    return records
