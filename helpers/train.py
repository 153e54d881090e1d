"""Small torch models and one fit loop for the book's experiments.

The optimizers of ``helpers.optim`` work on NumPy arrays. ``numpy_params`` gives
NumPy views that share memory with a torch model's parameters, so those
optimizers train a torch model in place: torch computes the gradients,
our code takes the step.

Chapter: book/optimization/adam.ipynb (Adam / Adam) and every later experiment
"""

import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

_ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}
_NORMS = {"batch": nn.BatchNorm1d, "layer": nn.LayerNorm}


def mlp(sizes, activation="relu", dropout=0.0, norm=None) -> nn.Sequential:
    """A fully connected network: ``sizes = [D_in, H_1, ..., H_k, n_classes]``.

    Each hidden layer is Linear → [norm] → activation → [Dropout(dropout)];
    the last layer is a plain Linear that returns logits of shape (N, n_classes).
    ``norm``: None, "batch" (nn.BatchNorm1d) or "layer" (nn.LayerNorm);
    ``dropout``: torch's drop probability p, in [0, 1).
    Input (N, D_in) float32.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """
    sizes = list(sizes)
    if len(sizes) < 2 or not all(isinstance(n, int) and n > 0 for n in sizes):
        raise ValueError(
            f"sizes must be 2+ positive ints [D_in, ..., n_out], got {sizes}")
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, "
                         f"got {activation!r}")
    if norm is not None and norm not in _NORMS:
        raise ValueError(f"norm must be None, 'batch' or 'layer', got {norm!r}")
    if not 0.0 <= dropout < 1.0:
        raise ValueError(f"dropout must be a drop probability in [0, 1), got {dropout}")

    layers = []
    for n_in, n_out in zip(sizes[:-2], sizes[1:-1]):  # hidden layers
        layers.append(nn.Linear(n_in, n_out))
        if norm is not None:
            layers.append(_NORMS[norm](n_out))
        layers.append(_ACTIVATIONS[activation]())
        if dropout > 0:
            layers.append(nn.Dropout(dropout))
    layers.append(nn.Linear(sizes[-2], sizes[-1]))  # output layer: logits
    return nn.Sequential(*layers)


def numpy_params(model) -> list:
    """The model's parameters as float NumPy arrays that SHARE memory with them.

    Writing into an array (``a -= lr * g``) changes the model. Hand the list to a
    ``helpers.optim`` optimizer; ``fit`` passes it the gradients in the same order.
    CPU tensors only (a GPU tensor has no NumPy view).

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """
    arrays = []
    for name, p in model.named_parameters():
        if p.device.type != "cpu":
            raise ValueError(
                f"parameter {name} is on {p.device}: NumPy views need the CPU")
        arrays.append(p.detach().numpy())  # a view, not a copy
    if not arrays:
        raise ValueError("the model has no parameters")
    return arrays


@dataclass
class History:
    """What ``fit`` measured, for plots.

    Per optimizer step: ``step_loss`` (mini-batch loss), ``lr``.
    Per evaluation (every ``eval_every`` epochs, and after the last):
    ``epoch``, ``train_loss``, ``train_acc``, ``test_loss``, ``test_acc``.
    ``diverged`` is True if a mini-batch loss became NaN or inf (training stopped).
    """

    step_loss: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    epoch: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    test_loss: list = field(default_factory=list)
    test_acc: list = field(default_factory=list)
    diverged: bool = False

    @property
    def steps(self) -> int:
        return len(self.step_loss)


@torch.no_grad()
def evaluate(model, X, y, batch_size=1024):
    """Mean cross-entropy and accuracy of ``model`` on NumPy ``X`` (N, ...), ``y`` (N,).

    Runs in eval mode (BatchNorm uses running statistics, Dropout is off)
    and restores the model's previous mode. Returns ``(loss, accuracy)`` floats.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """
    was_training = model.training
    model.eval()
    X = torch.as_tensor(X, dtype=torch.float32)
    y = torch.as_tensor(y, dtype=torch.long)
    total_loss, correct = 0.0, 0
    for start in range(0, len(X), batch_size):
        logits = model(X[start:start + batch_size])
        target = y[start:start + batch_size]
        total_loss += F.cross_entropy(logits, target, reduction="sum").item()
        correct += (logits.argmax(dim=1) == target).sum().item()
    model.train(was_training)
    return total_loss / len(X), correct / len(X)


def _set_lr(optimizer, lr):
    if isinstance(optimizer, torch.optim.Optimizer):
        for group in optimizer.param_groups:
            group["lr"] = lr
    else:
        optimizer.lr = lr


