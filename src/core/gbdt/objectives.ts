/**
 * Objectives: first and second derivatives of the loss with respect to the raw score, written into
 * buffers the caller owns (LightGBM's ObjectiveFunction::GetGradients), and a factory by name that fails
 * with the list of known names (LightGBM's CreateObjectiveFunction).
 */
import { UsageError } from '../errors.js';
import { LambdarankObjective, type LambdarankOptions } from './lambdarank.js';

export interface Objective {
  readonly name: string;
  /** grad[i] = ∂loss/∂score[i], hess[i] = ∂²loss/∂score[i]²; O(n) (lambdarank: O(Σ group²) at worst) */
  gradients(scores: Float64Array, labels: Float32Array, grad: Float32Array, hess: Float32Array): void;
  /** the constant raw score every tree starts from */
  initScore(labels: Float32Array, weights?: Float32Array): number;
  /** raw score → prediction (sigmoid for binary, identity otherwise) */
  transform(raw: number): number;
}

export interface ObjectiveOptions extends LambdarankOptions {
  weights?: Float32Array;
  groups?: Int32Array;
}

/** Binary log loss: p = σ(s), grad = (p − y)·w, hess = p(1 − p)·w. Labels must be 0 or 1. */
export class BinaryObjective implements Objective {
  readonly name = 'binary';
  constructor(private readonly weights?: Float32Array) {}

  gradients(scores: Float64Array, labels: Float32Array, grad: Float32Array, hess: Float32Array): void {
    const w = this.weights;
    for (let i = 0; i < scores.length; i++) {
      const p = 1 / (1 + Math.exp(-scores[i]));
      const wi = w ? w[i] : 1;
      grad[i] = (p - labels[i]) * wi;
      // floor keeps confident rows from giving a zero hessian (LightGBM clamps the same way)
      hess[i] = Math.max(p * (1 - p), 1e-16) * wi;
    }
  }

  initScore(labels: Float32Array, weights?: Float32Array): number {
    let pos = 0;
    let tot = 0;
    for (let i = 0; i < labels.length; i++) {
      const wi = weights ? weights[i] : 1;
      pos += labels[i] * wi;
      tot += wi;
    }
    const p = Math.min(Math.max(pos / tot, 1e-15), 1 - 1e-15);
    return Math.log(p / (1 - p));
  }

  transform(raw: number): number {
    return 1 / (1 + Math.exp(-raw));
  }
}

/** Squared error ½(s − y)²·w: grad = (s − y)·w, hess = w. */
export class RegressionObjective implements Objective {
  readonly name = 'regression';
  constructor(private readonly weights?: Float32Array) {}

  gradients(scores: Float64Array, labels: Float32Array, grad: Float32Array, hess: Float32Array): void {
    const w = this.weights;
    for (let i = 0; i < scores.length; i++) {
      const wi = w ? w[i] : 1;
      grad[i] = (scores[i] - labels[i]) * wi;
      hess[i] = wi;
    }
  }

  initScore(labels: Float32Array, weights?: Float32Array): number {
    let s = 0;
    let tot = 0;
    for (let i = 0; i < labels.length; i++) {
      const wi = weights ? weights[i] : 1;
      s += labels[i] * wi;
      tot += wi;
    }
    return s / tot;
  }

  transform(raw: number): number {
    return raw;
  }
}

const factories: Record<string, (o: ObjectiveOptions) => Objective> = {
  binary: (o) => new BinaryObjective(o.weights),
  regression: (o) => new RegressionObjective(o.weights),
  lambdarank: (o) => {
    if (!o.groups) throw new UsageError('gbdt: objective "lambdarank" needs data.groups (query sizes)');
    return new LambdarankObjective(o.groups, o);
  },
};

export function objectiveNames(): string[] {
  return Object.keys(factories).sort();
}

/** Objective by name; an unknown name throws a UsageError listing the known ones. */
export function createObjective(name: string, options: ObjectiveOptions = {}): Objective {
  const make = factories[name];
  if (!make) throw new UsageError(`gbdt: unknown objective "${name}"; known objectives: ${objectiveNames().join(', ')}`);
  return make(options);
}
