// The quantization kernels (src/core/quantization/kernels.ts holds their JS references and says what they compute):
// nearestRows (each row's best centroid: k-means, IVF cell assignment, PQ encoding), seedUpdate (one k-means++ step),
// scoreRows (a query against k rows: coarse cells, ADC tables) and adcScan (PQ code scores from a lookup table). Both accumulate in double in the JS references' order — for each centroid the sum runs over
// d = 0 … width − 1 — so their numbers equal the JS ones to the last bit; the speed comes from running the centroid
// loop innermost over a transposed copy (independent sums side by side, which the compiler vectorises without
// reordering any one sum). Contraction into fused multiply-adds is switched off here for the same reason.
#pragma GCC optimize("fp-contract=off")
#include <node_api.h>

#include <cmath>
#include <limits>
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

void nearestRows(const float* data, int n, int stride, int offset, int width, const float* centroids, int k, int metric, int32_t* index, double* score) {
  // centroids transposed to width × k, so that the loop over centroids reads contiguous memory
  std::vector<double> ct((size_t)width * k);
  for (int c = 0; c < k; c++)
    for (int d = 0; d < width; d++) ct[(size_t)d * k + c] = centroids[(size_t)c * width + d];
  std::vector<double> acc(k);
  for (int i = 0; i < n; i++) {
    const float* x = data + (size_t)i * stride + offset;
    for (int c = 0; c < k; c++) acc[c] = 0.0;
    double* a = acc.data();
    if (metric == 0) {
      for (int d = 0; d < width; d++) {
        const double xd = x[d];
        const double* row = ct.data() + (size_t)d * k;
        for (int c = 0; c < k; c++) {
          const double t = xd - row[c];
          const double sq = t * t;
          a[c] = a[c] + sq;
        }
      }
    } else {
      for (int d = 0; d < width; d++) {
        const double xd = x[d];
        const double* row = ct.data() + (size_t)d * k;
        for (int c = 0; c < k; c++) {
          const double p = xd * row[c];
          a[c] = a[c] + p;
        }
      }
    }
    int best = 0;
    double bestS = metric == 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    for (int c = 0; c < k; c++) {
      if (metric == 0 ? a[c] < bestS : a[c] > bestS) {
        bestS = a[c];
        best = c;
      }
    }
    index[i] = best;
    score[i] = bestS;
  }
}

// nearestRows(data, n, stride, offset, width, centroids, k, metric, index, score)
napi_value NearestRows(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const std::vector<napi_value> a = args(env, info, 10, "nearestRows");
    const int n = integer(env, a[1], "n");
    const int stride = integer(env, a[2], "stride");
    const int offset = integer(env, a[3], "offset");
    const int width = integer(env, a[4], "width");
    const int k = integer(env, a[6], "k");
    const int metric = integer(env, a[7], "metric");
    if (n < 0 || width < 1 || k < 1 || offset < 0 || offset + width > stride) throw Error{"nearestRows: need n ≥ 0, width ≥ 1, k ≥ 1 and offset + width ≤ stride"};
    if (metric != 0 && metric != 1) throw Error{"nearestRows: metric must be 0 (l2) or 1 (ip)"};
    size_t dataLen, cLen, iLen, sLen;
    const float* data = anyTyped<float>(env, a[0], napi_float32_array, &dataLen, "data");
    const float* centroids = anyTyped<float>(env, a[5], napi_float32_array, &cLen, "centroids");
    int32_t* index = anyTyped<int32_t>(env, a[8], napi_int32_array, &iLen, "index");
    double* score = anyTyped<double>(env, a[9], napi_float64_array, &sLen, "score");
    if (n > 0 && dataLen < (size_t)(n - 1) * stride + offset + width) throw Error{"nearestRows: data holds fewer than n rows"};
    if (cLen < (size_t)k * width) throw Error{"nearestRows: centroids holds fewer than k × width floats"};
    if (iLen < (size_t)n || sLen < (size_t)n) throw Error{"nearestRows: index and score need n entries"};
    nearestRows(data, n, stride, offset, width, centroids, k, metric, index, score);
    return nullptr;
  });
}

