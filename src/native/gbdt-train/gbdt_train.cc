// GBDT training kernels (issue 23): the three loops of a lambdarank round that the profile found hot, each the JS
// reference of src/core/gbdt step for step, so the trees come out bit for bit the same:
//   gbdtHistogram  — histogram.ts buildHistogram: rows in partition order, one double sum per bin in that order;
//   gbdtBestSplit  — split-finder.ts findBestSplit: the same scan, the same comparisons, the same tie rule;
//   gbdtLambdarank — lambdarank.ts oneQuery for every query: the same insertion sort, sigmoid table and pair order.
//     The per-query norm log2(1 + Σλ)/Σλ is left to JS (Math.log2 and glibc's log2 may differ in the last bit);
//   gbdtSubtract, gbdtPartition — histogram.ts subtractHistogram and data-partition.ts partitionRows.
// Measured (10k rows × 20 features, 200 trees, busy machine): training 1.6–2.2 s CPU with the JS loops, 0.84–0.93 s
// with these; the pair loop fell from ~0.34 s to ~0.13 s once vectorised (bench/gbdt-train-small.bench.ts).
// Contraction of a·b + c into one fused multiply-add is off in this file: JS rounds the product before the add.
#pragma GCC optimize("fp-contract=off")
#include <node_api.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "../napi.h"

namespace {

using native::anyTyped;
using native::args;
using native::Error;
using native::guarded;
using native::integer;
using native::number;

constexpr int STRIDE = 3;
typedef double v2d __attribute__((vector_size(16)));

void need(bool ok, const char* what) {
  if (!ok) throw Error{std::string(what)};
}

// gbdtHistogram(bins, numFeatures, histOffset, featureMask, rows, start, end, grad, hess, out)
napi_value Histogram(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 10, "gbdtHistogram");
    size_t nBins, nOff, nMask, nRows, nGrad, nHess, nOut;
    const uint8_t* bins = anyTyped<uint8_t>(env, a[0], napi_uint8_array, &nBins, "bins");
    const int F = integer(env, a[1], "numFeatures");
    const int32_t* off = anyTyped<int32_t>(env, a[2], napi_int32_array, &nOff, "histOffset");
    const uint8_t* mask = anyTyped<uint8_t>(env, a[3], napi_uint8_array, &nMask, "featureMask");
    const int32_t* rows = anyTyped<int32_t>(env, a[4], napi_int32_array, &nRows, "rows");
    const int start = integer(env, a[5], "start");
    const int end = integer(env, a[6], "end");
    const float* grad = anyTyped<float>(env, a[7], napi_float32_array, &nGrad, "grad");
    const float* hess = anyTyped<float>(env, a[8], napi_float32_array, &nHess, "hess");
    double* out = anyTyped<double>(env, a[9], napi_float64_array, &nOut, "out");
    need(F >= 1 && nOff == (size_t)F && nMask == (size_t)F, "gbdtHistogram: histOffset and featureMask need numFeatures entries");
    need(nBins % F == 0 && nGrad == nBins / F && nHess == nGrad, "gbdtHistogram: bins must be rows × numFeatures and grad/hess one per row");
    need(start >= 0 && start <= end && (size_t)end <= nRows, "gbdtHistogram: [start, end) must lie inside rows");
    const size_t numRows = nGrad;
    native::checkIndices(rows + start, end - start, numRows, "rows");
    for (int f = 0; f < F; f++) need(off[f] >= 0, "gbdtHistogram: histOffset must be ≥ 0");
    std::fill(out, out + nOut, 0.0);
    std::vector<int32_t> used;
    for (int f = 0; f < F; f++) if (mask[f]) used.push_back(f);
    const int U = (int)used.size();
    const size_t limit = nOut;
    // a bin's gradient and hessian sums are neighbours: one two-lane add updates both (each lane rounds as JS's add)
    auto add = [&](size_t o, v2d gh) {
      if (o + 2 >= limit) throw Error{"gbdtHistogram: a bin falls outside out (bins do not match histOffset)"};
      v2d cur;
      std::memcpy(&cur, out + o, sizeof cur);
      cur += gh;
      std::memcpy(out + o, &cur, sizeof cur);
      out[o + 2] += 1;
    };
    // a leaf's rows ascend with gaps: fetch the bins of the row PREFETCH ahead while this one is added
    constexpr int PREFETCH = 16;
    for (int i = start; i < end; i++) {
      const int32_t r = rows[i];
      if (i + PREFETCH < end) __builtin_prefetch(bins + (size_t)rows[i + PREFETCH] * F);
      const v2d gh = {(double)grad[r], (double)hess[r]};
      const uint8_t* b = bins + (size_t)r * F;
      if (U == F) {
        for (int f = 0; f < F; f++) add((size_t)(off[f] + b[f]) * STRIDE, gh);
      } else {
        for (int k = 0; k < U; k++) add((size_t)(off[used[k]] + b[used[k]]) * STRIDE, gh);
      }
    }
    return nullptr;
  });
}

