/**
 * The sparse half of the two-tower model for the synthetic world: every embedding table, and how a
 * user or an item becomes the pooled input vector of its tower.
 *
 * Item tower input = id + leaf category + top category + brand + price bucket + mean(tag embeddings).
 * The content part means an item never seen in training still gets a vector (its id row is zeroed).
 * User tower input = id + age band + country + device + pooled history, where the history pool is a
 * recency-weighted mean of (item id + item category) rows over the last `maxLength` items before the
 * example (never after it: no leakage from the future). A user with no history gets demographics only.
 * Inputs are sums (not concatenations) so every table has the tower's input width.
 */
import type { Rng } from '../../core/rng.js';
import type { World } from '../../data/world-types.js';
import { EmbeddingTable, RowPlan, type SparseOptimizer } from './embedding-table.js';
import type { TwoTowerKernels } from '../../native/two-tower/kernel.js';

export interface HistoryOptions {
  /** keep at most this many most recent items (truncation) */
  maxLength: number;
  /** weight 0.5^(age / halfLife), age in items back from the newest (Infinity: plain mean) */
  halfLife: number;
}

/** Per-row history lists for a batch (CSR), weights already normalised to sum to 1 per row. */
export interface HistoryBatch {
  offsets: Int32Array;
  items: Int32Array;
  weights: Float32Array;
}

export const PRICE_BUCKETS = 16;
const INIT_STD = 0.1;

/** Price → one of PRICE_BUCKETS log-spaced buckets between the catalog's min and max price. O(items). */
export function priceBuckets(price: Float32Array): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of price) {
    const l = Math.log(Math.max(p, 1e-6));
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  const out = new Uint8Array(price.length);
  const span = hi - lo || 1;
  for (let i = 0; i < price.length; i++) {
    const b = Math.floor(((Math.log(Math.max(price[i], 1e-6)) - lo) / span) * PRICE_BUCKETS);
    out[i] = Math.min(PRICE_BUCKETS - 1, Math.max(0, b));
  }
  return out;
}

/**
 * History of a user as the `maxLength` items before position `end` of its time-ordered list,
 * appended to the batch builders with normalised recency weights. O(maxLength).
 */
export function pushHistory(list: Int32Array, start: number, end: number, h: HistoryOptions, items: number[], weights: number[]): void {
  const from = Math.max(start, end - h.maxLength);
  const n = end - from;
  if (n <= 0) return;
  let total = 0;
  const first = weights.length;
  for (let p = from; p < end; p++) {
    const age = end - 1 - p;
    const w = Number.isFinite(h.halfLife) ? Math.pow(0.5, age / h.halfLife) : 1;
    items.push(list[p]);
    weights.push(w);
    total += w;
  }
  for (let q = first; q < weights.length; q++) weights[q] /= total;
}

type Plans = [EmbeddingTable, RowPlan][];

type RowAdder = Pick<EmbeddingTable, 'addRowTo'>;
/** The demographic tables of the user tower (a trained model's, or their cached copies). */
export interface DemographicTables {
  readonly content: boolean;
  readonly ageBand: RowAdder;
  readonly country: RowAdder;
  readonly device: RowAdder;
}

/** Demographics of a user described only by features (no id), added into out[o..o+dim); nothing without content features. */
export function addDemographics(t: DemographicTables, ageBand: number, country: number, device: number, out: Float32Array, o: number): void {
  if (!t.content) return;
  t.ageBand.addRowTo(ageBand, out, o, 1);
  t.country.addRowTo(country, out, o, 1);
  t.device.addRowTo(device, out, o, 1);
}

export class WorldFeatures {
  readonly userId: EmbeddingTable;
  readonly ageBand: EmbeddingTable;
  readonly country: EmbeddingTable;
  readonly device: EmbeddingTable;
  readonly itemId: EmbeddingTable;
  readonly category: EmbeddingTable;
  readonly topCategory: EmbeddingTable;
  readonly brand: EmbeddingTable;
  readonly price: EmbeddingTable;
  readonly tag: EmbeddingTable;
  readonly priceBucket: Uint8Array;
  private readonly all: EmbeddingTable[];
  private readonly itemPlanSet = Array.from({ length: 6 }, () => new RowPlan());
  private readonly userPlanSet = Array.from({ length: 6 }, () => new RowPlan());
  /** The plans a forward pass built, kept for the backward pass of the same batch (same input arrays). */
  private readonly kept: Record<'user' | 'item', { key: readonly unknown[]; plans: Plans } | null> = { user: null, item: null };

  /**
   * `content` false drops every side feature (category, brand, price, tags, demographics): ids and
   * id-history only, i.e. what matrix factorisation sees — the "side information" ablation.
   * `native` (the compiled addon) runs the tables' batch gathers, scatters and updates in C++.
   */
  constructor(private readonly world: World, readonly dim: number, rng: Rng, readonly content = true, native: TwoTowerKernels | null = null) {
    const c = world.config;
    const t = (rows: number, label: string) => new EmbeddingTable(rows, dim, rng.fork(label), INIT_STD, native);
    this.userId = t(world.users.count, 'user-id');
    this.ageBand = t(c.numAgeBands, 'age');
    this.country = t(c.numCountries, 'country');
    this.device = t(c.numDevices, 'device');
    this.itemId = t(world.items.count, 'item-id');
    this.category = t(c.numCategories, 'category');
    this.topCategory = t(c.numTopCategories, 'top-category');
    this.brand = t(c.numBrands, 'brand');
    this.price = t(PRICE_BUCKETS, 'price');
    this.tag = t(Math.max(1, c.numTags), 'tag');
    this.priceBucket = priceBuckets(world.items.price);
    this.all = [this.userId, this.ageBand, this.country, this.device, this.itemId, this.category, this.topCategory, this.brand, this.price, this.tag];
  }

