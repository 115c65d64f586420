"""The anchors' one timing rule: one untimed call (imports, caches, allocation), then the median of `runs` calls."""
import time

import numpy as np


def timed(fn, runs=3):
    fn()
    times = []
    out = None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), out
