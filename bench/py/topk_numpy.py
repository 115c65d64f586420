"""Side-by-side reference for bench/top-k.bench.ts: numpy's top-k and bootstrap percentile on the bench's data.

usage: topk_numpy.py manifest.json
The manifest lists top-k cases ({"scores": file of float32, "k": k}) and bootstrap cases ({"samples": file of
float64, "indices": file of int32, B rows of n resample indices, "q": q}). Prints one JSON object: per case the median
seconds (timing.timed), the CPU share of that wall time and the answer, so the bench reports the ratio and checks the answers against its own.
"""
import json
import sys
import time

import numpy as np
from timing import timed


def top_k(s, k):
    """argpartition for the k largest, then argsort of those k, best first (stable: ties to the lower position)."""
    part = np.argpartition(-s, k - 1)[:k]
    return part[np.argsort(-s[part], kind="stable")]


def timed_share(fn, runs):
    """timing.timed, plus the share of its wall time this process had the CPU (< 1: it waited for a core)."""
    c0, w0 = time.process_time(), time.perf_counter()
    t, out = timed(fn, runs=runs)
    return t, out, (time.process_time() - c0) / (time.perf_counter() - w0)


def runs_for(n):
    return 21 if n <= 100_000 else 7


def main():
    with open(sys.argv[1]) as f:
        manifest = json.load(f)
    res = {"numpy": np.__version__, "topk": [], "bootstrap": []}
    for case in manifest["topk"]:
        s = np.fromfile(case["scores"], dtype=np.float32)
        k = int(case["k"])
        t, idx, share = timed_share(lambda: top_k(s, k), runs_for(len(s)))
        res["topk"].append({"seconds": t, "cpuShare": share, "indices": [int(i) for i in idx]})
    for case in manifest["bootstrap"]:
        x = np.fromfile(case["samples"], dtype=np.float64)
        idx = np.fromfile(case["indices"], dtype=np.int32).reshape(-1, len(x))
        q = float(case["q"])
        # the same B resamples the bench's Bootstrap drew; numpy's default method is 'linear' (type 7), like ours
        t, v, share = timed_share(lambda: np.percentile(x[idx], 100 * q, axis=1), 7)
        res["bootstrap"].append({"seconds": t, "cpuShare": share, "values": [float(a) for a in v]})
    print(json.dumps(res))


if __name__ == "__main__":
    main()
