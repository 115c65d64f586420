/**
 * Serving one simulated day with one model: rank each request's candidates by the model's score,
 * measure the ranking against the truth (NDCG@10 with the true click probability at the top slot as
 * graded relevance), show the top slate, draw clicks with the position-biased click model, and log
 * the shown rows (position feature filled in) as tomorrow's training data.
 */
import { sigmoid } from '../../core/logistic/index.js';
import type { DriftWorld } from './drift-schedule.js';
import { FEATURE, type DayBatch } from './daily-stream.js';

export interface LoggedDay {
  day: number;
  rows: number;
  featureDim: number;
  X: Float32Array;
  y: Uint8Array;
}

export interface ServedDay {
  ndcgAt10: number;
  ctr: number;
  log: LoggedDay;
}

/**
 * Indices of the k largest scores among [start, start + n), best first, ties by lower index.
 * Insertion into a k-sized buffer: O(n·k) worst case, ~O(n) for k = 10 on random scores — the hot
 * path of the timeline (ndcgAtK's full comparator sort was 5× slower here). Checked against a full
 * sort and core/metrics ndcgAtK in test/production/drift-world.test.ts.
 */
export function topIndices(scores: ArrayLike<number>, start: number, n: number, k: number, out: Int32Array): number {
  let size = 0;
  for (let c = 0; c < n; c++) {
    const s = scores[start + c];
    if (size === k && s <= scores[start + out[size - 1]]) continue;
    let pos = size < k ? size++ : k - 1;
    while (pos > 0 && scores[start + out[pos - 1]] < s) {
      out[pos] = out[pos - 1];
      pos--;
    }
    out[pos] = c;
  }
  return size;
}

/**
 * Serve `batch` with `scores` (one per candidate row). Returns mean NDCG@10 against the truth,
 * realised CTR of the shown slates, and the logged rows. O(rows · (k + featureDim)).
 */
export function serveDay(dw: DriftWorld, batch: DayBatch, scores: ArrayLike<number>): ServedDay {
  const S = dw.world.config.slateSize;
  const bias = dw.world.config.positionBias;
  const { requests, candidates: C, featureDim: F, relevance } = batch;
  const slate = Math.min(S, C);
  const log: LoggedDay = { day: batch.day, rows: 0, featureDim: F, X: new Float32Array(requests * slate * F), y: new Uint8Array(requests * slate) };
  const K = Math.max(S, 10);
  const top = new Int32Array(K);
  let ndcg = 0;
  let clicks = 0;
  let w = 0;
  for (let r = 0; r < requests; r++) {
    const start = r * C;
    // one top-K pass serves both the NDCG@10 and the slate
    const m = topIndices(scores, start, C, K, top);
    let dcg = 0;
    for (let k = 0; k < Math.min(10, m); k++) dcg += relevance[start + top[k]] / Math.log2(k + 2);
    ndcg += batch.idealDcg[r] > 0 ? dcg / batch.idealDcg[r] : 0;
    if (batch.explore[r]) for (let s = 0; s < slate; s++) top[s] = s; // candidates are random draws: a random slate
    for (let s = 0; s < slate; s++) {
      const row = start + top[s];
      const click = batch.clickUniforms[r * S + s] < sigmoid(batch.trueLogit[row] + bias[s]) ? 1 : 0;
      clicks += click;
      log.X.set(batch.X.subarray(row * F, row * F + F), w * F);
      log.X[w * F + FEATURE.position] = Math.log2(1 + s);
      log.y[w] = click;
      w++;
    }
  }
  log.rows = w;
  return { ndcgAt10: ndcg / requests, ctr: w > 0 ? clicks / w : 0, log };
}

/** A random order per request (the exploration policy that logs the warm-up days). */
export function randomScores(n: number, rng: { next(): number }): Float64Array {
  return Float64Array.from({ length: n }, () => rng.next());
}