def _get_lr(optimizer):
    if isinstance(optimizer, torch.optim.Optimizer):
        return optimizer.param_groups[0]["lr"]
    return optimizer.lr


def _check_optimizer(model, optimizer):
    if isinstance(optimizer, torch.optim.Optimizer):
        return
    if not (hasattr(optimizer, "step") and hasattr(optimizer, "params")):
        raise ValueError("optimizer must be a torch.optim optimizer or a helpers.optim "
                         "optimizer built on numpy_params(model)")
    tensors = list(model.parameters())
    if len(optimizer.params) != len(tensors) or not all(
            np.shares_memory(a, t.detach().numpy())
            for a, t in zip(optimizer.params, tensors)):
        raise ValueError("the optimizer's params are not numpy_params(model): "
                         "build it with opt = Adam(numpy_params(model), ...)")


def fit(model, data, optimizer, *, epochs, batch_size=64, schedule=None, seed=0,
        progress=True, max_steps=None, eval_every=1, drop_last=True) -> History:
    """Train ``model`` on ``data`` (a ``helpers.data.Split``) with cross-entropy.

    ``optimizer``: a ``helpers.optim`` optimizer on ``numpy_params(model)``, or any
    torch.optim optimizer. ``schedule(k)`` (k = 0-based step) sets the learning rate
    before every step. The mini-batches come from a generator seeded with ``seed``;
    ``drop_last`` skips a short last batch (BatchNorm cannot train on one example).
    Stops after ``max_steps`` steps, or when the loss becomes NaN/inf.
    Returns a ``History``.

    Chapter: book/optimization/adam.ipynb (Adam / Adam)
    """
    if not (isinstance(epochs, int) and epochs >= 1):
        raise ValueError(f"epochs must be an int >= 1, got {epochs}")
    if not (isinstance(batch_size, int) and batch_size >= 1):
        raise ValueError(f"batch_size must be an int >= 1, got {batch_size}")
    if not (isinstance(eval_every, int) and eval_every >= 1):
        raise ValueError(f"eval_every must be an int >= 1, got {eval_every}")
    _check_optimizer(model, optimizer)
    uses_torch = isinstance(optimizer, torch.optim.Optimizer)
    tensors = list(model.parameters())

    X = torch.as_tensor(data.X_train, dtype=torch.float32)
    y = torch.as_tensor(data.y_train, dtype=torch.long)
    n = len(X)
    stop = n - batch_size + 1 if drop_last else n
    if stop <= 0:
        raise ValueError(f"batch_size {batch_size} exceeds the {n} training examples")
    generator = torch.Generator().manual_seed(seed)
    history, bar = History(), _Progress(epochs, enabled=progress)

    for epoch in range(1, epochs + 1):
        model.train()
        order = torch.randperm(n, generator=generator)
        for start in range(0, stop, batch_size):
            if schedule is not None:
                _set_lr(optimizer, float(schedule(history.steps)))
            batch = order[start:start + batch_size]
            for t in tensors:
                t.grad = None
            loss = F.cross_entropy(model(X[batch]), y[batch])
            history.step_loss.append(loss.item())
            history.lr.append(_get_lr(optimizer))
            if not math.isfinite(history.step_loss[-1]):
                history.diverged = True
                break
            loss.backward()
            if uses_torch:
                optimizer.step()
            else:  # our optimizer updates the NumPy views, i.e. the model itself
                optimizer.step([t.grad.numpy() if t.grad is not None
                                else np.zeros(t.shape, np.float32) for t in tensors])
            bar.update(epoch, history)
            if max_steps is not None and history.steps >= max_steps:
                break
        last = (epoch == epochs or history.diverged
                or (max_steps is not None and history.steps >= max_steps))
        if epoch % eval_every == 0 or last:
            history.epoch.append(epoch)
            for split, (X_eval, y_eval) in {
                    "train": (data.X_train, data.y_train),
                    "test": (data.X_test, data.y_test)}.items():
                eval_loss, eval_acc = evaluate(model, X_eval, y_eval)
                getattr(history, f"{split}_loss").append(eval_loss)
                getattr(history, f"{split}_acc").append(eval_acc)
        if last:
            break
    bar.close()
    return history


class _Line:
    """A one-line display whose text may change; its text/plain is the same text."""

    def __init__(self, text=""):
        self.text = text

    def __repr__(self):
        return self.text

    def _repr_html_(self):
        return f"<pre>{self.text}</pre>" if self.text else ""


