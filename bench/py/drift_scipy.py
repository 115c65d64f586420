"""Side-by-side reference for bench/drift.bench.ts: the same drift statistics with numpy/scipy.

usage: drift_scipy.py baseline.f64 current.f64 cat_a.i32 cat_b.i32 k p.f64 q.f64
Prints one JSON object: per statistic the median seconds of 5 runs and the value(s), so the bench can
report the ratio and check our p-values against scipy's.
"""
import json
import sys

import numpy as np
from scipy import stats
from timing import timed



def psi(b, c, bins=10, eps=1e-4):
    edges = np.quantile(b, np.arange(1, bins) / bins)  # numpy's default is type 7, like ours
    # right-closed bins: x <= edge goes left, as in our binCounts
    bi = np.searchsorted(edges, b, side="left")
    ci = np.searchsorted(edges, c, side="left")
    pb = np.maximum(np.bincount(bi, minlength=bins) / len(b), eps)
    pc = np.maximum(np.bincount(ci, minlength=bins) / len(c), eps)
    return float(np.sum((pc - pb) * np.log(pc / pb)))


def main():
    base = np.fromfile(sys.argv[1], dtype=np.float64)
    cur = np.fromfile(sys.argv[2], dtype=np.float64)
    ca = np.fromfile(sys.argv[3], dtype=np.int32)
    cb = np.fromfile(sys.argv[4], dtype=np.int32)
    k = int(sys.argv[5])
    p = np.fromfile(sys.argv[6], dtype=np.float64)
    q = np.fromfile(sys.argv[7], dtype=np.float64)
    res = {"numpy": np.__version__}
    import scipy
    res["scipy"] = scipy.__version__
    t, v = timed(lambda: psi(base, cur), runs=5)
    res["psi"] = {"seconds": t, "value": v}
    t, v = timed(lambda: stats.ks_2samp(base, cur, method="asymp"), runs=5)
    res["ks"] = {"seconds": t, "statistic": float(v.statistic), "pvalue": float(v.pvalue)}

    def chi():
        table = np.vstack([np.bincount(ca, minlength=k), np.bincount(cb, minlength=k)])
        return stats.chi2_contingency(table, correction=False)

    t, v = timed(chi, runs=5)
    res["chi2"] = {"seconds": t, "statistic": float(v[0]), "pvalue": float(v[1]), "dof": int(v[2])}

    def kl():
        pe = np.maximum(p / p.sum(), 1e-12)
        qe = np.maximum(q / q.sum(), 1e-12)
        return stats.entropy(pe, qe)  # entropy() renormalises, as our klDivergence does

    t, v = timed(kl, runs=5)
    res["kl"] = {"seconds": t, "value": float(v)}
    print(json.dumps(res))


if __name__ == "__main__":
    main()
