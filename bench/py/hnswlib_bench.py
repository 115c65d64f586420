#!/usr/bin/env python3
"""Side-by-side reference for bench/ann.bench.ts: Debian's python3-hnswlib on the same vectors and parameters.

Usage: hnswlib_bench.py <vectors.f32> <queries.f32> <truth.i32> <dim> <M> <efC> <seed> <threads> <ef,ef,...> [passes]
Prints one JSON object: build seconds, and per ef the recall@10 against the given truth and single-query QPS
(one knn_query call per query, like the Node adapter makes one searchKnn call per query); with passes > 1 the
queries are timed that many times and the fastest pass counts (the least disturbed by other work on the machine),
and each ef also reports block_us_p50: the median over blocks of 20 consecutive queries of a block's time per query,
the statistic bench/hnsw-call.bench.ts takes on the Node side (a short block is less often preempted than a pass).
"""
import json
import sys
import time

import hnswlib
import numpy as np


def main() -> None:
    vec_file, q_file, truth_file = sys.argv[1:4]
    dim, m, efc, seed, threads = (int(x) for x in sys.argv[4:9])
    efs = [int(x) for x in sys.argv[9].split(",")]
    passes = int(sys.argv[10]) if len(sys.argv) > 10 else 1
    data = np.fromfile(vec_file, dtype=np.float32).reshape(-1, dim)
    queries = np.fromfile(q_file, dtype=np.float32).reshape(-1, dim)
    truth = np.fromfile(truth_file, dtype=np.int32).reshape(len(queries), -1)[:, :10]
    index = hnswlib.Index(space="ip", dim=dim)
    index.init_index(max_elements=len(data), M=m, ef_construction=efc, random_seed=seed)
    index.set_num_threads(threads)
    t0 = time.perf_counter()
    index.add_items(data, np.arange(len(data)))
    build = time.perf_counter() - t0
    index.set_num_threads(1)
    out = {"build_seconds": build, "n": len(data), "threads": threads, "version": getattr(hnswlib, "__version__", "unknown"), "ef": []}
    for ef in efs:
        index.set_ef(ef)
        index.knn_query(queries[:1], k=10)  # warm-up
        labels = np.empty((len(queries), 10), dtype=np.int64)
        elapsed = float("inf")
        blocks = []
        for _ in range(passes):
            t0 = time.perf_counter()
            tb = t0
            for i in range(len(queries)):
                labels[i] = index.knn_query(queries[i : i + 1], k=10)[0][0]
                if (i + 1) % 20 == 0:
                    now = time.perf_counter()
                    blocks.append((now - tb) / 20 * 1e6)
                    tb = now
            elapsed = min(elapsed, time.perf_counter() - t0)
        blocks.sort()
        hits = sum(len(set(labels[i]).intersection(truth[i])) for i in range(len(queries)))
        out["ef"].append({"ef": ef, "recall_at_10": hits / (10 * len(queries)), "qps": len(queries) / elapsed, "block_us_p50": blocks[len(blocks) // 2] if blocks else None})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