// gbdtSubtract(parent, smaller, out): out = parent − smaller, element by element (histogram.ts subtractHistogram)
napi_value Subtract(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 3, "gbdtSubtract");
    size_t nP, nS, nO;
    const double* parent = anyTyped<double>(env, a[0], napi_float64_array, &nP, "parent");
    const double* smaller = anyTyped<double>(env, a[1], napi_float64_array, &nS, "smaller");
    double* out = anyTyped<double>(env, a[2], napi_float64_array, &nO, "out");
    need(nS >= nP && nO >= nP, "gbdtSubtract: smaller and out need at least parent's length");
    for (size_t i = 0; i < nP; i++) out[i] = parent[i] - smaller[i];
    return nullptr;
  });
}

// gbdtPartition(idx, scratch, start, count, bins, numFeatures, feature, thresholdBin, missingBin, defaultLeft) → left
// count (data-partition.ts partitionRows): stable, left rows first; written without a branch on the data (each row is
// stored on both sides and only the side it belongs to advances), since the direction is a coin flip per row.
napi_value Partition(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 10, "gbdtPartition");
    size_t nIdx, nScratch, nBins;
    int32_t* idx = anyTyped<int32_t>(env, a[0], napi_int32_array, &nIdx, "idx");
    int32_t* scratch = anyTyped<int32_t>(env, a[1], napi_int32_array, &nScratch, "scratch");
    const int start = integer(env, a[2], "start");
    const int count = integer(env, a[3], "count");
    const uint8_t* bins = anyTyped<uint8_t>(env, a[4], napi_uint8_array, &nBins, "bins");
    const int F = integer(env, a[5], "numFeatures");
    const int feature = integer(env, a[6], "feature");
    const int thresholdBin = integer(env, a[7], "thresholdBin");
    const int missingBin = integer(env, a[8], "missingBin");
    const bool defaultLeft = native::boolean(env, a[9]);
    need(F >= 1 && feature >= 0 && feature < F && nBins % F == 0, "gbdtPartition: feature must be in 0..numFeatures−1 and bins rows × numFeatures");
    need(start >= 0 && count >= 0 && (size_t)start + count <= nIdx && (size_t)count <= nScratch, "gbdtPartition: [start, start + count) must lie inside idx and fit scratch");
    native::checkIndices(idx + start, count, nBins / F, "idx");
    int l = start, r = 0;
    for (int i = start; i < start + count; i++) {
      const int32_t row = idx[i];
      const int b = bins[(size_t)row * F + feature];
      const bool goLeft = b == missingBin ? defaultLeft : b <= thresholdBin;
      idx[l] = row;
      scratch[r] = row;
      l += goLeft;
      r += !goLeft;
    }
    for (int k = 0; k < r; k++) idx[l + k] = scratch[k];
    napi_value out;
    native::check(env, napi_create_int32(env, l - start, &out));
    return out;
  });
}

