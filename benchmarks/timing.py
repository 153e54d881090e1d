"""Timing tools: the median of repeated runs, and a memory-bandwidth bound
measured in the same process."""

import statistics
import time

import numpy as np


def median_time(fn, repeats=7, warmup=2):
    """Median wall time in seconds of ``fn()`` over ``repeats`` runs after ``warmup``."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def stream_bandwidth(n, dtype=np.float32, repeats=7):
    """Bytes per second that NumPy streams through memory on arrays of ``n`` elements.

    Two kernels: ``np.copyto(b, a)`` moves 2 arrays (read a, write b), and
    ``np.add(a, b, out=c)`` moves 3. The faster of the two is the bandwidth
    a single-threaded NumPy loop can reach on this machine.
    """
    a = np.ones(n, dtype)
    b = np.ones(n, dtype)
    c = np.empty(n, dtype)
    nbytes = a.nbytes
    copy = 2 * nbytes / median_time(lambda: np.copyto(b, a), repeats)
    add = 3 * nbytes / median_time(lambda: np.add(a, b, out=c), repeats)
    return max(copy, add)


def bandwidth_bound(n, arrays_moved, bandwidth, dtype=np.float32):
    """The least time to move ``arrays_moved`` arrays of ``n`` elements at ``bandwidth``.

    An Adam step must read θ, g, v, r and write θ, v, r: 7 arrays.
    """
    return arrays_moved * n * np.dtype(dtype).itemsize / bandwidth
