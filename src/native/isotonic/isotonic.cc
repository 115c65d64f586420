// The isotonic kernel: isotonicFit of src/core/calibration/isotonic.ts (its JS reference) in one call — the rows sorted
// by x (ties in row order), exact ties pooled into one weighted point, pool-adjacent-violators, and the thresholds and
// values returned in new Float64Arrays of the exact size. Every sum and mean is the reference's, in its order (a tie
// group's Σw and Σw·y from 0 in row order, then each merge (v₁w₁ + v₂w₂)/(w₁ + w₂)), and no multiply-add is fused, so
// the results equal the JS ones to the last bit (test/ranking/isotonic-native.test.ts).
// Where the time goes: the sort. Each row becomes a record (its x as a 64-bit key whose unsigned order is the doubles'
// order, −0 as +0, and its y, and its weight when there are weights); a stable LSD radix sort on the key's high 32 bits
// (three passes of 11 bits, a pass skipped when every key shares its digit) leaves runs of equal high words, which
// differ by < 2⁻²⁰ relative: short for continuous scores (insertion sort on the full key), ties already in row order,
// and a long run of distinct near-equal values falls back to std::stable_sort, so the worst case stays O(n log n).
#pragma GCC optimize("fp-contract=off")
#include <node_api.h>
#include <sys/mman.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "../napi.h"