struct Best {
  int feature = -1, bin = 0;
  bool defaultLeft = true;
  double gain = -INFINITY, lg = 0, lh = 0, lc = 0, rg = 0, rh = 0, rc = 0;
};

inline double leafGain(double g, double h, double l2) { return (g * g) / (h + l2); }

struct Sums {
  double grad, hess, count, l2, minData, minHess, parentGain;
};

// split-finder.ts consider's gain for n candidates, −∞ where it would return early (or the gain is NaN: never taken)
void gains(const double* __restrict lgA, const double* __restrict lhA, const double* __restrict lcA, int n, const Sums& s, double* __restrict out) {
  const double count = s.count, hess = s.hess, grad = s.grad, l2 = s.l2, minData = s.minData, minHess = s.minHess, parent = s.parentGain;
  for (int t = 0; t < n; t++) {
    const double lg = lgA[t], lh = lhA[t], lc = lcA[t];
    const double rc = count - lc, rh = hess - lh, rg = grad - lg;
    const double gain = (lg * lg) / (lh + l2) + (rg * rg) / (rh + l2) - parent;
    const bool ok = !(lc < minData || rc < minData) && !(lh < minHess || rh < minHess) && gain == gain;
    out[t] = ok ? gain : -INFINITY;
  }
}

// consider's bookkeeping once its gain has beaten the best so far
inline void take(double lg, double lh, double lc, const Sums& s, int feature, int bin, int missing, double gain, Best& best) {
  const double rc = s.count - lc;
  const double rh = s.hess - lh;
  const double rg = s.grad - lg;
  best.feature = feature;
  best.bin = bin;
  best.defaultLeft = missing == 2 ? lh >= rh : missing == 1;
  best.gain = gain;
  best.lg = lg;
  best.lh = lh;
  best.lc = lc;
  best.rg = rg;
  best.rh = rh;
  best.rc = rc;
}

// gbdtBestSplit(hist, histOffset, numValueBins, featureMask, params [sumGrad, sumHess, count, lambdaL2, minDataInLeaf,
// minSumHessianInLeaf], out Float64Array(10)): out = [feature, bin, defaultLeft, gain, lg, lh, lc, rg, rh, rc]
napi_value BestSplit(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 6, "gbdtBestSplit");
    size_t nHist, nOff, nNb, nMask, nP, nOut;
    const double* hist = anyTyped<double>(env, a[0], napi_float64_array, &nHist, "hist");
    const int32_t* off = anyTyped<int32_t>(env, a[1], napi_int32_array, &nOff, "histOffset");
    const int32_t* nvb = anyTyped<int32_t>(env, a[2], napi_int32_array, &nNb, "numValueBins");
    const uint8_t* mask = anyTyped<uint8_t>(env, a[3], napi_uint8_array, &nMask, "featureMask");
    const double* p = anyTyped<double>(env, a[4], napi_float64_array, &nP, "params");
    double* out = anyTyped<double>(env, a[5], napi_float64_array, &nOut, "out");
    need(nOff == nNb && nMask == nNb && nP == 6 && nOut == 10, "gbdtBestSplit: shapes (histOffset/numValueBins/featureMask per feature, params 6, out 10)");
    const int F = (int)nNb;
    for (int f = 0; f < F; f++) {
      need(off[f] >= 0 && nvb[f] >= 1 && (size_t)(off[f] + nvb[f] + 1) * STRIDE <= nHist, "gbdtBestSplit: a feature's bins fall outside hist");
    }
    Sums s{p[0], p[1], p[2], p[3], p[4], p[5], 0};
    s.parentGain = leafGain(s.grad, s.hess, s.l2);
    Best best;
    int maxNb = 1;
    for (int f = 0; f < F; f++) maxNb = std::max(maxNb, (int)nvb[f]);
    std::vector<double> buf(8 * (size_t)maxNb);
    double *LG = buf.data(), *LH = LG + maxNb, *LC = LH + maxNb, *G0 = LC + maxNb, *G1 = G0 + maxNb;
    double *LG1 = G1 + maxNb, *LH1 = LG1 + maxNb, *LC1 = LH1 + maxNb;
    for (int f = 0; f < F; f++) {
      if (mask[f] == 0) continue;
      const int o0 = off[f] * STRIDE;
      const int nb = nvb[f];
      const int mo = o0 + nb * STRIDE;
      const double mg = hist[mo], mh = hist[mo + 1], mc = hist[mo + 2];
      const bool hasMissing = mc > 0;
      const int lastT = hasMissing ? nb - 1 : nb - 2;
      if (lastT < 0) continue;
      // split-finder.ts scanFeature in three passes: the left sums in its order; every candidate's gain (−∞ where a
      // constraint fails, as it could never win) with no branch, vectorised; then its comparisons in its order
      double lg = 0, lh = 0, lc = 0;
      for (int t = 0; t <= lastT; t++) {
        const int o = o0 + t * STRIDE;
        lg += hist[o];
        lh += hist[o + 1];
        lc += hist[o + 2];
        LG[t] = lg;
        LH[t] = lh;
        LC[t] = lc;
        LG1[t] = lg + mg;
        LH1[t] = lh + mh;
        LC1[t] = lc + mc;
      }
      gains(LG, LH, LC, lastT + 1, s, G0);
      if (hasMissing) gains(LG1, LH1, LC1, lastT + 1, s, G1);
      for (int t = 0; t <= lastT; t++) {
        if (G0[t] > best.gain) take(LG[t], LH[t], LC[t], s, f, t, hasMissing ? 0 : 2, G0[t], best);
        if (hasMissing && t < nb - 1 && G1[t] > best.gain) take(LG1[t], LH1[t], LC1[t], s, f, t, 1, G1[t], best);
      }
    }
    const double vals[10] = {(double)best.feature, (double)best.bin, best.defaultLeft ? 1.0 : 0.0, best.gain, best.lg, best.lh, best.lc, best.rg, best.rh, best.rc};
    for (int i = 0; i < 10; i++) out[i] = vals[i];
    return nullptr;
  });
}

