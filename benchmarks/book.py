"""Whole-book costs: each notebook's execution time, the site build, and the peak
memory of the test run."""

import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def chapter_notebooks():
    """Every notebook of the book, in a stable order."""
    return sorted(p for p in (ROOT / "book").rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts)


def notebook_times(notebooks):
    """Execute each notebook with nbclient in a fresh kernel; seconds per notebook.

    The kernel starts in the notebook's folder, as under nbval and jupyter-book.
    Kernel start-up is included: a reader pays it too.
    """
    import nbformat
    from nbclient import NotebookClient

    records = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        client.execute()
        records.append({"name": "notebook", "size": str(path.relative_to(ROOT)),
                        "ours_s": time.perf_counter() - start,
                        "torch_s": None, "bound_s": None})
    return records


def _run(command):
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}"
                           f"\n{result.stderr[-3000:]}")


def build_time():
    """Seconds to rebuild every page of the site from the execution cache.

    A first build fills the cache if needed (not timed); the second rebuilds all
    pages (``--all``) but reuses the stored notebook outputs.
    """
    jupyter_book = Path(sys.executable).with_name("jupyter-book")  # the venv's CLI
    command = [str(jupyter_book), "build", str(ROOT),
               "--builder", "html", "-W", "-n", "--keep-going", "--quiet"]
    _run(command)
    start = time.perf_counter()
    _run(command + ["--all"])
    return {"name": "site build from cache", "size": "all pages",
            "ours_s": time.perf_counter() - start, "torch_s": None, "bound_s": None}


def test_run_peak_memory(pytest_args=()):
    """Run the test suite (as ``make test``) and sample the resident memory of its
    whole process tree (pytest, kernels, the book build) every 0.1 s.

    Returns a record with the peak in MiB and the run's wall time.
    """
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "--nbval", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
               *pytest_args]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    peak = 0
    root = psutil.Process(process.pid)

    def sample():
        nonlocal peak
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                total = 0
                for p in tree:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total)
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    returncode = process.wait()
    sampler.join()
    return {"name": "test run peak memory", "size": f"{peak / 2**20:.0f} MiB",
            "ours_s": time.perf_counter() - start, "torch_s": None, "bound_s": None,
            "peak_MiB": peak / 2**20, "returncode": returncode}
