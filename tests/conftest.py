"""Shared test setup: the lint module on the path, and the time budget of every notebook (nbval)."""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Each notebook must run in under 45 s on 2 CPU cores (DEVELOPERS.md). NOTEBOOK_SECONDS overrides for slow machines.
NOTEBOOK_BUDGET_S = float(os.environ.get("NOTEBOOK_SECONDS", "45"))
_notebook_seconds: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook execution times (nbval)")
    for path, seconds in sorted(_notebook_seconds.items()):
        flag = "  OVER BUDGET" if seconds > NOTEBOOK_BUDGET_S else ""
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}{flag}")


def pytest_sessionfinish(session, exitstatus):
    over = {p: s for p, s in _notebook_seconds.items() if s > NOTEBOOK_BUDGET_S}
    if over and session.exitstatus == 0:
        print(f"\nNotebooks over the {NOTEBOOK_BUDGET_S:.0f} s budget: {over}")
        session.exitstatus = 1