// Pass 1 of a document i (gain gi ≠ 0) against every j in [from, to): written on raw restrict pointers with selects and
// a clamped table index (no branch), so the compiler vectorises it. Per lane the operations are JS's, in its order.
void pairsOfOne(double gi, double si, double di, double invMax, double normalise, double sigma, double sigma2, double sigMin,
                double sigFactor, double sigTop, const double* __restrict sig, int from, int to, const double* __restrict gn,
                const double* __restrict s, const double* __restrict disc, double* __restrict lam, double* __restrict hs,
                double* __restrict tArr, double* __restrict lArr, double* __restrict hArr) {
  for (int j = from; j < to; j++) {
    const double gj = gn[j];
    const bool iBetter = gi > gj;
    const double sj = s[j];
    const double delta = iBetter ? si - sj : sj - si;
    const double dg = iBetter ? gi - gj : gj - gi;
    const double raw = dg * (di - disc[j]) * invMax;
    const double dNdcg = normalise != 0 ? raw / (0.01 + std::fabs(delta)) : raw;
    double x = (delta - sigMin) * sigFactor;
    x = x >= 0 ? x : 0;
    x = x > sigTop ? sigTop : x;
    const double p = sig[(int)x];
    const double l = -sigma * dNdcg * p;
    const double hh = sigma2 * dNdcg * p * (1 - p);
    const bool diff = gi != gj;
    const double lambda = diff ? l : 0.0;
    const double h = diff ? hh : 0.0;
    const double t = iBetter ? lambda : -lambda;
    lam[j] -= t;
    hs[j] += h;
    tArr[j] = t;
    lArr[j] = lambda;
    hArr[j] = h;
  }
}

