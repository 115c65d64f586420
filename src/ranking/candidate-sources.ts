/**
 * Candidate generation for ranking requests, pluggable: anything implementing CandidateSource can feed
 * the ranker (the two-tower + ANN retriever when it is available; popularity, co-occurrence and a
 * category-taste proxy otherwise, blended).
 */
import { UsageError } from '../core/errors.js';
import { topK } from '../core/vec.js';
import { historyEnd, type RankingIndex } from './world-index.js';

export interface RankingRequest {
  user: number;
  /** request time, days since the start of the timeline */
  time: number;
}

export interface Candidates {
  items: Int32Array;
  /** retrieval score, higher is better, same order as items (best first) */
  scores: Float32Array;
}

export interface CandidateSource {
  readonly name: string;
  /** up to k items the user could be shown at req.time (items created after it are excluded) */
  candidates(req: RankingRequest, k: number): Candidates;
}

/** Accumulates scores per item for a request, without per-item allocation across requests. */
class ScoreBoard {
  private readonly score: Float64Array;
  private readonly touched: number[] = [];
  constructor(n: number) {
    this.score = new Float64Array(n).fill(NaN);
  }
  add(i: number, s: number): void {
    if (Number.isNaN(this.score[i])) {
      this.score[i] = 0;
      this.touched.push(i);
    }
    this.score[i] += s;
  }
  take(k: number): Candidates {
    const vals = this.touched.map((i) => this.score[i]);
    const order = topK(vals, k);
    const items = Int32Array.from(order, (o) => this.touched[o]);
    const scores = Float32Array.from(order, (o) => vals[o]);
    for (const i of this.touched) this.score[i] = NaN;
    this.touched.length = 0;
    return { items, scores };
  }
}

/**
 * Popularity + co-occurrence with the user's recent items + the most popular items of the user's
 * favourite categories. Each source's scores are scaled to [0, 1] and weighted, so an item several
 * sources agree on rises. O(k + history) per request.
 */
export class BlendedSource implements CandidateSource {
  readonly name = 'popularity+cooccurrence+category-taste';
  private readonly board: ScoreBoard;
  constructor(private readonly idx: RankingIndex, private readonly recent = 10) {
    this.board = new ScoreBoard(idx.world.items.count);
  }

  candidates(req: RankingRequest, k: number): Candidates {
    const { idx, board } = this;
    const created = idx.world.items.createdDay;
    const ok = (i: number) => created[i] <= req.time;
    const end = historyEnd(idx, req.user, req.time);
    const start = Math.max(idx.byUser.offsets[req.user], end - this.recent);
    // co-occurrence with recent items
    for (let h = start; h < end; h++) {
      const x = idx.byUser.items[h];
      const lo = idx.coocOffsets[x];
      const hi = idx.coocOffsets[x + 1];
      const top = hi > lo ? idx.coocCounts[lo] : 1;
      for (let j = lo; j < hi; j++) if (ok(idx.coocItems[j])) board.add(idx.coocItems[j], idx.coocCounts[j] / top);
    }
    // favourite categories of the whole history
    const cats = new Map<number, number>();
    for (let h = idx.byUser.offsets[req.user]; h < end; h++) {
      const c = idx.world.items.category[idx.byUser.items[h]];
      cats.set(c, (cats.get(c) ?? 0) + 1);
    }
    const fav = [...cats.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 3);
    const perCat = Math.ceil(k / 2 / Math.max(1, fav.length));
    for (const [c, cnt] of fav) {
      const w = 0.8 * (cnt / fav[0][1]);
      let taken = 0;
      for (let j = idx.categoryOffsets[c]; j < idx.categoryOffsets[c + 1] && taken < perCat; j++) {
        const i = idx.categoryItems[j];
        if (!ok(i)) continue;
        board.add(i, w * (1 - taken / perCat));
        taken++;
      }
    }
    // global popularity fills the rest
    let taken = 0;
    const maxPop = Math.max(1, idx.itemPopularity[idx.popularOrder[0]]);
    for (let j = 0; j < idx.popularOrder.length && taken < k; j++) {
      const i = idx.popularOrder[j];
      if (!ok(i)) continue;
      board.add(i, 0.5 * Math.sqrt(idx.itemPopularity[i] / maxPop));
      taken++;
    }
    return board.take(k);
  }
}

/**
 * Dot product of user and item vectors over the whole catalog (exact search): the two-tower or MF
 * retriever, given their embeddings. O(items · dim) per request.
 */
export class EmbeddingSource implements CandidateSource {
  constructor(
    readonly name: string,
    private readonly idx: RankingIndex,
    private readonly userVectors: Float32Array,
    private readonly itemVectors: Float32Array,
    private readonly dim: number,
  ) {
    if (itemVectors.length !== idx.world.items.count * dim) throw new UsageError(`EmbeddingSource: itemVectors must be items × dim = ${idx.world.items.count} × ${dim}, got ${itemVectors.length}`);
  }

  candidates(req: RankingRequest, k: number): Candidates {
    const n = this.idx.world.items.count;
    const scores = new Float32Array(n);
    const u = req.user * this.dim;
    const created = this.idx.world.items.createdDay;
    for (let i = 0; i < n; i++) {
      if (created[i] > req.time) {
        scores[i] = -Infinity;
        continue;
      }
      let s = 0;
      const o = i * this.dim;
      for (let d = 0; d < this.dim; d++) s += this.userVectors[u + d] * this.itemVectors[o + d];
      scores[i] = s;
    }
    const items = topK(scores, k);
    return { items, scores: Float32Array.from(items, (i) => scores[i]) };
  }
}
