#!/usr/bin/env python3
"""Side-by-side reference for bench/compression.bench.ts: Debian's python3-faiss on the same vectors and parameters.

Usage: faiss_ivfpq.py <vectors.f32> <queries.f32> <truth.i32> <dim> <nlist> <m> <nbits> <nprobe,nprobe,...> <rerank> <seed>
IndexIVFPQ over an inner-product coarse quantizer (residuals encoded, as ours), one thread; rerank > 0 also wraps it in
IndexRefineFlat (exact re-scoring of the top `rerank` candidates; faiss requires the wrapper before the vectors are
added, so the add goes through it and its time includes copying the raw vectors). Prints one JSON object: train and
add seconds, bytes per vector of the codes, and per nprobe the recall@10 against the given truth and single-query QPS,
without re-ranking and (rerank > 0) with it.
"""
import json
import sys
import time

import faiss
import numpy as np


def main() -> None:
    vec_file, q_file, truth_file = sys.argv[1:4]
    dim, nlist, m, nbits = (int(x) for x in sys.argv[4:8])
    nprobes = [int(x) for x in sys.argv[8].split(",")]
    rerank, seed = int(sys.argv[9]), int(sys.argv[10])
    faiss.omp_set_num_threads(1)
    data = np.fromfile(vec_file, dtype=np.float32).reshape(-1, dim)
    queries = np.fromfile(q_file, dtype=np.float32).reshape(-1, dim)
    truth = np.fromfile(truth_file, dtype=np.int32).reshape(len(queries), -1)[:, :10]
    quantizer = faiss.IndexFlatIP(dim)
    ivf = faiss.IndexIVFPQ(quantizer, dim, nlist, m, nbits, faiss.METRIC_INNER_PRODUCT)
    ivf.cp.seed = seed
    ivf.pq.cp.seed = seed
    t0 = time.perf_counter()
    ivf.train(data)
    train = time.perf_counter() - t0
    refine = None
    if rerank > 0:
        refine = faiss.IndexRefineFlat(ivf)
        refine.k_factor = max(1.0, rerank / 10)
    t0 = time.perf_counter()
    (refine if refine is not None else ivf).add(data)
    add = time.perf_counter() - t0
    out = {"train_seconds": train, "add_seconds": add, "n": len(data), "code_bytes": ivf.code_size, "version": faiss.__version__, "nprobe": []}

    def run(index):
        index.search(queries[:1], 10)  # warm-up
        labels = np.empty((len(queries), 10), dtype=np.int64)
        t0 = time.perf_counter()
        for i in range(len(queries)):
            labels[i] = index.search(queries[i : i + 1], 10)[1][0]
        elapsed = time.perf_counter() - t0
        hits = sum(len(set(labels[i]).intersection(truth[i])) for i in range(len(queries)))
        return hits / (10 * len(queries)), len(queries) / elapsed

    for nprobe in nprobes:
        ivf.nprobe = nprobe
        recall, qps = run(ivf)
        point = {"nprobe": nprobe, "recall_at_10": recall, "qps": qps}
        if refine is not None:
            point["rerank_recall_at_10"], point["rerank_qps"] = run(refine)
        out["nprobe"].append(point)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
