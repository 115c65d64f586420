/**
 * The inverted file (IVF; Sivic & Zisserman 2003, as faiss's IndexIVF): k-means splits the space into nlist
 * cells; every vector is stored in the list of its cell, and a query scans only the nprobe cells whose centroids
 * score best — nprobe / nlist of the data instead of all of it. With nprobe = nlist it is exact search.
 *
 * Two encodings of the stored vectors:
 * - flat: the vectors themselves (IVF-Flat);
 * - pq: a product-quantization code of the residual x − c (IVF-PQ, Jégou et al. 2011 §IV): residuals are more
 *   compact than the vectors, so the same m bytes describe them better. For the inner product,
 *   q·x = q·c + q·r, so one ADC table on q serves every list, plus a per-list offset q·c; for L2 the table is
 *   built per probed list on q − c.
 * Scores are larger-is-better: ip → q·x, l2 → −‖q − x‖². Cells are chosen by the same metric (faiss's IndexFlatIP
 * or IndexFlatL2 quantizer); the centroids are trained by L2 k-means on at most 256 · nlist sampled points.
 */
import type { Rng } from '../rng.js';
import { kmeans, sampleRows } from './kmeans.js';
import { jsKernels, type QuantKernels } from './kernels.js';
import { adcTable, encodeVectors, trainProductQuantizer, type PqMetric, type ProductQuantizer } from './product-quantizer.js';
import { TopKHeap } from './top-k-heap.js';

export type IvfEncoding = 'flat' | 'pq';

export interface InvertedFileConfig {
  dim: number;
  metric: PqMetric;
  nlist: number;
  encoding: IvfEncoding;
  /** product quantization of the residuals (encoding 'pq') */
  pqM?: number;
  nbits?: number;
  iterations?: number;
  /** the distance loops: JS references by default (src/retrieval passes the native kernel when it is built) */
  kernels?: QuantKernels;
}

/** A growable list of (id, code) pairs. */
class CellList {
  ids = new Int32Array(8);
  codes: Float32Array | Uint8Array;
  size = 0;
  constructor(private readonly width: number, bytes: boolean) {
    this.codes = bytes ? new Uint8Array(8 * width) : new Float32Array(8 * width);
  }
  /** The slot for one more entry (grows by doubling); returns its offset in `codes`. */
  append(id: number): number {
    if (this.size === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const codes = new (this.codes.constructor as new (n: number) => Float32Array | Uint8Array)(this.codes.length * 2);
      codes.set(this.codes);
      this.codes = codes;
    }
    this.ids[this.size] = id;
    return this.size++ * this.width;
  }
}

export class InvertedFile {
  readonly dim: number;
  readonly metric: PqMetric;
  readonly nlist: number;
  readonly encoding: IvfEncoding;
  centroids: Float32Array = new Float32Array(0);
  pq: ProductQuantizer | null = null;
  private lists: CellList[] = [];
  private count = 0;
  private readonly residual: Float32Array;
  private readonly cellScores: Float32Array;
  private readonly kernels: QuantKernels;
  private scanScores = new Float64Array(0);

  constructor(readonly config: InvertedFileConfig) {
    this.dim = config.dim;
    this.metric = config.metric;
    this.nlist = config.nlist;
    this.encoding = config.encoding;
    if (!(Number.isInteger(config.nlist) && config.nlist >= 1)) throw new Error(`inverted file: nlist must be an integer ≥ 1, got ${config.nlist}`);
    this.residual = new Float32Array(this.dim);
    this.cellScores = new Float32Array(this.nlist);
    this.kernels = config.kernels ?? jsKernels;
  }

  get trained(): boolean {
    return this.centroids.length > 0;
  }

  get size(): number {
    return this.count;
  }