// seedUpdate(data, n, stride, offset, width, centre, d2) → Σ d2 after folding in the distances to centre
napi_value SeedUpdate(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const std::vector<napi_value> a = args(env, info, 7, "seedUpdate");
    const int n = integer(env, a[1], "n");
    const int stride = integer(env, a[2], "stride");
    const int offset = integer(env, a[3], "offset");
    const int width = integer(env, a[4], "width");
    if (n < 0 || width < 1 || offset < 0 || offset + width > stride) throw Error{"seedUpdate: need n ≥ 0, width ≥ 1 and offset + width ≤ stride"};
    size_t dataLen, cLen, dLen;
    const float* data = anyTyped<float>(env, a[0], napi_float32_array, &dataLen, "data");
    const float* centre = anyTyped<float>(env, a[5], napi_float32_array, &cLen, "centre");
    double* d2 = anyTyped<double>(env, a[6], napi_float64_array, &dLen, "d2");
    if (n > 0 && dataLen < (size_t)(n - 1) * stride + offset + width) throw Error{"seedUpdate: data holds fewer than n rows"};
    if (cLen < (size_t)width || dLen < (size_t)n) throw Error{"seedUpdate: centre needs width floats and d2 n entries"};
    double total = 0.0;
    for (int i = 0; i < n; i++) {
      const float* x = data + (size_t)i * stride + offset;
      double d = 0.0;
      for (int t = 0; t < width; t++) {
        const double e = (double)x[t] - (double)centre[t];
        const double sq = e * e;
        d = d + sq;
      }
      if (d < d2[i]) d2[i] = d;
      total = total + d2[i];
    }
    napi_value out;
    native::check(env, napi_create_double(env, total, &out));
    return out;
  });
}

// scoreRows(query, qOffset, width, rows, k, metric, out): out[c] = q·r_c (metric 1) or −‖q − r_c‖² (metric 0)
napi_value ScoreRows(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const std::vector<napi_value> a = args(env, info, 7, "scoreRows");
    const int qOffset = integer(env, a[1], "qOffset");
    const int width = integer(env, a[2], "width");
    const int k = integer(env, a[4], "k");
    const int metric = integer(env, a[5], "metric");
    if (qOffset < 0 || width < 1 || k < 0) throw Error{"scoreRows: need qOffset ≥ 0, width ≥ 1 and k ≥ 0"};
    if (metric != 0 && metric != 1) throw Error{"scoreRows: metric must be 0 (l2) or 1 (ip)"};
    size_t qLen, rLen, oLen;
    const float* q = anyTyped<float>(env, a[0], napi_float32_array, &qLen, "query");
    const float* rows = anyTyped<float>(env, a[3], napi_float32_array, &rLen, "rows");
    float* out = anyTyped<float>(env, a[6], napi_float32_array, &oLen, "out");
    if (qLen < (size_t)qOffset + width) throw Error{"scoreRows: query shorter than qOffset + width"};
    if (rLen < (size_t)k * width || oLen < (size_t)k) throw Error{"scoreRows: rows needs k × width floats and out k entries"};
    q += qOffset;
    for (int c = 0; c < k; c++) {
      const float* r = rows + (size_t)c * width;
      double s = 0.0;
      if (metric == 1) {
        for (int d = 0; d < width; d++) {
          const double p = (double)q[d] * (double)r[d];
          s = s + p;
        }
      } else {
        for (int d = 0; d < width; d++) {
          const double e = (double)q[d] - (double)r[d];
          const double sq = e * e;
          s = s - sq;
        }
      }
      out[c] = (float)s;
    }
    return nullptr;
  });
}

// adcScan(table, m, ksub, codes, count, base, out)
napi_value AdcScan(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const std::vector<napi_value> a = args(env, info, 7, "adcScan");
    const int m = integer(env, a[1], "m");
    const int ksub = integer(env, a[2], "ksub");
    const int count = integer(env, a[4], "count");
    const double base = number(env, a[5], "base");
    if (m < 1 || ksub < 1 || ksub > 256 || count < 0) throw Error{"adcScan: need m ≥ 1, 1 ≤ ksub ≤ 256 and count ≥ 0"};
    size_t tLen, cLen, oLen;
    const float* table = anyTyped<float>(env, a[0], napi_float32_array, &tLen, "table");
    const uint8_t* codes = anyTyped<uint8_t>(env, a[3], napi_uint8_array, &cLen, "codes");
    double* out = anyTyped<double>(env, a[6], napi_float64_array, &oLen, "out");
    if (tLen < (size_t)m * ksub) throw Error{"adcScan: table holds fewer than m × ksub entries"};
    if (cLen < (size_t)count * m || oLen < (size_t)count) throw Error{"adcScan: codes or out shorter than count"};
    // a code above ksub − 1 would read past its sub-table: checked once per scan
    for (size_t i = 0; i < (size_t)count * m; i++)
      if (codes[i] >= ksub) throw Error{"adcScan: codes holds " + std::to_string(codes[i]) + ", outside [0, ksub)"};
    for (int e = 0; e < count; e++) {
      const uint8_t* c = codes + (size_t)e * m;
      double s = 0.0;
      for (int j = 0; j < m; j++) s = s + (double)table[(size_t)j * ksub + c[j]];
      out[e] = base + s;
    }
    return nullptr;
  });
}

}  // namespace

NATIVE_EXPORT(nearestRows, NearestRows);
NATIVE_EXPORT(seedUpdate, SeedUpdate);
NATIVE_EXPORT(scoreRows, ScoreRows);
NATIVE_EXPORT(adcScan, AdcScan);