  /** Row plans per table for a batch of items (see RowPlan); with maskUnseen, never-trained id rows are left out. */
  private itemPlans(items: ArrayLike<number>, maskUnseen: boolean): Plans {
    const { category, categoryParent, brand, tags } = this.world.items;
    const T = this.world.config.tagsPerItem;
    const [id, cat, top, br, pr, tg] = this.itemPlanSet.map((p) => p.clear());
    for (let r = 0; r < items.length; r++) {
      const i = items[r];
      if (!maskUnseen || this.itemId.touched[i]) id.push(i, r, 1);
      if (!this.content) continue;
      cat.push(category[i], r, 1);
      top.push(categoryParent[category[i]], r, 1);
      br.push(brand[i], r, 1);
      pr.push(this.priceBucket[i], r, 1);
      for (let q = 0; q < T; q++) tg.push(tags[i * T + q], r, 1 / T);
    }
    return [[this.itemId, id], [this.category, cat], [this.topCategory, top], [this.brand, br], [this.price, pr], [this.tag, tg]];
  }

  /** Item inputs (items.length × dim) into `out`; with maskUnseen, never-trained id rows count as zero. */
  itemInputs(items: ArrayLike<number>, out: Float32Array, maskUnseen = false): void {
    out.fill(0, 0, items.length * this.dim);
    const plans = this.itemPlans(items, maskUnseen);
    for (const [table, plan] of plans) table.gather(plan, out);
    this.kept.item = maskUnseen ? null : { key: [items], plans };
  }

  itemBackward(items: ArrayLike<number>, g: Float32Array): void {
    for (const [table, plan] of this.reuse('item', [items], () => this.itemPlans(items, false))) table.scatter(plan, g);
  }

  /** A training step's backward pass reuses the plans its forward pass just built for the same arrays. */
  private reuse(side: 'user' | 'item', key: readonly unknown[], build: () => Plans): Plans {
    const k = this.kept[side];
    this.kept[side] = null;
    return k && k.key.length === key.length && k.key.every((a, i) => a === key[i]) ? k.plans : build();
  }

  /** Row plans per table for a batch of users: id (unless masked), demographics, and the history pool. */
  private userPlans(users: ArrayLike<number>, hist: HistoryBatch, maskUnseen: boolean): Plans {
    const U = this.world.users;
    const cat = this.world.items.category;
    const [id, age, country, device, hItem, hCat] = this.userPlanSet.map((p) => p.clear());
    for (let r = 0; r < users.length; r++) {
      const u = users[r];
      if (u >= 0 && (!maskUnseen || this.userId.touched[u])) id.push(u, r, 1);
      if (u >= 0 && this.content) {
        age.push(U.ageBand[u], r, 1);
        country.push(U.country[u], r, 1);
        device.push(U.device[u], r, 1);
      }
      for (let p = hist.offsets[r]; p < hist.offsets[r + 1]; p++) {
        hItem.push(hist.items[p], r, hist.weights[p]);
        if (this.content) hCat.push(cat[hist.items[p]], r, hist.weights[p]);
      }
    }
    return [[this.userId, id], [this.ageBand, age], [this.country, country], [this.device, device], [this.itemId, hItem], [this.category, hCat]];
  }

  /** User inputs (users.length × dim): id (masked if unseen and asked) + demographics + pooled history. */
  userInputs(users: ArrayLike<number>, hist: HistoryBatch, out: Float32Array, maskUnseen = false): void {
    out.fill(0, 0, users.length * this.dim);
    const plans = this.userPlans(users, hist, maskUnseen);
    for (const [table, plan] of plans) table.gather(plan, out);
    this.kept.user = maskUnseen ? null : { key: [users, hist], plans };
  }

  /** Demographics of a user described only by features (no id): added into out[o..o+dim). */
  demographicsInto(ageBand: number, country: number, device: number, out: Float32Array, o: number): void {
    addDemographics(this, ageBand, country, device, out, o);
  }

  userBackward(users: ArrayLike<number>, hist: HistoryBatch, g: Float32Array): void {
    for (const [table, plan] of this.reuse('user', [users, hist], () => this.userPlans(users, hist, false))) table.scatter(plan, g);
  }

  /** Apply every table's pending sparse gradients. Returns the number of rows updated. */
  apply(lr: number, optimizer: SparseOptimizer): number {
    let n = 0;
    for (const t of this.all) n += t.apply(lr, optimizer);
    return n;
  }

  /** Bytes of all tables for a world of this shape at width dim (for the up-front memory estimate). */
  static bytes(world: Pick<World, 'config'>, dim: number): number {
    const c = world.config;
    const rows = c.numUsers + c.numItems + c.numAgeBands + c.numCountries + c.numDevices + c.numCategories
      + c.numTopCategories + c.numBrands + PRICE_BUCKETS + c.numTags;
    return EmbeddingTable.bytes(rows, dim);
  }
}
