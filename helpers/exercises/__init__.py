"""Auto-checks for the exercises: grade a learner's function against a reference.

Every chapter's exercises end with a cell like
``assert check_standardize(standardize).passed``.
A check prints a bilingual verdict with the measured error and returns a
``CheckResult``. Each chapter's checks live in one module of this package
(``helpers.exercises.getting_started``, ``helpers.exercises.adam``, ...);
the names are re-exported here, so ``from helpers.exercises import check_x`` works.
"""

from helpers.exercises.core import CheckResult, check_function
from helpers.exercises.getting_started import (
    check_centered_difference,
    check_stable_learning_rate,
    check_standardize,
)
from helpers.exercises.adam import (
    check_adam_efficient_step,
    check_adam_step,
    check_expected_moment,
    check_momentum_multiplier,
)
from helpers.exercises.sgd_weight_decay import (
    check_decay_factor,
    check_matching_decoupled_decay,
    check_momentum_l2_step,
)
from helpers.exercises.adamw import (
    check_adamw_step,
    check_l2_decay_rate,
    check_paper_to_torch_weight_decay,
)
from helpers.exercises.lr_schedules import (
    check_pick_max_lr,
    check_robbins_monro,
    check_triangular,
    check_warmup_cosine,
)
from helpers.exercises.dropout import (
    check_dropout_backward,
    check_inverted_dropout,
    check_mc_probabilities,
    check_test_time_layer,
)
from helpers.exercises.batch_norm import (
    check_batch_norm_backward,
    check_batch_norm_forward,
    check_running_stats,
)
from helpers.exercises.layer_norm import (
    check_layer_norm,
    check_layer_norm_backward,
    check_ln_rnn_step,
)
from helpers.exercises.cnn_normalization import (
    check_group_norm,
    check_norm_axes,
    check_num_statistics,
    check_rms_norm,
)

__all__ = [
    "CheckResult",
    "check_function",
    "check_centered_difference",
    "check_stable_learning_rate",
    "check_standardize",
    "check_adam_efficient_step",
    "check_adam_step",
    "check_expected_moment",
    "check_momentum_multiplier",
    "check_decay_factor",
    "check_matching_decoupled_decay",
    "check_momentum_l2_step",
    "check_adamw_step",
    "check_l2_decay_rate",
    "check_paper_to_torch_weight_decay",
    "check_pick_max_lr",
    "check_robbins_monro",
    "check_triangular",
    "check_warmup_cosine",
    "check_dropout_backward",
    "check_inverted_dropout",
    "check_mc_probabilities",
    "check_test_time_layer",
    "check_batch_norm_backward",
    "check_batch_norm_forward",
    "check_running_stats",
    "check_layer_norm",
    "check_layer_norm_backward",
    "check_ln_rnn_step",
    "check_group_norm",
    "check_norm_axes",
    "check_num_statistics",
    "check_rms_norm",
]