  /** Learn the cells (and the residual codebooks) from n training rows. */
  train(data: Float32Array, n: number, rng: Rng): void {
    if (n < this.nlist) throw new Error(`inverted file: nlist = ${this.nlist} cells need at least nlist training vectors, got ${n}`);
    const { rows, count } = sampleRows(data, n, this.dim, 256 * this.nlist, rng.fork('ivf-sample'));
    this.centroids = kmeans(rows, count, this.dim, this.nlist, rng.fork('ivf-kmeans'), { iterations: this.config.iterations ?? 20, kernels: this.kernels }).centroids;
    this.lists = Array.from({ length: this.nlist }, () => new CellList(this.encoding === 'pq' ? this.config.pqM! : this.dim, this.encoding === 'pq'));
    if (this.encoding !== 'pq') return;
    const residuals = this.residuals(rows, count, this.assignAll(rows, count));
    this.pq = trainProductQuantizer(residuals, count, this.dim, rng.fork('ivf-pq'), { m: this.config.pqM!, nbits: this.config.nbits!, iterations: this.config.iterations, kernels: this.kernels });
  }

  /** Score of the query (at q[qo …]) against every centroid, into cellScores. */
  private scoreCells(q: Float32Array, qo: number): Float32Array {
    this.kernels.scoreRows(q, qo, this.dim, this.centroids, this.nlist, this.metric === 'ip' ? 1 : 0, this.cellScores);
    return this.cellScores;
  }

  /** The cell a vector is stored in: the best-scoring centroid (lowest index on ties). */
  assign(data: Float32Array, offset: number): number {
    const s = this.scoreCells(data, offset);
    let best = 0;
    for (let c = 1; c < this.nlist; c++) if (s[c] > s[best]) best = c;
    return best;
  }

  /** The cell of each of n rows (as assign, all at once through the kernel). */
  assignAll(data: Float32Array, n: number): Int32Array {
    const cells = new Int32Array(n);
    this.kernels.nearestRows(data, n, this.dim, 0, this.dim, this.centroids, this.nlist, this.metric === 'l2' ? 0 : 1, cells, new Float64Array(n));
    return cells;
  }

