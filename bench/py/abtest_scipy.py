"""Side-by-side reference for bench/abtest.bench.ts: CUPED and the SRM check with numpy/scipy, and the same
A/A simulation (tests x looks x users per arm, a Bernoulli click per user, peeking z-test and mSPRT) vectorised.

usage: abtest_scipy.py y.f64 x.f64 arms.u8 tests users_per_arm looks ctr tau
Prints one JSON object: per task the median seconds of 3 runs and the values, so the bench can report the
ratio and check our numbers against these.
"""
import json
import sys

import numpy as np
from scipy import stats
from timing import timed



def cuped(y, x):
    xm = x.mean()
    theta = np.dot(y - y.mean(), x - xm) / np.dot(x - xm, x - xm)
    adjusted = y - theta * (x - xm)
    return theta, 1 - adjusted.var() / y.var()


def srm(arms):
    counts = np.bincount(arms, minlength=2)
    return stats.chisquare(counts, counts.sum() * np.array([0.5, 0.5]))


def aa(tests, per_arm, looks, ctr, tau, seed=7):
    rng = np.random.default_rng(seed)
    per_look = per_arm // looks
    fixed = peeking = msprt = 0
    chunk = 500
    for start in range(0, tests, chunk):
        m = min(chunk, tests - start)
        clicks = (rng.random((m, looks, 2, per_look)) < ctr).sum(axis=3).cumsum(axis=1)  # (m, looks, 2)
        n = per_look * np.arange(1, looks + 1)[None, :]
        pa, pb = clicks[:, :, 0] / n, clicks[:, :, 1] / n
        pooled = (clicks[:, :, 0] + clicks[:, :, 1]) / (2 * n)
        v = pooled * (1 - pooled) * (2 / n)
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (pb - pa) / np.sqrt(v)
            lam = np.sqrt(v / (v + tau * tau)) * np.exp(tau * tau * (pb - pa) ** 2 / (2 * v * (v + tau * tau)))
        sig = 2 * stats.norm.sf(np.abs(z)) < 0.05
        fixed += int(sig[:, -1].sum())
        peeking += int(sig.any(axis=1).sum())
        msprt += int((lam >= 20).any(axis=1).sum())
    return fixed / tests, peeking / tests, msprt / tests


def main():
    y = np.fromfile(sys.argv[1], dtype=np.float64)
    x = np.fromfile(sys.argv[2], dtype=np.float64)
    arms = np.fromfile(sys.argv[3], dtype=np.uint8)
    tests, per_arm, looks = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    ctr, tau = float(sys.argv[7]), float(sys.argv[8])
    import scipy
    res = {"numpy": np.__version__, "scipy": scipy.__version__}
    t, (theta, vr) = timed(lambda: cuped(y, x))
    res["cuped"] = {"seconds": t, "theta": float(theta), "variance_reduction": float(vr)}
    t, r = timed(lambda: srm(arms))
    res["srm"] = {"seconds": t, "statistic": float(r.statistic), "pvalue": float(r.pvalue)}
    t, (f, p, m) = timed(lambda: aa(tests, per_arm, looks, ctr, tau), runs=1)
    res["aa"] = {"seconds": t, "fixed": f, "peeking": p, "msprt": m}
    print(json.dumps(res))


if __name__ == "__main__":
    main()