namespace {

using native::anyTyped;
using native::args;

constexpr uint64_t kSign = uint64_t(1) << 63;
/** runs of one high word longer than this are sorted by comparison instead of by insertion */
constexpr size_t kShortRun = 32;
constexpr int kDigitBits[3] = {11, 11, 10};
constexpr int kDigitShift[3] = {32, 43, 54};

/** the doubles' order as unsigned integers: flip every bit of a negative, the sign bit of a positive; −0 is +0 */
inline uint64_t orderedKey(double v) {
  if (v == 0) return kSign;
  uint64_t b;
  std::memcpy(&b, &v, 8);
  return (b & kSign) ? ~b : (b | kSign);
}

/** the double of a key that is not zero's */
inline double keyValue(uint64_t k) {
  const uint64_t b = (k & kSign) ? (k ^ kSign) : ~k;
  double v;
  std::memcpy(&v, &b, 8);
  return v;
}

struct Row {
  uint64_t key;
  double y;
};
struct WeightedRow {
  uint64_t key;
  double y;
  double w;
};
inline double weightOf(const Row&) { return 1; }
inline double weightOf(const WeightedRow& r) { return r.w; }
inline void setWeight(Row&, double) {}
inline void setWeight(WeightedRow& r, double w) { r.w = w; }

/** the rows (x, y[, w]) sorted by x, ties in row order; `spare` is a second buffer of n rows the sort may use */
template <class R>
R* sortRows(const double* x, const double* y, const double* w, size_t n, R* a, R* spare) {
  const size_t kBuckets = size_t(1) << 11;
  std::vector<uint32_t> count(3 * kBuckets, 0);
  for (size_t i = 0; i < n; i++) {
    const uint64_t k = orderedKey(x[i]);
    for (int p = 0; p < 3; p++) count[p * kBuckets + ((k >> kDigitShift[p]) & ((uint64_t(1) << kDigitBits[p]) - 1))]++;
  }
  // the first pass reads the caller's arrays, so it is never skipped; the others are when one digit holds every key
  R* src = nullptr;
  R* dst = a;
  for (int p = 0; p < 3; p++) {
    uint32_t* c = &count[p * kBuckets];
    const uint64_t mask = (uint64_t(1) << kDigitBits[p]) - 1;
    const int shift = kDigitShift[p];
    if (p > 0 && c[(src[0].key >> shift) & mask] == n) continue;
    uint32_t sum = 0;
    for (size_t d = 0; d < kBuckets; d++) {
      const uint32_t cd = c[d];
      c[d] = sum;
      sum += cd;
    }
    if (p == 0) {
      for (size_t i = 0; i < n; i++) {
        R r;
        r.key = orderedKey(x[i]);
        r.y = y[i];
        setWeight(r, w ? w[i] : 1);
        dst[c[(r.key >> shift) & mask]++] = r;
      }
    } else {
      for (size_t j = 0; j < n; j++) dst[c[(src[j].key >> shift) & mask]++] = src[j];
    }
    src = dst;
    dst = dst == a ? spare : a;
  }
  // finish each run of equal high words by the full key; equal keys stay in row order (both sorts are stable)
  for (size_t start = 0, j = 1; j <= n; j++) {
    if (j < n && (src[j].key >> 32) == (src[start].key >> 32)) continue;
    if (j - start > kShortRun) {
      bool same = true;
      for (size_t t = start + 1; t < j && same; t++) same = src[t].key == src[start].key;
      if (!same) std::stable_sort(src + start, src + j, [](const R& l, const R& r) { return l.key < r.key; });
    } else {
      for (size_t t = start + 1; t < j; t++) {
        const R r = src[t];
        size_t u = t;
        while (u > start && src[u - 1].key > r.key) {
          src[u] = src[u - 1];
          u--;
        }
        src[u] = r;
      }
    }
    start = j;
  }
  return src;
}

struct Fit {
  std::vector<double> thresholds;
  std::vector<double> values;
};

/**
 * The reference's pooling and PAV over sorted rows. Points (one per distinct x) are written over the spent buffers:
 * their x (`px`) and end index over the sorted rows as they are read (point k ≤ row j), their mean y and weight into
 * the spare buffer.
 */
template <class R>
void poolAndFit(const double* x, R* rows, R* spare, size_t n, Fit& out) {
  double* px = reinterpret_cast<double*>(rows);                  // n doubles: bytes [0, 8n) of the sorted rows
  double* value = reinterpret_cast<double*>(spare);              // n doubles
  double* weight = value + n;                                    // n doubles (rows are ≥ 16 bytes)
  size_t m = 0;
  uint64_t last = 0;
  bool zero = false;
  double sw = 0, swy = 0;
  for (size_t j = 0; j < n; j++) {
    const uint64_t k = rows[j].key;
    const double yj = rows[j].y;
    const double wj = weightOf(rows[j]);
    if (j == 0 || k != last) {
      if (j > 0) {
        value[m - 1] = swy;
        weight[m - 1] = sw;
      }
      last = k;
      zero = zero || k == kSign;
      px[m++] = k == kSign ? 0.0 : keyValue(k);  // zero's sign is the first zero row's: set below
      sw = 0;
      swy = 0;
    }
    sw += wj;
    swy += wj * yj;
  }
  value[m - 1] = swy;
  weight[m - 1] = sw;
  for (size_t k = 0; k < m; k++) value[k] /= weight[k];
  if (zero) {
    // a pooled zero's threshold is the x of its first row in row order, +0 or −0, as in the reference
    size_t i = 0;
    while (x[i] != 0) i++;
    for (size_t k = 0; k < m; k++)
      if (px[k] == 0) px[k] = x[i];
  }
  // PAV in place: block b's value and weight at [b], its exclusive end point at end[b] (bytes [8n, 12n) of the rows)
  uint32_t* end = reinterpret_cast<uint32_t*>(px + n);
  long top = -1;
  for (size_t i = 0; i < m; i++) {
    top++;
    value[top] = value[i];
    weight[top] = weight[i];
    end[top] = uint32_t(i + 1);
    while (top > 0 && value[top - 1] >= value[top]) {
      const double wSum = weight[top - 1] + weight[top];
      value[top - 1] = (value[top - 1] * weight[top - 1] + value[top] * weight[top]) / wSum;
      weight[top - 1] = wSum;
      end[top - 1] = end[top];
      top--;
    }
  }
  const size_t blocks = size_t(top + 1);
  // each block's first and last point (the points between lie on a flat run and change no prediction)
  out.thresholds.clear();
  out.values.clear();
  for (size_t b = 0, start = 0; b < blocks; start = end[b++]) {
    out.thresholds.push_back(px[start]);
    out.values.push_back(value[b]);
    if (end[b] - start > 1) {
      out.thresholds.push_back(px[end[b] - 1]);
      out.values.push_back(value[b]);
    }
  }
}

/** false when a row is not one the reference accepts (the adapter then lets the reference throw its UsageError) */
bool valid(const double* x, const double* y, const double* w, size_t n) {
  bool ok = true;
  for (size_t i = 0; i < n; i++) ok &= std::isfinite(x[i]) & std::isfinite(y[i]);
  if (w)
    for (size_t i = 0; i < n; i++) ok &= (w[i] > 0) & std::isfinite(w[i]);
  return ok;
}

constexpr size_t kHuge = size_t(2) << 20;

/**
 * n rows of scratch, on transparent huge pages when they fill at least one: each first touch of a 4 KB page traps to
 * the host on a VM, and at 1M rows those 8,000 faults cost more than the sort (see src/native/memory/memory.cc).
 */
struct Scratch {
  void* data = nullptr;
  explicit Scratch(size_t bytes) {
    if (bytes >= kHuge) {
      const size_t rounded = (bytes + kHuge - 1) & ~(kHuge - 1);
      data = std::aligned_alloc(kHuge, rounded);
#if defined(MADV_HUGEPAGE)
      if (data) madvise(data, rounded, MADV_HUGEPAGE);
#endif
    } else {
      data = std::malloc(bytes > 0 ? bytes : 1);
    }
    if (!data) throw native::Error{"isotonicFit: out of memory for " + std::to_string(bytes) + " bytes of scratch"};
  }
  ~Scratch() { std::free(data); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

template <class R>
void fitRows(const double* x, const double* y, const double* w, size_t n, Fit& out) {
  Scratch a(n * sizeof(R)), b(n * sizeof(R));
  R* ra = static_cast<R*>(a.data);
  R* rb = static_cast<R*>(b.data);
  R* sorted = sortRows(x, y, w, n, ra, rb);
  poolAndFit(x, sorted, sorted == ra ? rb : ra, n, out);
}

napi_value float64Array(napi_env env, const std::vector<double>& v) {
  void* data;
  napi_value buffer, array;
  native::check(env, napi_create_arraybuffer(env, v.size() * 8, &data, &buffer));
  if (!v.empty()) std::memcpy(data, v.data(), v.size() * 8);
  native::check(env, napi_create_typedarray(env, napi_float64_array, v.size(), buffer, 0, &array));
  return array;
}

// isotonicFit(x, y, weights | null) → [thresholds, values], or null when a row is invalid (non-finite x or y, a weight
// not finite and > 0). Lengths must agree and be ≥ 1.
napi_value IsotonicFit(napi_env env, napi_callback_info info) {
  return native::guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 3, "isotonicFit");
    size_t n, ny, nw;
    const double* x = anyTyped<double>(env, a[0], napi_float64_array, &n, "isotonicFit: x");
    const double* y = anyTyped<double>(env, a[1], napi_float64_array, &ny, "isotonicFit: y");
    const double* w = anyTyped<double>(env, a[2], napi_float64_array, &nw, "isotonicFit: weights", true);
    if (ny != n || (w && nw != n)) throw native::Error{"isotonicFit: x, y and weights must have the same length"};
    if (n == 0 || n >= (size_t(1) << 32)) throw native::Error{"isotonicFit: needs between 1 and 2^32 - 1 rows, got " + std::to_string(n)};
    napi_value result;
    if (!valid(x, y, w, n)) {
      native::check(env, napi_get_null(env, &result));
      return result;
    }
    Fit fit;
    if (w) fitRows<WeightedRow>(x, y, w, n, fit);
    else fitRows<Row>(x, y, nullptr, n, fit);
    native::check(env, napi_create_array_with_length(env, 2, &result));
    native::check(env, napi_set_element(env, result, 0, float64Array(env, fit.thresholds)));
    native::check(env, napi_set_element(env, result, 1, float64Array(env, fit.values)));
    return result;
  });
}

}  // namespace

NATIVE_EXPORT(isotonicFit, IsotonicFit);
