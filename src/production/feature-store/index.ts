/** Feature store: offline (SQLite, event time, as-of joins), online (in-memory, TTL), shared definitions. */
export { OfflineStore, type FeatureRow, type JoinKeys } from './offline-store.js';
export { OnlineStore } from './online-store.js';
export { dataDirectory, defaultOfflineStorePath } from './data-dir.js';
export {
  FEATURE_DEFINITIONS,
  MODEL_FEATURE_NAMES,
  NUM_MODEL_FEATURES,
  SKEW_KINDS,
  TRAINING_SPEC,
  computeModelFeatures,
  entityKey,
  materializeFeatureRows,
  servingSpec,
  ttlByFeature,
  type FeatureDefinition,
  type RawFeatures,
  type SkewKind,
  type TransformSpec,
} from './definitions.js';
export {
  buildLabelEvents,
  firstEventAtOrAfter,
  OFFLINE_JOINS,
  offlineFeatures,
  serveReplay,
  sliceEvents,
  type LabelEvents,
  type LabelEventOptions,
  type OfflineJoin,
} from './training-set.js';
