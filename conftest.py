"""Root pytest setup: the time budget of every notebook run by nbval (hooks here see book/ and tests/ alike)."""

from __future__ import annotations

import os
from collections import defaultdict

# Each notebook must run in under 45 s on 2 CPU cores (DEVELOPERS.md). NOTEBOOK_SECONDS overrides for slow machines.
NOTEBOOK_BUDGET_S = float(os.environ.get("NOTEBOOK_SECONDS", "45"))
_notebook_seconds: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[path] += report.duration  # setup (kernel start) + call + teardown of every cell


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not _notebook_seconds:
        return
    terminalreporter.section("notebook execution times (nbval)")
    for path, seconds in sorted(_notebook_seconds.items()):
        flag = f"  OVER THE {NOTEBOOK_BUDGET_S:.0f} s BUDGET" if seconds > NOTEBOOK_BUDGET_S else ""
        terminalreporter.write_line(f"{seconds:7.1f} s  {path}{flag}")


def pytest_sessionfinish(session, exitstatus):
    over = {path: round(s, 1) for path, s in _notebook_seconds.items() if s > NOTEBOOK_BUDGET_S}
    if over and session.exitstatus == 0:
        print(f"\nNotebooks over the {NOTEBOOK_BUDGET_S:.0f} s budget: {over}")
        session.exitstatus = 1
