/** High-cardinality categorical features: hashing, frequency buckets, embedding width, target encoding. */
export { murmurHash3x86_32, murmurHash3String, utf8Bytes } from './murmur3.js';
export { hashBucket, expectedDistinctBuckets, measureCollisions, type CollisionReport } from './hashing.js';
export { fitFrequencyVocabulary, applyFrequencyVocabulary, type FrequencyVocabulary, type FrequencyOptions } from './frequency-buckets.js';
export { recommendedEmbeddingDim, type EmbeddingDimRule } from './embedding-dim.js';
export {
  targetEncode,
  fitTargetEncoding,
  applyTargetEncoding,
  assignFolds,
  type TargetEncoding,
  type TargetEncodeOptions,
  type TargetEncodeResult,
  type LabelReadHook,
} from './target-encoding.js';
export { chiSquareUniformity, chiSquareCriticalValue, normalQuantile, type UniformityTest } from './uniformity.js';
export {
  trainEmbeddingLogit,
  predictEmbeddingLogit,
  embeddingLogitParameters,
  type EmbeddingLogitModel,
  type EmbeddingLogitOptions,
} from './embedding-logit.js';
