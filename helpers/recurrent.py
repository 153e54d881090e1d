"""A tiny recurrent classifier with optional layer normalization (torch, experiments).

Chapter: book/regularization/layer_norm.ipynb (층 정규화 / Layer Normalization)
"""

import torch
from torch import nn
from torch.nn import functional as F


class RNNClassifier(nn.Module):
    """A tanh RNN that reads each input row as ``steps`` time steps and classifies
    from the last hidden state. With layer_norm=True it is the layer-normalized RNN
    of Ba et al. (2016), eq. (4):

        a_t = W_xh x_t + W_hh h_{t−1}
        h_t = tanh(γ / σ_t ⊙ (a_t − μ_t) + b)     μ_t, σ_t over the H hidden units
                                                  (σ_t = √(mean((a_t − μ_t)²) + eps))

    and without it h_t = tanh(a_t + b). h_0 = 0; logits = W_hy h_T + c.
    x: (N, steps · input_size), e.g. an 8×8 digit read row by row (steps = 8);
    returns logits (N, num_classes). γ = 1, b = 0 at initialization.

    Chapter: book/regularization/layer_norm.ipynb (층 정규화 / Layer Normalization)
    """

    def __init__(self, input_size, hidden_size, num_classes, steps, layer_norm=True,
                 eps=1e-5):
        super().__init__()
        for name, value in [("input_size", input_size), ("hidden_size", hidden_size),
                            ("num_classes", num_classes), ("steps", steps)]:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if not eps > 0:
            raise ValueError(f"eps must be positive, got {eps}")
        self.steps, self.hidden_size = steps, hidden_size
        self.layer_norm, self.eps = layer_norm, eps
        self.W_xh = nn.Linear(input_size, hidden_size, bias=False)
        self.W_hh = nn.Linear(hidden_size, hidden_size, bias=False)
        self.gamma = nn.Parameter(torch.ones(hidden_size))
        self.b = nn.Parameter(torch.zeros(hidden_size))
        self.out = nn.Linear(hidden_size, num_classes)

    def summed_inputs(self, x):
        """Run the network; return (a, h_T) with a = (N, steps, H) the summed inputs
        a_t of every step (before normalization) and h_T the last hidden state."""
        if x.ndim != 2 or x.shape[1] != self.steps * self.W_xh.in_features:
            raise ValueError(
                f"x must have shape (N, {self.steps * self.W_xh.in_features}) "
                f"= (N, steps · input_size), got {tuple(x.shape)}"
            )
        xs = x.reshape(x.shape[0], self.steps, -1)
        h = x.new_zeros(x.shape[0], self.hidden_size)
        summed = []
        for t in range(self.steps):
            a = self.W_xh(xs[:, t]) + self.W_hh(h)  # a_t = W_xh x_t + W_hh h_{t−1}
            summed.append(a)
            if self.layer_norm:  # (a_t − μ_t) / σ_t over the H units, then γ, b
                a = F.layer_norm(a, (self.hidden_size,), eps=self.eps) * self.gamma
            h = torch.tanh(a + self.b)
        return torch.stack(summed, dim=1), h

    def forward(self, x):
        return self.out(self.summed_inputs(x)[1])
