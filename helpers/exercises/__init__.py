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

__all__ = [
    "CheckResult",
    "check_function",
    "check_centered_difference",
    "check_stable_learning_rate",
    "check_standardize",
]
