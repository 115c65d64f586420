/**
 * The quantization kernels of the native addon (quantization.cc beside this file): nearestRows, seedUpdate, scoreRows and adcScan, with the
 * signatures and meaning of their JS references in src/core/quantization/kernels.ts. The adapter that picks one or
 * the other is src/retrieval/quantization-kernels.ts; test/retrieval/quantization-native.test.ts holds them equal.
 */
import type { QuantKernels } from '../../core/quantization/kernels.js';

export type QuantizationKernels = QuantKernels;

export const QUANTIZATION_FUNCTIONS: readonly (keyof QuantizationKernels)[] = ['nearestRows', 'seedUpdate', 'scoreRows', 'adcScan'];
