/** Adam (Kingma & Ba, 2015) with β1 0.9, β2 0.999, ε 1e-7 as tf.train.adam, over host arrays. O(parameters). */
export class HostAdam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;

  constructor(private readonly params: Float32Array[], private readonly learningRate: number) {
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  /** One update of every parameter array from its gradient (same order as the constructor's). */
  update(grads: Float32Array[]): void {
    this.t++;
    const lr = this.learningRate;
    const b1 = 0.9;
    const b2 = 0.999;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    for (let p = 0; p < this.params.length; p++) {
      const w = this.params[p];
      const g = grads[p];
      const m = this.m[p];
      const v = this.v[p];
      for (let i = 0; i < w.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-7);
      }
    }
  }
}
