"""``make bench``: helpers vs torch vs the hardware; a table and _build/bench.json.

    python -m benchmarks.run            # everything (about 10 minutes)
    python -m benchmarks.run --quick    # small sizes, no notebooks/build/test run
"""

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import torch

from benchmarks import book, cases

ROOT = Path(__file__).resolve().parent.parent


def machine():
    """What the numbers were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "numpy": np.__version__, "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(),
            "date": time.strftime("%Y-%m-%d")}


def fmt_time(seconds):
    if seconds is None:
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.0f} µs"


def table(records):
    """A Markdown table: the README shows it as it is."""
    lines = ["| case | size | ours | torch | bound | ours/torch | ours/bound |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in records:
        ratio_torch = f"{r['ours_s'] / r['torch_s']:.2f}×" if r["torch_s"] else "—"
        ratio_bound = f"{r['ours_s'] / r['bound_s']:.2f}×" if r["bound_s"] else "—"
        lines.append(f"| {r['name']} | {r['size']} | {fmt_time(r['ours_s'])} | "
                     f"{fmt_time(r['torch_s'])} | {fmt_time(r['bound_s'])} | "
                     f"{ratio_torch} | {ratio_bound} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes and no notebooks, build or test run (a smoke test)")
    parser.add_argument("--json", default=str(ROOT / "_build" / "bench.json"),
                        help="where to write the records")
    parser.add_argument("--skip-tests", action="store_true",
                        help="do not run the test suite for its peak memory")
    args = parser.parse_args(argv)

    if args.quick:
        sizes, shapes, repeats = [10_000], [(8, 16), (4, 8, 4, 4)], 3
    else:
        sizes = [1_000_000, 10_000_000]
        shapes, repeats = [(256, 1024), (64, 64, 32, 32)], 9

    records = cases.optimizer_cases(sizes, repeats) + cases.norm_cases(shapes, repeats)
    if not args.quick:
        notebooks = book.notebook_times(book.chapter_notebooks())
        records += notebooks
        records.append({"name": "whole book (notebooks)", "size": f"{len(notebooks)} notebooks",
                        "ours_s": sum(r["ours_s"] for r in notebooks),
                        "torch_s": None, "bound_s": None})
        records.append(book.build_time())
        if not args.skip_tests:
            records.append(book.test_run_peak_memory())

    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores; numpy {info['numpy']}, "
          f"torch {info['torch']} ({info['torch_threads']} threads), {info['date']}")
    print("torch = 1 thread (foreach=False for optimizers); "
          "bound = memory-bandwidth bound measured in this run")
    print(table(records))
    path = Path(args.json)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"machine": info, "records": records}, indent=1,
                               ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten: {path}")
    return records


if __name__ == "__main__":
    main()
