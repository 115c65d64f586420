// Exact top-k search over a row-major float matrix (issue 23), one query or a batch: the matrix is read once per block
// of rows for every query of the batch (the block stays in cache while each query scores it), so a batch costs one
// pass over memory instead of one per query. The scores are those of the JS reference (src/retrieval/exact-js.ts),
// bit for bit, because the sums run in its order and precision:
//   ip: four double partial sums s_j over dims d ≡ j (mod 4) — one 4-lane vector of doubles, whose lane j is s_j; a
//       float × float product is exact in a double, so a fused multiply-add rounds as the JS multiply-then-add does;
//       leftover dims go into s_0; the score is float((s0 + s1) + s2 + s3).
//   l2: one double sum of (x_d − q_d)² in dim order, four rows at a time in the lanes of a vector (a 4 × 4 transpose
//       of each block of floats); the product is rounded before the add (never fused), as in JS; score float(−s).
// The top k keep JS's heap (core/vec.ts topK): the same comparisons in the same order, ties by lower row first.
// streamRead sums a matrix with wide accumulators: the memory-bandwidth bound the search is measured against.
#include <node_api.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "../napi.h"

#if defined(__AVX__)
#include <immintrin.h>
#endif

namespace {

using native::anyTyped;
using native::args;
using native::Error;
using native::guarded;
using native::integer;

typedef double v4d __attribute__((vector_size(32)));
typedef float v4f __attribute__((vector_size(16)));
typedef float v8f __attribute__((vector_size(32)));

inline v4d load4(const float* p) {
  v4f f;
  std::memcpy(&f, p, sizeof f);
  return __builtin_convertvector(f, v4d);
}

#if defined(__AVX__)
// a·b + c: fused where the machine can (exact here: a float × float product fits a double, so one rounding either way)
inline __m256d madd(__m256d a, __m256d b, __m256d c) {
#if defined(__FMA__)
  return _mm256_fmadd_pd(a, b, c);
#else
  return _mm256_add_pd(_mm256_mul_pd(a, b), c);
#endif
}
#endif

// Rows are prefetched this many floats (16 KB) ahead of the rows being scored: the hardware prefetcher alone left a
// single query at ~0.6 of the streaming-read pace on this machine, with it ~0.8 (measured on 1M × 64).
constexpr int PREFETCH = 4096;

// The heap of core/vec.ts topK, step for step: a min-heap of row indices on (score, −row).
struct TopK {
  std::vector<int32_t> heap;
  int m = 0, size = 0;
  std::vector<float> kept;   // score of each heap slot (rows of past blocks are not in s any more)
  bool worse(int a, int b) const { return kept[a] < kept[b] || (kept[a] == kept[b] && heap[a] > heap[b]); }
  void swap(int a, int b) {
    std::swap(heap[a], heap[b]);
    std::swap(kept[a], kept[b]);
  }
  void siftUp(int pos) {
    while (pos > 0) {
      const int parent = (pos - 1) >> 1;
      if (!worse(pos, parent)) break;
      swap(pos, parent);
      pos = parent;
    }
  }
  void siftDown(int pos) {
    for (;;) {
      const int l = 2 * pos + 1, r = l + 1;
      int w = pos;
      if (l < size && worse(l, w)) w = l;
      if (r < size && worse(r, w)) w = r;
      if (w == pos) return;
      swap(pos, w);
      pos = w;
    }
  }
  // rows r0 … r0 + rows − 1 with their scores: once the heap is full, a row (later than every kept one) enters only
  // with a score above the root's, so the loop compares against a local threshold and calls offer rarely
  void offerBlock(int r0, const float* sc, int rows) {
    int r = 0;
    for (; r < rows && size < m; r++) offer(r0 + r, sc[r]);
    if (size == 0) return;
    float thr = kept[0];
    for (; r < rows; r++) {
      if (sc[r] > thr) {
        offer(r0 + r, sc[r]);
        thr = kept[0];
      }
    }
  }
  void offer(int row, float score) {
    if (size < m) {
      heap[size] = row;
      kept[size] = score;
      size++;
      siftUp(size - 1);
    } else if (kept[0] < score || (kept[0] == score && heap[0] > row)) {
      heap[0] = row;
      kept[0] = score;
      siftDown(0);
    }
  }
};

// scores[r] for rows [0, rows) of m (ip), the JS order
void scoreIp(const float* m, int rows, int dim, const v4d* qv, const double* q, float* scores) {
  const int d4 = dim - dim % 4, nv = d4 / 4;
  int r = 0;
#if defined(__AVX__)
  for (; r + 4 <= rows; r += 4) {
    const float* a = m + (size_t)r * dim;
    for (int l = 0; l < 4 * dim; l += 16) __builtin_prefetch(a + PREFETCH + l);
    __m256d s0 = _mm256_setzero_pd(), s1 = s0, s2 = s0, s3 = s0;
    for (int i = 0; i < nv; i++) {
      const __m256d qi = (__m256d)qv[i];
      s0 = madd(_mm256_cvtps_pd(_mm_loadu_ps(a + 4 * i)), qi, s0);
      s1 = madd(_mm256_cvtps_pd(_mm_loadu_ps(a + dim + 4 * i)), qi, s1);
      s2 = madd(_mm256_cvtps_pd(_mm_loadu_ps(a + 2 * dim + 4 * i)), qi, s2);
      s3 = madd(_mm256_cvtps_pd(_mm_loadu_ps(a + 3 * dim + 4 * i)), qi, s3);
    }
    alignas(32) double lanes[4][4];
    _mm256_store_pd(lanes[0], s0);
    _mm256_store_pd(lanes[1], s1);
    _mm256_store_pd(lanes[2], s2);
    _mm256_store_pd(lanes[3], s3);
    for (int j = 0; j < 4; j++) {
      double x0 = lanes[j][0];
      for (int d = d4; d < dim; d++) x0 += (double)a[(size_t)j * dim + d] * q[d];
      scores[r + j] = (float)(((x0 + lanes[j][1]) + lanes[j][2]) + lanes[j][3]);
    }
  }
#endif
  for (; r < rows; r++) {
    const float* a = m + (size_t)r * dim;
    double s[4] = {0, 0, 0, 0};
    for (int i = 0; i < nv; i++)
      for (int j = 0; j < 4; j++) s[j] += (double)a[4 * i + j] * qv[i][j];
    double x0 = s[0];
    for (int d = d4; d < dim; d++) x0 += (double)a[d] * q[d];
    scores[r] = (float)(((x0 + s[1]) + s[2]) + s[3]);
  }
}

#if defined(__AVX__)
// Four queries over the same rows (a batch): each block of a row is converted to doubles once and multiplied into
// all four queries' sums, two rows at a time (eight independent sums). Every query's sums run in the order above.
void scoreIp4(const float* m, int rows, int dim, const v4d* const* qv, const double* const* q, float* const* scores) {
  const int d4 = dim - dim % 4, nv = d4 / 4;
  int r = 0;
  for (; r + 2 <= rows; r += 2) {
    const float* a = m + (size_t)r * dim;
    const float* b = a + dim;
    for (int l = 0; l < 2 * dim; l += 16) __builtin_prefetch(a + PREFETCH + l);
    __m256d sa[4], sb[4];
    for (int j = 0; j < 4; j++) sa[j] = sb[j] = _mm256_setzero_pd();
    for (int i = 0; i < nv; i++) {
      const __m256d xa = _mm256_cvtps_pd(_mm_loadu_ps(a + 4 * i));
      const __m256d xb = _mm256_cvtps_pd(_mm_loadu_ps(b + 4 * i));
      for (int j = 0; j < 4; j++) {
        const __m256d qi = (__m256d)qv[j][i];
        sa[j] = madd(xa, qi, sa[j]);
        sb[j] = madd(xb, qi, sb[j]);
      }
    }
    for (int j = 0; j < 4; j++) {
      alignas(32) double la[4], lb[4];
      _mm256_store_pd(la, sa[j]);
      _mm256_store_pd(lb, sb[j]);
      double xa0 = la[0], xb0 = lb[0];
      for (int d = d4; d < dim; d++) {
        xa0 += (double)a[d] * q[j][d];
        xb0 += (double)b[d] * q[j][d];
      }
      scores[j][r] = (float)(((xa0 + la[1]) + la[2]) + la[3]);
      scores[j][r + 1] = (float)(((xb0 + lb[1]) + lb[2]) + lb[3]);
    }
  }
  for (; r < rows; r++)
    for (int j = 0; j < 4; j++) scoreIp(m + (size_t)r * dim, 1, dim, qv[j], q[j], scores[j] + r);
}
#endif

// One squared difference added to a running sum, rounded twice as JS does (the pragma keeps the compiler from fusing).
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
__attribute__((optimize("fp-contract=off"))) void scoreL2(const float* m, int rows, int dim, const double* q, float* scores) {
  int r = 0;
#if defined(__AVX__)
  // sixteen rows (four groups of four) per pass over the dims, sharing the broadcast query values
  for (; r + 16 <= rows; r += 16) {
    const float* a = m + (size_t)r * dim;
    for (int l = 0; l < 16 * dim; l += 16) __builtin_prefetch(a + PREFETCH + l);
    __m256d s[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};  // s[g] lane j: row r + 4g + j
    int d = 0;
    for (; d + 4 <= dim; d += 4) {
      const __m256d q0 = _mm256_set1_pd(q[d]), q1 = _mm256_set1_pd(q[d + 1]), q2 = _mm256_set1_pd(q[d + 2]), q3 = _mm256_set1_pd(q[d + 3]);
      for (int g = 0; g < 4; g++) {
        const float* b = a + (size_t)4 * g * dim + d;
        __m128 r0 = _mm_loadu_ps(b), r1 = _mm_loadu_ps(b + dim), r2 = _mm_loadu_ps(b + 2 * dim), r3 = _mm_loadu_ps(b + 3 * dim);
        _MM_TRANSPOSE4_PS(r0, r1, r2, r3);  // r_i now holds dim d + i of the four rows
        __m256d t = _mm256_sub_pd(_mm256_cvtps_pd(r0), q0);
        s[g] = _mm256_add_pd(s[g], _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(_mm256_cvtps_pd(r1), q1);
        s[g] = _mm256_add_pd(s[g], _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(_mm256_cvtps_pd(r2), q2);
        s[g] = _mm256_add_pd(s[g], _mm256_mul_pd(t, t));
        t = _mm256_sub_pd(_mm256_cvtps_pd(r3), q3);
        s[g] = _mm256_add_pd(s[g], _mm256_mul_pd(t, t));
      }
    }
    alignas(32) double lanes[16];
    for (int g = 0; g < 4; g++) _mm256_store_pd(lanes + 4 * g, s[g]);
    for (int j = 0; j < 16; j++) {
      double x = lanes[j];
      for (int e = d; e < dim; e++) {
        const double t = (double)a[(size_t)j * dim + e] - q[e];
        const double sq = t * t;
        x = x + sq;
      }
      scores[r + j] = (float)(-x);
    }
  }
#endif
  for (; r < rows; r++) {
    const float* a = m + (size_t)r * dim;
    double x = 0;
    for (int e = 0; e < dim; e++) {
      const double t = (double)a[e] - q[e];
      const double sq = t * t;
      x = x + sq;
    }
    scores[r] = (float)(-x);
  }
}
#pragma GCC pop_options

// exactSearch(matrix, n, dim, metric (0 ip, 1 l2), queries, nq, k, outRows, outScores): for each query, its top
// min(k, n) rows best first at [q·k, q·k + min(k, n)), the rest −1 / −Infinity.
napi_value ExactSearch(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 9, "exactSearch");
    const int n = integer(env, a[1], "n"), dim = integer(env, a[2], "dim"), metric = integer(env, a[3], "metric");
    const int nq = integer(env, a[5], "nq"), k = integer(env, a[6], "k");
    if (n < 0 || dim <= 0 || nq < 0 || k <= 0) throw Error{"exactSearch: needs n ≥ 0, dim > 0, nq ≥ 0, k > 0"};
    if (metric != 0 && metric != 1) throw Error{"exactSearch: metric must be 0 (ip) or 1 (l2)"};
    size_t nm, nqv, nr, ns;
    const float* m = anyTyped<float>(env, a[0], napi_float32_array, &nm, "matrix");
    const float* qs = anyTyped<float>(env, a[4], napi_float32_array, &nqv, "queries");
    int32_t* outRows = anyTyped<int32_t>(env, a[7], napi_int32_array, &nr, "outRows");
    float* outScores = anyTyped<float>(env, a[8], napi_float32_array, &ns, "outScores");
    if (nm < (size_t)n * dim) throw Error{"exactSearch: matrix holds fewer than n × dim values"};
    if (nqv < (size_t)nq * dim) throw Error{"exactSearch: queries holds fewer than nq × dim values"};
    if (nr < (size_t)nq * k || ns < (size_t)nq * k) throw Error{"exactSearch: the outputs hold fewer than nq × k values"};
    const int m_ = std::min(k, n), nv = dim / 4;
    std::vector<double> qd((size_t)nq * dim);
    std::vector<v4d> qv((size_t)nq * std::max(nv, 1));  // 32-byte aligned (C++17 aligned new)
    for (size_t i = 0; i < (size_t)nq * dim; i++) qd[i] = qs[i];
    for (int q = 0; q < nq; q++)
      for (int i = 0; i < nv; i++) qv[(size_t)q * std::max(nv, 1) + i] = load4(qs + (size_t)q * dim + 4 * i);
    std::vector<TopK> tops(nq);
    for (auto& t : tops) {
      t.m = m_;
      t.heap.assign(m_, 0);
      t.kept.assign(m_, 0.0f);
    }
    // a block of rows of about 128 KB stays in L2 while every query of the batch scores it
    const int block = std::max(64, (int)(131072 / ((size_t)dim * sizeof(float))));
    const size_t qstride = std::max(nv, 1);
    std::vector<float> scores((size_t)4 * block);
    float* sc[4] = {scores.data(), scores.data() + block, scores.data() + 2 * block, scores.data() + 3 * block};
    for (int r0 = 0; r0 < n; r0 += block) {
      const int rows = std::min(block, n - r0);
      const float* mb = m + (size_t)r0 * dim;
      int q = 0;
#if defined(__AVX__)
      if (metric == 0) {
        for (; q + 4 <= nq; q += 4) {
          const v4d* qvs[4];
          const double* qds[4];
          for (int j = 0; j < 4; j++) {
            qvs[j] = qv.data() + (size_t)(q + j) * qstride;
            qds[j] = qd.data() + (size_t)(q + j) * dim;
          }
          scoreIp4(mb, rows, dim, qvs, qds, sc);
          for (int j = 0; j < 4; j++) tops[q + j].offerBlock(r0, sc[j], rows);
        }
      }
#endif
      for (; q < nq; q++) {
        if (metric == 0) scoreIp(mb, rows, dim, qv.data() + (size_t)q * qstride, qd.data() + (size_t)q * dim, sc[0]);
        else scoreL2(mb, rows, dim, qd.data() + (size_t)q * dim, sc[0]);
        tops[q].offerBlock(r0, sc[0], rows);
      }
    }
    for (int q = 0; q < nq; q++) {
      TopK& t = tops[q];
      std::vector<int> slot(t.size);
      for (int i = 0; i < t.size; i++) slot[i] = i;
      std::sort(slot.begin(), slot.end(), [&](int x, int y) { return t.kept[x] > t.kept[y] || (t.kept[x] == t.kept[y] && t.heap[x] < t.heap[y]); });
      for (int i = 0; i < k; i++) {
        outRows[(size_t)q * k + i] = i < t.size ? t.heap[slot[i]] : -1;
        outScores[(size_t)q * k + i] = i < t.size ? t.kept[slot[i]] : -INFINITY;
      }
    }
    return nullptr;
  });
}

// streamRead(matrix) → the sum of its values, read with wide accumulators at the memory's pace (the bound).
napi_value StreamRead(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 1, "streamRead");
    size_t n;
    const float* m = anyTyped<float>(env, a[0], napi_float32_array, &n, "matrix");
    v8f s0 = {}, s1 = {}, s2 = {}, s3 = {};
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
      v8f x0, x1, x2, x3;
      std::memcpy(&x0, m + i, 32);
      std::memcpy(&x1, m + i + 8, 32);
      std::memcpy(&x2, m + i + 16, 32);
      std::memcpy(&x3, m + i + 24, 32);
      s0 += x0;
      s1 += x1;
      s2 += x2;
      s3 += x3;
    }
    double total = 0;
    for (int j = 0; j < 8; j++) total += (double)s0[j] + s1[j] + s2[j] + s3[j];
    for (; i < n; i++) total += m[i];
    napi_value out;
    native::check(env, napi_create_double(env, total, &out));
    return out;
  });
}

}  // namespace

NATIVE_EXPORT(exactSearch, ExactSearch);
NATIVE_EXPORT(streamRead, StreamRead);