class _Progress:
    """An in-place progress line in a notebook, erased when training ends.

    Only the final (empty) state is stored in the notebook, so the stored output
    does not depend on the machine's speed and nbval can compare it.
    Outside a notebook it shows nothing.
    """

    def __init__(self, epochs, enabled=True, every_s=0.5):
        self.epochs, self.every_s = epochs, every_s
        self.handle, self.last = None, 0.0
        if enabled:
            try:
                from IPython import get_ipython
                from IPython.display import display
            except ImportError:
                return
            if get_ipython() is not None and hasattr(get_ipython(), "kernel"):
                # starts empty: nbval ignores the later in-place updates and
                # compares this first display with the stored (final, empty) one
                self.handle = display(_Line(""), display_id=True)

    def update(self, epoch, history):
        now = time.monotonic()
        if self.handle is None or now - self.last < self.every_s:
            return
        self.last = now
        done = int(20 * epoch / self.epochs)
        self.handle.update(_Line(
            f"epoch {epoch}/{self.epochs} [{'#' * done}{'.' * (20 - done)}] "
            f"step {history.steps}  loss {history.step_loss[-1]:.4f}"))

    def close(self):
        if self.handle is not None:
            self.handle.update(_Line(""))


# --- book/regularization/cnn_normalization.ipynb (CNN의 정규화 / Normalization in CNNs) ---

_CNN_NORMS = (None, "batch", "layer", "instance", "group")


def norm2d(norm, channels, groups=4) -> nn.Module:
    """The torch layer for ``norm`` on (N, C, H, W) feature maps with ``channels`` C.

    None → nn.Identity; "batch" → nn.BatchNorm2d(C); "layer" → nn.GroupNorm(1, C)
    (the GN paper's layer norm: statistics over C, H, W, γ and β per channel);
    "instance" → nn.InstanceNorm2d(C, affine=True) (γ, β per channel like the
    others; torch's default is affine=False); "group" → nn.GroupNorm(groups, C).

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """
    if norm not in _CNN_NORMS:
        raise ValueError(f"norm must be one of {_CNN_NORMS}, got {norm!r}")
    if isinstance(channels, bool) or not isinstance(channels, int) or channels < 1:
        raise ValueError(f"channels must be a positive int, got {channels!r}")
    if norm == "group" and (not isinstance(groups, int) or groups < 1
                            or channels % groups):
        raise ValueError(f"channels ({channels}) must be divisible by groups "
                         f"({groups!r})")
    if norm is None:
        return nn.Identity()
    if norm == "batch":
        return nn.BatchNorm2d(channels)
    if norm == "layer":
        return nn.GroupNorm(1, channels)
    if norm == "instance":
        return nn.InstanceNorm2d(channels, affine=True)
    return nn.GroupNorm(groups, channels)


def small_cnn(norm=None, channels=(8, 16), groups=4, image_size=8,
              num_classes=10) -> nn.Sequential:
    """A two-layer CNN for square one-channel images given as flat rows
    (N, image_size²), e.g. the 8×8 digits of ``load_digits_split``:

        Unflatten → [Conv 3×3 (padding 1) → norm → ReLU] × 2 → AvgPool 2×2
        → Flatten → Linear → logits (N, num_classes)

    ``norm``: None, "batch", "layer", "instance" or "group" (see ``norm2d``; the
    same kind after both convolutions); ``channels``: the two layers' channel
    counts; ``groups``: G for "group" (must divide both channel counts).

    Chapter: book/regularization/cnn_normalization.ipynb
    (CNN의 정규화 / Normalization in CNNs)
    """
    channels = tuple(channels)
    if len(channels) != 2:
        raise ValueError(f"channels must be two ints (c1, c2), got {channels}")
    if not (isinstance(image_size, int) and image_size >= 2 and image_size % 2 == 0):
        raise ValueError(f"image_size must be an even int >= 2, got {image_size!r}")
    c1, c2 = channels
    pooled = image_size // 2
    return nn.Sequential(
        nn.Unflatten(1, (1, image_size, image_size)),  # (N, 64) → (N, 1, 8, 8)
        nn.Conv2d(1, c1, kernel_size=3, padding=1),
        norm2d(norm, c1, groups),
        nn.ReLU(),
        nn.Conv2d(c1, c2, kernel_size=3, padding=1),
        norm2d(norm, c2, groups),
        nn.ReLU(),
        nn.AvgPool2d(2),  # (N, c2, 4, 4)
        nn.Flatten(),
        nn.Linear(c2 * pooled * pooled, num_classes),
    )