// gbdtLambdarank(offsets, scores, labels, order, labelGain, discount, inverseMaxDcg, sigTable, config
// [sigma, sigMin, sigFactor, truncation, norm], outLambda, outHess, outSum): per row the unnormalised λ and hessian,
// per query Σλ (for JS's norm). `order` holds each query's sorted order from the last round and is updated.
napi_value Lambdarank(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 12, "gbdtLambdarank");
    size_t nOffsets, nScores, nLabels, nOrder, nGain, nDisc, nInv, nSig, nCfg, nLam, nHs, nSum;
    const int32_t* offsets = anyTyped<int32_t>(env, a[0], napi_int32_array, &nOffsets, "offsets");
    const double* scores = anyTyped<double>(env, a[1], napi_float64_array, &nScores, "scores");
    const float* labels = anyTyped<float>(env, a[2], napi_float32_array, &nLabels, "labels");
    int32_t* order = anyTyped<int32_t>(env, a[3], napi_int32_array, &nOrder, "order");
    const double* labelGain = anyTyped<double>(env, a[4], napi_float64_array, &nGain, "labelGain");
    const double* disc = anyTyped<double>(env, a[5], napi_float64_array, &nDisc, "discount");
    const double* invMaxDcg = anyTyped<double>(env, a[6], napi_float64_array, &nInv, "inverseMaxDcg");
    const double* sig = anyTyped<double>(env, a[7], napi_float64_array, &nSig, "sigTable");
    const double* cfg = anyTyped<double>(env, a[8], napi_float64_array, &nCfg, "config");
    double* outLam = anyTyped<double>(env, a[9], napi_float64_array, &nLam, "outLambda");
    double* outHs = anyTyped<double>(env, a[10], napi_float64_array, &nHs, "outHess");
    double* outSum = anyTyped<double>(env, a[11], napi_float64_array, &nSum, "outSum");
    need(nOffsets >= 1 && nCfg == 5 && nSig >= 2, "gbdtLambdarank: offsets ≥ 1 entry, config 5 values, sigTable ≥ 2");
    const size_t Q = nOffsets - 1, n = nScores;
    need(nLabels == n && nOrder == n && nLam == n && nHs == n && nInv == Q && nSum == Q, "gbdtLambdarank: per-row arrays need one entry per row, per-query ones one per query");
    need(offsets[0] == 0 && (size_t)offsets[Q] == n, "gbdtLambdarank: offsets must run from 0 to the number of rows");
    size_t maxGroup = 0;
    for (size_t q = 0; q < Q; q++) {
      need(offsets[q + 1] >= offsets[q], "gbdtLambdarank: offsets must not decrease");
      maxGroup = std::max(maxGroup, (size_t)(offsets[q + 1] - offsets[q]));
    }
    need(nDisc >= maxGroup, "gbdtLambdarank: discount needs one entry per position of the largest query");
    for (size_t q = 0; q < Q; q++) {
      const int cnt = offsets[q + 1] - offsets[q];
      native::checkIndices(order + offsets[q], cnt, cnt, "order");
    }
    for (size_t i = 0; i < n; i++) {
      const float l = labels[i];
      need(l >= 0 && (size_t)l < nGain && (float)(int)l == l, "gbdtLambdarank: a label has no entry in labelGain");
    }
    const double sigma = cfg[0], sigMin = cfg[1], sigFactor = cfg[2];
    const int truncation = (int)cfg[3];
    const bool norm = cfg[4] != 0;
    const int SB = (int)nSig;
    const double sigLow = sig[0], sigHigh = sig[SB - 1], sigma2 = sigma * sigma;
    std::vector<double> s(maxGroup), gn(maxGroup), lam(maxGroup), hs(maxGroup);
    std::vector<int32_t> nz(maxGroup);
    // JS's three-way lookup without a branch: below the table its index clamps to 0 (sig[0] is the low end value),
    // above to the last bin (the high end value); NaN reads bin 0 as JS's `NaN | 0` does
    (void)sigLow;
    (void)sigHigh;
    const double sigTop = SB - 1;
    auto lookup = [&](double delta) -> double {
      double x = (delta - sigMin) * sigFactor;
      x = !(x >= 0) ? 0 : x;
      x = x > sigTop ? sigTop : x;
      return sig[(int)x];
    };
    std::vector<double> tArr(maxGroup), lArr(maxGroup), hArr(maxGroup);
    for (size_t q = 0; q < Q; q++) {
      const int start = offsets[q];
      const int cnt = offsets[q + 1] - start;
      for (int i = 0; i < cnt; i++) outLam[start + i] = outHs[start + i] = 0;
      outSum[q] = 0;
      const double invMax = invMaxDcg[q];
      if (cnt < 2 || invMax == 0) continue;
      int32_t* ord = order + start;
      for (int x = 1; x < cnt; x++) {
        const int32_t xi = ord[x];
        const double sx = scores[start + xi];
        int b = x - 1;
        while (b >= 0) {
          const int32_t y = ord[b];
          const double sy = scores[start + y];
          if (sy > sx || (sy == sx && y < xi)) break;
          ord[b + 1] = y;
          b--;
        }
        ord[b + 1] = xi;
      }
      for (int k = 0; k < cnt; k++) {
        s[k] = scores[start + ord[k]];
        gn[k] = labelGain[(int)labels[start + ord[k]]];
        lam[k] = 0;
        hs[k] = 0;
      }
      const bool normalise = norm && s[0] != s[cnt - 1];
      int nnz = 0;
      for (int k = 0; k < cnt; k++) if (gn[k] != 0) nz[nnz++] = k;
      double sumLambdas = 0;
      int firstNz = 0;
      const int top = std::min(cnt - 1, truncation);
      for (int i = 0; i < top; i++) {
        while (firstNz < nnz && nz[firstNz] <= i) firstNz++;
        const double gi = gn[i], si = s[i], di = disc[i];
        double lamI = 0, hsI = 0;
        if (gi == 0) {
          for (int qq = firstNz; qq < nnz; qq++) {
            const int j = nz[qq];
            const double delta = s[j] - si;
            double dNdcg = gn[j] * (di - disc[j]) * invMax;
            if (normalise) dNdcg /= 0.01 + std::fabs(delta);
            const double p = lookup(delta);
            const double lambda = -sigma * dNdcg * p;
            const double h = sigma2 * dNdcg * p * (1 - p);
            lamI -= lambda;
            lam[j] += lambda;
            hsI += h;
            hs[j] += h;
            sumLambdas -= 2 * lambda;
          }
        } else {
          // JS's loop in two passes. Pass 1, without a branch on the labels (they are a coin flip per pair): each pair's
          // signed λ for i (t), λ and h, all 0 for a pair of equal labels; the per-j sums take them at once. Adding a 0
          // changes nothing: every sum here starts at +0 and so is never −0. λ to i is +λ when i is the better one,
          // else −λ: a + (−λ) and a − (−λ) round exactly as JS's a − λ and a + λ.
          pairsOfOne(gi, si, di, invMax, normalise ? 1.0 : 0.0, sigma, sigma2, sigMin, sigFactor, sigTop, sig, i + 1, cnt,
                     gn.data(), s.data(), disc, lam.data(), hs.data(), tArr.data(), lArr.data(), hArr.data());
          // pass 2: i's sums and Σλ in JS's order
          for (int j = i + 1; j < cnt; j++) {
            lamI += tArr[j];
            hsI += hArr[j];
            sumLambdas -= 2 * lArr[j];
          }
        }
        lam[i] += lamI;
        hs[i] += hsI;
      }
      for (int k = 0; k < cnt; k++) {
        outLam[start + ord[k]] = lam[k];
        outHs[start + ord[k]] = hs[k];
      }
      outSum[q] = sumLambdas;
    }
    return nullptr;
  });
}

}  // namespace

NATIVE_EXPORT(gbdtHistogram, Histogram);
NATIVE_EXPORT(gbdtBestSplit, BestSplit);
NATIVE_EXPORT(gbdtLambdarank, Lambdarank);
NATIVE_EXPORT(gbdtSubtract, Subtract);
NATIVE_EXPORT(gbdtPartition, Partition);
