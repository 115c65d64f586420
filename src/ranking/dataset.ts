/**
 * Learning-to-rank data from the simulated world. A request is (user, time) taken from a logged
 * engagement; its candidates come from a CandidateSource; each candidate gets features (features.ts)
 * and a graded label drawn from the world's choice model as if the item were shown in the top slot:
 * no engagement 0, click 1, long view / add to cart 2, purchase 3. Drawing labels from the choice model
 * (rather than only the logged engagements) gives every candidate an impression, as a real ranker's
 * logs do, and keeps the expected gain for an oracle ceiling.
 */
import { ResourceLimitError, UsageError } from '../core/errors.js';
import type { GbdtData } from '../core/gbdt/index.js';
import type { Rng } from '../core/rng.js';
import { affinityUnchecked, clickProbability, engagementLabel } from '../data/choice-model.js';
import type { CandidateSource, RankingRequest } from './candidate-sources.js';
import { BASE_FEATURES, writeFeatures, type FeatureExtension } from './features.js';
import type { RankingIndex } from './world-index.js';

export interface RankingSplit {
  data: GbdtData & { groups: Int32Array };
  requests: RankingRequest[];
  /** item of every row */
  items: Int32Array;
  /** expected gain E[2^label − 1] of every row under the true choice model: the oracle's score */
  expectedGain: Float32Array;
}

export interface RankingDataset {
  featureNames: string[];
  source: string;
  train: RankingSplit;
  valid: RankingSplit;
  test: RankingSplit;
}

export interface RankingDataOptions {
  trainQueries: number;
  testQueries: number;
  /** fraction of train queries held out for validation / early stopping */
  validFraction?: number;
  candidates: number;
  source: CandidateSource;
  extension?: FeatureExtension;
  /** refuse to build more than this many bytes of feature matrix (default 1 GiB) */
  memoryLimitBytes?: number;
  /** called with the fraction done */
  onProgress?: (fraction: number) => void;
}

/** Sample `count` requests from engagements with time in [from, to) (with replacement if few). */
function sampleRequests(idx: RankingIndex, from: number, to: number, count: number, rng: Rng): RankingRequest[] {
  const I = idx.world.interactions;
  const rows: number[] = [];
  for (let k = 0; k < I.count; k++) if (I.time[k] >= from && I.time[k] < to) rows.push(k);
  if (rows.length === 0) throw new UsageError(`ranking data: no engagements between day ${from} and ${to}; use a larger world`);
  const picks = count <= rows.length ? rng.sampleWithoutReplacement(rows.length, count) : Int32Array.from({ length: count }, () => rng.int(rows.length));
  return Array.from(picks).sort((a, b) => a - b).map((p) => ({ user: I.user[rows[p]], time: I.time[rows[p]] }));
}

/** Features and labels for a list of requests. O(requests · (retrieval + candidates · (features + latentDim))). */
export function buildSplit(idx: RankingIndex, requests: RankingRequest[], o: RankingDataOptions, rng: Rng, progress?: (f: number) => void): RankingSplit {
  const world = idx.world;
  const F = BASE_FEATURES.length + (o.extension?.names.length ?? 0);
  const maxRows = requests.length * o.candidates;
  const bytes = maxRows * F * 4;
  if (bytes > (o.memoryLimitBytes ?? 2 ** 30)) {
    throw new ResourceLimitError(`ranking data: ${requests.length} queries × ${o.candidates} candidates × ${F} features needs ~${(bytes / 2 ** 20).toFixed(0)} MiB; lower queries or candidates`);
  }
  const features = new Float32Array(maxRows * F);
  const labels = new Float32Array(maxRows);
  const items = new Int32Array(maxRows);
  const gain = new Float32Array(maxRows);
  const groups: number[] = [];
  const kept: RankingRequest[] = [];
  let row = 0;
  const D = world.config.latentDim;
  requests.forEach((req, q) => {
    const cands = o.source.candidates(req, o.candidates);
    if (cands.items.length < 2) return;
    writeFeatures(idx, req, cands, features, row, F, o.extension);
    const day = Math.floor(req.time);
    for (let k = 0; k < cands.items.length; k++) {
      const i = cands.items[k];
      const p = clickProbability(world, req.user, i, 0, day);
      const a = affinityUnchecked(world.users.taste, req.user, world.items.latent, i, D);
      const engaged = rng.next() < p;
      const r1 = rng.next();
      const r2 = rng.next();
      labels[row + k] = engaged ? engagementLabel(a, r1, r2) : 0;
      gain[row + k] = p * expectedGainGivenEngaged(a);
      items[row + k] = i;
    }
    groups.push(cands.items.length);
    kept.push(req);
    row += cands.items.length;
    if (progress && q % 64 === 0) progress(q / requests.length);
  });
  return {
    data: { features: features.slice(0, row * F), numFeatures: F, labels: labels.slice(0, row), groups: Int32Array.from(groups) },
    requests: kept,
    items: items.slice(0, row),
    expectedGain: gain.slice(0, row),
  };
}

/** E[2^label − 1 | engaged] under engagementLabel's grades: 1·P(1) + 3·P(2) + 7·P(3). */
function expectedGainGivenEngaged(affinity: number): number {
  const s = 1 / (1 + Math.exp(-(3 * affinity - 1)));
  const deep = 0.5 * s;
  return 1 * (1 - deep) + 3 * deep * (1 - 0.5 * s) + 7 * deep * 0.5 * s;
}

/**
 * Train/valid queries from the last third of the train period, test queries from the test period.
 * Deterministic for a given rng.
 */
export function buildRankingDataset(idx: RankingIndex, o: RankingDataOptions, rng: Rng): RankingDataset {
  if (!(Number.isInteger(o.candidates) && o.candidates >= 2)) throw new UsageError(`ranking data: candidates must be an integer ≥ 2, got ${o.candidates}`);
  if (!(o.trainQueries >= 2 && o.testQueries >= 1)) throw new UsageError(`ranking data: need ≥ 2 train queries and ≥ 1 test query, got ${o.trainQueries} and ${o.testQueries}`);
  const { trainEndDay } = idx.world.split;
  const trainReqs = sampleRequests(idx, trainEndDay * (2 / 3), trainEndDay, o.trainQueries, rng.fork('train-requests'));
  const testReqs = sampleRequests(idx, trainEndDay, idx.world.config.days, o.testQueries, rng.fork('test-requests'));
  const nValid = Math.max(1, Math.round(trainReqs.length * (o.validFraction ?? 0.2)));
  // the latest train queries validate: early stopping then looks forward in time, as the test does
  const validReqs = trainReqs.splice(trainReqs.length - nValid, nValid);
  const total = trainReqs.length + validReqs.length + testReqs.length;
  const part = (from: number, n: number) => (f: number) => o.onProgress?.((from + f * n) / total);
  return {
    featureNames: [...BASE_FEATURES, ...(o.extension?.names ?? [])],
    source: o.source.name,
    train: buildSplit(idx, trainReqs, o, rng.fork('train-labels'), part(0, trainReqs.length)),
    valid: buildSplit(idx, validReqs, o, rng.fork('valid-labels'), part(trainReqs.length, validReqs.length)),
    test: buildSplit(idx, testReqs, o, rng.fork('test-labels'), part(trainReqs.length + validReqs.length, testReqs.length)),
  };
}