  /** x − c(x) for n rows and their cells. */
  private residuals(data: Float32Array, n: number, cells: Int32Array): Float32Array {
    const { dim } = this;
    const out = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) out[i * dim + d] = data[i * dim + d] - this.centroids[cells[i] * dim + d];
    return out;
  }

  /** Store n row-major vectors under `ids` (default size, size + 1, …). */
  add(data: Float32Array, n: number, ids?: ArrayLike<number>): void {
    if (!this.trained) throw new Error('inverted file: train before add');
    const { dim } = this;
    const cells = this.assignAll(data, n);
    const codes = this.encoding === 'pq' ? encodeVectors(this.pq!, this.residuals(data, n, cells), n, this.kernels) : null;
    const m = this.pq?.m ?? 0;
    for (let i = 0; i < n; i++) {
      const list = this.lists[cells[i]];
      const at = list.append(ids ? ids[i] : this.count);
      if (codes) (list.codes as Uint8Array).set(codes.subarray(i * m, (i + 1) * m), at);
      else (list.codes as Float32Array).set(data.subarray(i * dim, (i + 1) * dim), at);
      this.count++;
    }
  }

  /** The nprobe best cells for a query, best first. */
  probe(query: Float32Array, nprobe: number): Int32Array {
    const s = this.scoreCells(query, 0);
    const heap = new TopKHeap(Math.min(nprobe, this.nlist));
    for (let c = 0; c < this.nlist; c++) heap.push(s[c], c);
    return heap.sorted().ids;
  }

  /** The k best stored vectors among the nprobe best cells (approximate scores for pq). */
  search(query: Float32Array, k: number, nprobe: number): { ids: Int32Array; scores: Float32Array; scanned: number } {
    const cells = this.probe(query, nprobe);
    const heap = new TopKHeap(k);
    const { dim } = this;
    let scanned = 0;
    const pq = this.pq;
    const ipTable = pq && this.metric === 'ip' ? adcTable(pq, query, 'ip', undefined, this.kernels) : null;
    const table = pq ? new Float32Array(pq.m * pq.ksub) : null;
    for (const c of cells) {
      const list = this.lists[c];
      scanned += list.size;
      if (!pq) {
        const v = list.codes as Float32Array;
        for (let e = 0; e < list.size; e++) {
          let s = 0;
          const o = e * dim;
          if (this.metric === 'ip') for (let d = 0; d < dim; d++) s += query[d] * v[o + d];
          else
            for (let d = 0; d < dim; d++) {
              const t = query[d] - v[o + d];
              s -= t * t;
            }
          heap.push(s, list.ids[e]);
        }
        continue;
      }
      let base = 0;
      let t: Float32Array;
      if (ipTable) {
        for (let d = 0; d < dim; d++) base += query[d] * this.centroids[c * dim + d];
        t = ipTable;
      } else {
        for (let d = 0; d < dim; d++) this.residual[d] = query[d] - this.centroids[c * dim + d];
        t = adcTable(pq, this.residual, 'l2', table!, this.kernels);
      }
      if (this.scanScores.length < list.size) this.scanScores = new Float64Array(list.size);
      const s = this.scanScores;
      this.kernels.adcScan(t, pq.m, pq.ksub, list.codes as Uint8Array, list.size, base, s);
      // most codes cannot enter a full heap: skip the call for them (ties still go to push, which orders them by id)
      const ids = list.ids;
      let bar = heap.threshold();
      for (let e = 0; e < list.size; e++) {
        if (s[e] >= bar) {
          heap.push(s[e], ids[e]);
          bar = heap.threshold();
        }
      }
    }
    return { ...heap.sorted(Math.min(k, Math.max(heap.size, 0))), scanned };
  }

  /** Bytes of the stored codes, of the ids, and of the fixed parts (centroids, codebooks). */
  memory(): { codes: number; ids: number; fixed: number } {
    const width = this.encoding === 'pq' ? this.pq!.m : this.dim * 4;
    return { codes: this.count * width, ids: this.count * 4, fixed: this.centroids.byteLength + (this.pq?.codebooks.byteLength ?? 0) };
  }

  /** Sizes of the lists (their balance decides how much one probe scans). */
  listSizes(): Int32Array {
    return Int32Array.from(this.lists, (l) => l.size);
  }

  /** Every list's ids and codes, for saving (the arrays are trimmed views). */
  exportLists(): { ids: Int32Array; codes: Float32Array | Uint8Array }[] {
    const width = this.encoding === 'pq' ? this.pq!.m : this.dim;
    return this.lists.map((l) => ({ ids: l.ids.subarray(0, l.size), codes: l.codes.subarray(0, l.size * width) }));
  }

  /** Restore lists written by exportLists (after centroids and pq are set). */
  importLists(lists: { ids: Int32Array; codes: Float32Array | Uint8Array }[]): void {
    const width = this.encoding === 'pq' ? this.pq!.m : this.dim;
    this.lists = lists.map((l) => {
      const cell = new CellList(width, this.encoding === 'pq');
      cell.ids = Int32Array.from(l.ids.length ? l.ids : [0]);
      cell.codes = this.encoding === 'pq' ? Uint8Array.from(l.codes.length ? l.codes : new Uint8Array(width)) : Float32Array.from(l.codes.length ? l.codes : new Float32Array(width));
      cell.size = l.ids.length;
      return cell;
    });
    this.count = lists.reduce((s, l) => s + l.ids.length, 0);
  }
}

/** Re-score candidate ids exactly against raw vectors (row id at id · dim) and keep the k best. */
export function rerankExact(query: Float32Array, candidates: ArrayLike<number>, raw: Float32Array, dim: number, metric: PqMetric, k: number): { ids: Int32Array; scores: Float32Array } {
  const heap = new TopKHeap(k);
  for (let i = 0; i < candidates.length; i++) {
    const id = candidates[i];
    if (id < 0) continue;
    let s = 0;
    const o = id * dim;
    if (metric === 'ip') for (let d = 0; d < dim; d++) s += query[d] * raw[o + d];
    else
      for (let d = 0; d < dim; d++) {
        const t = query[d] - raw[o + d];
        s -= t * t;
      }
    heap.push(s, id);
  }
  return heap.sorted(Math.min(k, heap.size));
}
