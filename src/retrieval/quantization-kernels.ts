/**
 * Which quantization kernels the compressed indexes use: the native ones (src/native/quantization) when the addon is
 * built and current, else the JS references (src/core/quantization/kernels.ts). Both give the same numbers, so the
 * choice changes the build and query time only, never an answer. RECSYS_LAB_QUANT_KERNELS=js forces the references.
 */
import { jsKernels, type QuantKernels } from '../core/quantization/kernels.js';
import { nativeStatus } from '../native/addon.js';

export interface QuantEngine {
  kernels: QuantKernels;
  engine: 'native' | 'js';
  /** why the JS path runs, when it does */
  reason: string;
}

/** The kernels to use, and which they are. */
export function quantizationEngine(): QuantEngine {
  if (process.env.RECSYS_LAB_QUANT_KERNELS === 'js') return { kernels: jsKernels, engine: 'js', reason: 'RECSYS_LAB_QUANT_KERNELS=js' };
  const status = nativeStatus();
  if (!status.addon) return { kernels: jsKernels, engine: 'js', reason: `native addon ${status.reason}` };
  const a = status.addon;
  return { kernels: { nearestRows: a.nearestRows.bind(a), seedUpdate: a.seedUpdate.bind(a), scoreRows: a.scoreRows.bind(a), adcScan: a.adcScan.bind(a) }, engine: 'native', reason: 'loaded' };
}
