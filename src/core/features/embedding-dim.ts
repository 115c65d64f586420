/** Rules of thumb for the width of an embedding table, as quoted in interviews. */
import { UsageError } from '../errors.js';

export type EmbeddingDimRule = 'fourth-root' | 'half-capped';

/**
 * Recommended embedding dimension for a vocabulary of `vocabularySize` values.
 * - 'fourth-root' (default): round(4 · vocab^(1/4)) — the heuristic popularised by Google's feature-column
 *   guidance; 1M → 126, 10M → 225 (not 178 as the interview guide states: 4 · 10^(7/4) ≈ 224.9).
 * - 'half-capped': min(50, floor(vocab / 2)) — the fast.ai-style cap; never above 50, so the guide's brand
 *   example with dim 64 for 100K brands contradicts its own rule (which gives 50).
 * The result is at least 1. O(1). Throws UsageError for a vocabulary that is not an integer ≥ 1 or an unknown rule.
 */
export function recommendedEmbeddingDim(vocabularySize: number, rule: EmbeddingDimRule = 'fourth-root'): number {
  if (!Number.isInteger(vocabularySize) || vocabularySize < 1) {
    throw new UsageError(`recommendedEmbeddingDim: vocabularySize must be an integer ≥ 1, got ${vocabularySize}`);
  }
  if (rule === 'fourth-root') return Math.max(1, Math.round(4 * Math.pow(vocabularySize, 0.25)));
  if (rule === 'half-capped') return Math.max(1, Math.min(50, Math.floor(vocabularySize / 2)));
  throw new UsageError(`recommendedEmbeddingDim: unknown rule "${String(rule)}"; known rules: fourth-root, half-capped`);
}
