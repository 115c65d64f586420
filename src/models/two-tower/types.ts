/** Options and the trained model of the two-tower retriever (issue 4). */
import type { HistoryOptions } from './features.js';

export type NegativeMode = 'in-batch' | 'uniform' | 'mixed' | 'hard';
export const NEGATIVE_MODES: readonly NegativeMode[] = ['in-batch', 'uniform', 'mixed', 'hard'];
export type LogQMode = 'off' | 'correct' | 'wrong-sign';
export const LOGQ_MODES: readonly LogQMode[] = ['off', 'correct', 'wrong-sign'];
/** The dense engine that ran: compiled C++ ('native'), tfjs, or the plain-JS reference. */
export type DenseEngineName = 'native' | 'tfjs' | 'js';
/** What a caller may ask for: 'auto' is native when its addon is built, else tfjs. */
export type DenseEngineChoice = 'auto' | DenseEngineName;
export const DENSE_ENGINE_CHOICES: readonly DenseEngineChoice[] = ['auto', 'native', 'tfjs', 'js'];
export type FrequencySource = 'exact' | 'streaming';

export interface TrainProgress {
  epoch: number;
  step: number;
  totalSteps: number;
  /** mean loss over the steps since the last report */
  loss: number;
  examplesPerSecond: number;
}

export interface TwoTowerOptions {
  /** output embedding width (what the ANN index stores) and the width of every embedding table */
  dim: number;
  /** hidden layer widths of each tower (ReLU); the last layer maps to dim, linear */
  hidden: number[];
  /** in-batch only; uniform only; in-batch + uniform ("mixed", Yang et al. 2020); in-batch + mined hard */
  negatives: NegativeMode;
  /** extra negatives: shared uniform samples per batch (uniform/mixed) or per-row hard negatives (hard) */
  numNegatives: number;
  /** logit − log q (correct), no correction (off), or logit + log q (the sign bug) */
  logQ: LogQMode;
  temperature: number;
  batchSize: number;
  epochs: number;
  /** Adam step size of the dense towers; the sparse tables use row-wise Adagrad at SPARSE_LR_SCALE × this */
  learningRate: number;
  seed: number;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** dense engine: auto (default: native when built, else tfjs), native, tfjs, or the plain-JS reference */
  engine?: DenseEngineChoice;
  /** history pooling of the user tower (default: last 50 items, plain mean) */
  history?: Partial<HistoryOptions>;
  /** where q comes from for the logQ correction (default exact counts) */
  frequency?: FrequencySource;
  /** streaming estimator learning rate α (default 0.05) */
  frequencyAlpha?: number;
  /** side features on (default) or ids only — the "side information" ablation of MF vs deep */
  features?: 'all' | 'ids';
  /** train on at most this many examples per epoch (a seeded subsample; default all) */
  maxExamples?: number;
  /** refuse to start when the estimated memory exceeds this many bytes (default 60% of RAM) */
  memoryLimitBytes?: number;
}

export interface TrainStats {
  backend: string;
  engine: DenseEngineName;
  steps: number;
  examples: number;
  trainMs: number;
  examplesPerSecond: number;
  /** mean loss of each epoch */
  epochLoss: number[];
  /** mean loss of the first and last 10% of steps */
  firstLoss: number;
  lastLoss: number;
  estimatedBytes: number;
  /** ms spent mining hard negatives (0 unless negatives = hard) */
  miningMs: number;
}

export interface UserFeatures {
  ageBand: number;
  country: number;
  device: number;
  /** items the user engaged with, oldest first */
  history?: ArrayLike<number>;
}

export interface TwoTowerModel {
  readonly dim: number;
  readonly stats: TrainStats;
  /** items × dim, L2-normalised; never-trained id rows contribute nothing (content only) */
  itemEmbeddings(): Float32Array;
  /** users × dim, L2-normalised, from each user's train history (the state at the split) */
  userEmbeddings(): Float32Array;
  /** a user known only by features (no id): demographics and history */
  encodeUser(features: UserFeatures): Float32Array;
  /** per-item sampling probability q used for the correction (exact or the estimator's final state) */
  samplingProbabilities(): Float64Array;
  dispose(): void;
}
