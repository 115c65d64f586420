/**
 * The k best (score, id) pairs seen so far, in a binary min-heap whose root is the worst kept pair: a scan of
 * n candidates costs O(n log k). Ties on score keep the lower id, so results do not depend on scan order.
 */
export class TopKHeap {
  readonly ids: Int32Array;
  readonly scores: Float32Array;
  size = 0;

  constructor(readonly k: number) {
    this.ids = new Int32Array(k);
    this.scores = new Float32Array(k);
  }

  private worse(a: number, b: number): boolean {
    return this.scores[a] < this.scores[b] || (this.scores[a] === this.scores[b] && this.ids[a] > this.ids[b]);
  }

  /** The score a candidate must beat to enter (−Infinity while the heap is not full). */
  threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0];
  }

  push(score: number, id: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      this.scores[i] = score;
      this.ids[i] = id;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(i, p)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    if (score < this.scores[0] || (score === this.scores[0] && id > this.ids[0])) return;
    this.scores[0] = score;
    this.ids[0] = id;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < this.size && this.worse(l, w)) w = l;
      if (r < this.size && this.worse(r, w)) w = r;
      if (w === i) return;
      this.swap(i, w);
      i = w;
    }
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a];
    this.scores[a] = this.scores[b];
    this.scores[b] = s;
    const d = this.ids[a];
    this.ids[a] = this.ids[b];
    this.ids[b] = d;
  }

  /** The kept pairs, best first (padded with −1 / −Infinity up to `pad`). */
  sorted(pad = this.size): { ids: Int32Array; scores: Float32Array } {
    const order = Array.from({ length: this.size }, (_, i) => i).sort((a, b) => this.scores[b] - this.scores[a] || this.ids[a] - this.ids[b]);
    const ids = new Int32Array(pad).fill(-1);
    const scores = new Float32Array(pad).fill(-Infinity);
    order.forEach((i, r) => {
      ids[r] = this.ids[i];
      scores[r] = this.scores[i];
    });
    return { ids, scores };
  }
}
