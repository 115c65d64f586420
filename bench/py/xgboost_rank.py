"""XGBoost side of bench/gbdt.bench.ts: train rank:ndcg with the hist method on the same ranking data.

usage: xgboost_rank.py <dir> <trees> <leaves> <learning_rate> <max_bin> <nthread>
<dir> holds train_x.f32, train_y.f32, train_g.i32, test_x.f32 (row-major float32, labels, query sizes) and
meta.json ({"num_features": F}). Writes test_pred.f32 and prints one JSON line with timings.
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb


def main() -> None:
    d, trees, leaves, lr, max_bin, nthread = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    meta = json.load(open(f"{d}/meta.json"))
    F = meta["num_features"]
    x = np.fromfile(f"{d}/train_x.f32", dtype=np.float32).reshape(-1, F)
    y = np.fromfile(f"{d}/train_y.f32", dtype=np.float32)
    g = np.fromfile(f"{d}/train_g.i32", dtype=np.int32)
    tx = np.fromfile(f"{d}/test_x.f32", dtype=np.float32).reshape(-1, F)
    t0 = time.perf_counter()
    dtrain = xgb.DMatrix(x, label=y, missing=np.nan, nthread=nthread)
    dtrain.set_group(g)
    params = {
        "objective": "rank:ndcg", "tree_method": "hist", "max_bin": max_bin, "eta": lr,
        "grow_policy": "lossguide", "max_leaves": leaves, "max_depth": 0, "lambda": 1.0,
        "min_child_weight": 1e-3, "nthread": nthread, "eval_metric": "ndcg@10", "seed": 1,
    }
    t1 = time.perf_counter()
    c1 = time.process_time()
    booster = xgb.train(params, dtrain, num_boost_round=trees)
    t2 = time.perf_counter()
    c2 = time.process_time()
    pred = booster.predict(xgb.DMatrix(tx, missing=np.nan, nthread=nthread))
    pred.astype(np.float32).tofile(f"{d}/test_pred.f32")
    print(json.dumps({"version": xgb.__version__, "dmatrix_s": t1 - t0, "train_s": t2 - t1, "train_cpu_s": c2 - c1, "nthread": nthread}))


if __name__ == "__main__":
    main()
