/**
 * One fresh process of the GBDT scoring bench (gbdt-scoring.bench.ts): loads a model and a 500-row batch written by
 * the bench, and times the first scoring call of that model on each engine (the order given), then calls 2–100.
 * The addon is loaded before any timing (a process start-up cost, not a per-model one). Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { GbdtModel } from '../src/core/gbdt/index.js';
import { loadNative } from '../src/native/addon.js';
import { gbdtScorer, type GbdtEngine } from '../src/ranking/gbdt-scorer.js';

const [modelPath, batchPath, order] = process.argv.slice(2);
const json = readFileSync(modelPath, 'utf8');
const b = readFileSync(batchPath);
const x = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
loadNative();
const out: Record<string, { firstMs: number; next99MedianMs: number; next99MaxMs: number }> = {};
for (const engine of order.split(',') as GbdtEngine[]) {
  const model = GbdtModel.fromJSON(json); // fresh for each engine: nothing compiled or packed yet
  const rows = x.length / model.numFeatures;
  const t0 = performance.now();
  gbdtScorer(model, engine).score(x, rows);
  const firstMs = performance.now() - t0;
  const next: number[] = [];
  const scorer = gbdtScorer(model, engine);
  for (let i = 0; i < 99; i++) {
    const t = performance.now();
    scorer.score(x, rows);
    next.push(performance.now() - t);
  }
  next.sort((p, q) => p - q);
  out[engine] = { firstMs, next99MedianMs: next[49], next99MaxMs: next[98] };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
