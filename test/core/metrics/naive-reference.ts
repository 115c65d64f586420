/**
 * Deliberately plain reference implementations of the ranking metrics, written differently from src/
 * (object sort, explicit loops, no typed arrays) so that a shared bug is unlikely.
 */
export function naiveOrder(scores: number[]): number[] {
  return scores
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s !== b.s ? b.s - a.s : a.i - b.i))
    .map((x) => x.i);
}

export function naiveNdcg(relevance: number[], scores: number[], k: number, gain: 'exponential' | 'linear'): number {
  const g = (r: number): number => (gain === 'exponential' ? Math.pow(2, r) - 1 : r);
  const order = naiveOrder(scores);
  const top = Math.min(k, relevance.length);
  let dcg = 0;
  for (let r = 1; r <= top; r++) dcg += g(relevance[order[r - 1]]) / (Math.log(r + 1) / Math.LN2);
  const ideal = [...relevance].sort((a, b) => b - a);
  let idcg = 0;
  for (let r = 1; r <= top; r++) idcg += g(ideal[r - 1]) / (Math.log(r + 1) / Math.LN2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** AUC by counting every (positive, negative) pair: O(n²), the definition itself. */
export function pairCountAuc(labels: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < labels.length; i++) {
    if (!(labels[i] > 0)) continue;
    for (let j = 0; j < labels.length; j++) {
      if (labels[j] > 0) continue;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}
