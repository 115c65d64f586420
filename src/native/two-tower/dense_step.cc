// See dense_step.h. Every matrix product is written as C += A·B over row-major arrays with the inner
// loop running along a row of B and C (contiguous), so it vectorises without reordering any sum the
// compiler is not allowed to reorder; transposes are made explicitly where a product needs one.
#include "dense_step.h"

#include "../simd.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>
#include <vector>

namespace tt {
namespace {

using Buf = std::vector<float>;

float* grow(Buf& b, size_t n) {
  if (b.size() < n) b.resize(n);
  return b.data();
}

// GCC/Clang vector extension at the machine's native width: VW floats, one register (simd.h). A wider type than
// the hardware has is split by the compiler, and was measured 28× slower than native-width code on an AVX2 build.
// aligned(4): loads from any float.
using native::VW;
typedef float vf __attribute__((vector_size(VW * 4), aligned(4)));
typedef int32_t vi __attribute__((vector_size(VW * 4), aligned(4)));

// rows per register tile: R rows × 2 vectors = 2R accumulators. 8 rows fit AVX-512's (and NEON's) 32
// registers (measured 2.1× faster than 4 rows with AVX-512); AVX2 and SSE have 16, so 4 rows
#ifndef TILE_ROWS
#if defined(__AVX512F__) || defined(__aarch64__)
#define TILE_ROWS 8
#else
#define TILE_ROWS 4
#endif
#endif

inline vf loadv(const float* p) { return *reinterpret_cast<const vf*>(p); }
inline void storev(float* p, vf v) { *reinterpret_cast<vf*>(p) = v; }

// C[r..r+R, j..j+2·VW] += A[r..r+R, :] · Bm[:, j..j+2·VW]: 2R accumulators stay in registers for the
// whole K loop, so each step is two loads of Bm, R broadcasts of A and 2R multiply-adds.
template <int R>
inline void tileR(const float* A, int lda, const float* Bm, int ldb, float* C, int ldc, int K) {
  vf c[R][2];
  for (int r = 0; r < R; r++) {
    c[r][0] = loadv(C + (size_t)r * ldc);
    c[r][1] = loadv(C + (size_t)r * ldc + VW);
  }
  for (int i = 0; i < K; i++) {
    const vf b0 = loadv(Bm + (size_t)i * ldb);
    const vf b1 = loadv(Bm + (size_t)i * ldb + VW);
    for (int r = 0; r < R; r++) {
      const float a = A[(size_t)r * lda + i];
      c[r][0] += a * b0;
      c[r][1] += a * b1;
    }
  }
  for (int r = 0; r < R; r++) {
    storev(C + (size_t)r * ldc, c[r][0]);
    storev(C + (size_t)r * ldc + VW, c[r][1]);
  }
}

inline void tile1(const float* A, const float* Bm, int ldb, float* C, int K) {
  vf c = loadv(C);
  for (int i = 0; i < K; i++) c += A[i] * loadv(Bm + (size_t)i * ldb);
  storev(C, c);
}

// C (n × N) += A (n × K) · Bm (K × N), all row-major with the given leading dimensions: register tiles
// where the shape allows, then plain loops for the edges.
void gemm(const float* A, int lda, const float* Bm, int ldb, float* C, int ldc, int n, int K, int N) {
  const int N2 = N - N % (2 * VW);
  const int N1 = N - N % VW;
  const int n4 = n - n % TILE_ROWS;
  for (int r = 0; r < n4; r += TILE_ROWS) {
    for (int j = 0; j < N2; j += 2 * VW) tileR<TILE_ROWS>(A + (size_t)r * lda, lda, Bm + j, ldb, C + (size_t)r * ldc + j, ldc, K);
  }
  for (int r = 0; r < n; r++) {
    const float* a = A + (size_t)r * lda;
    float* c = C + (size_t)r * ldc;
    for (int j = r < n4 ? N2 : 0; j < N1; j += VW) tile1(a, Bm + j, ldb, c + j, K);
    for (int j = N1; j < N; j++) {
      float s = c[j];
      for (int i = 0; i < K; i++) s += a[i] * Bm[(size_t)i * ldb + j];
      c[j] = s;
    }
  }
}

inline void rows1(float* __restrict c0, const float* __restrict w, float a0, int N) {
  for (int j = 0; j < N; j++) c0[j] += a0 * w[j];
}

// out (cols × rows) = transpose of in (rows × cols, leading dimension ld)
void transpose(const float* in, int rows, int cols, int ld, float* out) {
  constexpr int T = 16;
  for (int r0 = 0; r0 < rows; r0 += T) {
    for (int c0 = 0; c0 < cols; c0 += T) {
      const int r1 = std::min(rows, r0 + T);
      const int c1 = std::min(cols, c0 + T);
      for (int r = r0; r < r1; r++) {
        for (int c = c0; c < c1; c++) out[(size_t)c * rows + r] = in[(size_t)r * ld + c];
      }
    }
  }
}

// exp(x) for x ≤ 0 within ~2e-7 relative, VW at a time: 2^n · p(r) with n = round(x / ln2) and
// r = x − n·ln2 (|r| ≤ ln2/2), p the degree-6 Taylor polynomial. n comes from the 1.5·2²³ rounding
// trick (its low mantissa bits are n), so there is no branch and no call. Below −87 (and for −∞, a
// masked logit) the result is 0.
inline vf expNegV(vf x) {
  const vf lo = x < -87.0f ? vf{} - 87.0f : x;
  const vf big = vf{} + 12582912.0f;  // 1.5 · 2²³
  const vf t = lo * 1.44269504088896341f + big;
  const vf n = t - big;
  vf r = lo - n * 0.693145751953125f;
  r -= n * 1.42860682030941723e-6f;
  vf p = vf{} + 1.0f / 720;
  p = p * r + 1.0f / 120;
  p = p * r + 1.0f / 24;
  p = p * r + 1.0f / 6;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const vi bits = (((vi)t - 0x4B400000) + 127) << 23;
  const vf e = p * (vf)bits;
  return x < -87.0f ? vf{} : e;
}

// the same for one value (the tails of rows whose length is not a multiple of VW)
inline float expNeg(float x) {
  vf v = vf{} + x;
  return expNegV(v)[0];
}

// max of x[0..n): VW running maxima, then one across them (max is exact, so the order is free)
float maxOf(const float* x, int n) {
  vf lanes = vf{} - INFINITY;
  int j = 0;
  for (; j + VW <= n; j += VW) {
    const vf v = loadv(x + j);
    lanes = v > lanes ? v : lanes;
  }
  float m = -INFINITY;
  for (int l = 0; l < VW; l++) m = std::max(m, lanes[l]);
  for (; j < n; j++) m = std::max(m, x[j]);
  return m;
}

// x[j] ← exp(x[j] − shift); returns Σ x[j], summed in VW lanes (a fixed order: deterministic)
float expSum(float* x, int n, float shift) {
  vf lanes = vf{};
  int j = 0;
  for (; j + VW <= n; j += VW) {
    const vf e = expNegV(loadv(x + j) - shift);
    storev(x + j, e);
    lanes += e;
  }
  float z = 0;
  for (int l = 0; l < VW; l++) z += lanes[l];
  for (; j < n; j++) {
    x[j] = expNeg(x[j] - shift);
    z += x[j];
  }
  return z;
}

void scale(float* x, int n, float f) {
  for (int j = 0; j < n; j++) x[j] *= f;
}

struct TowerWork {
  std::vector<Buf> acts;  // acts[l] = output of layer l (after ReLU for hidden layers)
  Buf norms, out, g, gNext, xT, wT;
};

// Forward pass of one tower over n rows; keeps what backward needs in w.
void forward(const Tower& t, const float* x, int n, TowerWork& w) {
  w.acts.resize(t.L);
  const float* h = x;
  for (int l = 0; l < t.L; l++) {
    const int in = t.sizes[l];
    const int out = t.sizes[l + 1];
    float* y = grow(w.acts[l], (size_t)n * out);
    for (int r = 0; r < n; r++) std::memcpy(y + (size_t)r * out, t.b[l], sizeof(float) * out);
    gemm(h, in, t.W[l], out, y, out, n, in, out);
    if (l + 1 < t.L) {
      for (size_t i = 0; i < (size_t)n * out; i++) y[i] = y[i] > 0 ? y[i] : 0;
    }
    h = y;
  }
  const int d = t.sizes[t.L];
  float* norms = grow(w.norms, n);
  float* o = grow(w.out, (size_t)n * d);
  for (int r = 0; r < n; r++) {
    const float* hr = h + (size_t)r * d;
    double s = 0;
    for (int e = 0; e < d; e++) s += (double)hr[e] * hr[e];
    const float nr = (float)(std::sqrt(s) + 1e-12);
    norms[r] = nr;
    for (int e = 0; e < d; e++) o[(size_t)r * d + e] = hr[e] / nr;
  }
}

// Backprop gOut (n × d, w.r.t. the normalised output) to the tower input gx (n × sizes[0]);
// accumulates the weight gradients.
void backward(const Tower& t, const float* x, int n, TowerWork& w, const float* gOut, float* gx) {
  const int d = t.sizes[t.L];
  float* g = grow(w.g, (size_t)n * d);
  for (int r = 0; r < n; r++) {
    const float* y = w.out.data() + (size_t)r * d;
    const float* go = gOut + (size_t)r * d;
    double dot = 0;
    for (int e = 0; e < d; e++) dot += (double)y[e] * go[e];
    const float nr = w.norms[r];
    const float fd = (float)dot;
    for (int e = 0; e < d; e++) g[(size_t)r * d + e] = (go[e] - y[e] * fd) / nr;
  }
  for (int l = t.L - 1; l >= 0; l--) {
    const int in = t.sizes[l];
    const int out = t.sizes[l + 1];
    const float* xl = l == 0 ? x : w.acts[l - 1].data();
    if (l + 1 < t.L) {
      const float* y = w.acts[l].data();
      for (size_t i = 0; i < (size_t)n * out; i++) g[i] = y[i] > 0 ? g[i] : 0;
    }
    float* gB = t.gB[l];
    for (int r = 0; r < n; r++) {
      const float* gr = g + (size_t)r * out;
      for (int o = 0; o < out; o++) gB[o] += gr[o];
    }
    // gW (in × out) += xᵀ (in × n) · g (n × out)
    float* xT = grow(w.xT, (size_t)in * n);
    transpose(xl, n, in, in, xT);
    gemm(xT, n, g, out, t.gW[l], out, in, n, out);
    // gx (n × in) = g (n × out) · Wᵀ (out × in)
    float* wT = grow(w.wT, (size_t)out * in);
    transpose(t.W[l], in, out, out, wT);
    float* dst = l == 0 ? gx : grow(w.gNext, (size_t)n * in);
    std::memset(dst, 0, sizeof(float) * (size_t)n * in);
    gemm(g, out, wT, in, dst, in, n, out, in);
    if (l > 0) {
      std::swap(w.g, w.gNext);
      g = w.g.data();
    }
  }
}

struct Work {
  TowerWork user, item;
  Buf vT, S, gT, gu, gv, rowLoss;
};

thread_local Work work;

// part 0 on the calling thread and part 1 on the helper (or both here without one)
template <class F>
void both(Helper* helper, F f) {
  if (!helper) {
    f(0);
    f(1);
    return;
  }
  helper->both([&] { f(1); }, [&] { f(0); });
}

}  // namespace

double step(const Tower& user, const Tower& item, const StepInput& in, float* gxu, float* gxi) {
  Work& w = work;
  const int B = in.B, C = in.C, k = in.k;
  const int nI = C + B * k;
  const int d = user.sizes[user.L];
  const int W = C + k;  // logits per row
  const float invT = 1.0f / in.temperature;

  both(in.helper, [&](int part) {
    if (part == 0) {
      forward(user, in.xu, B, w.user);
    } else {
      forward(item, in.xi, nI, w.item);
      transpose(w.item.out.data(), C, d, d, grow(w.vT, (size_t)d * C));
    }
  });
  const float* U = w.user.out.data();
  const float* V = w.item.out.data();
  const float* H = V + (size_t)C * d;  // per-row hard negatives, B × k × d
  float* S = grow(w.S, (size_t)B * W);
  float* rowLoss = grow(w.rowLoss, B);
  const float gScale = invT / B;  // dL/ds = (p − onehot)/B, and ds/d(u·v) = 1/τ

  // logits, softmax and dL/dlogit, rows split between the threads
  both(in.helper, [&](int part) {
    const int mid = in.helper ? B / 2 : B;  // one thread: part 0 takes every row
    const int r0 = part == 0 ? 0 : mid;
    const int r1 = part == 0 ? mid : B;
    if (r0 >= r1) return;
    float* Sr = S + (size_t)r0 * W;
    for (int i = r0; i < r1; i++) std::memset(S + (size_t)i * W, 0, sizeof(float) * C);
    gemm(U + (size_t)r0 * d, d, w.vT.data(), C, Sr, W, r1 - r0, d, C);
    for (int i = r0; i < r1; i++) {
      float* s = S + (size_t)i * W;
      const float c = in.correction;
      if (c != 0) {
        for (int j = 0; j < C; j++) s[j] = s[j] * invT - c * in.logQ[j];
      } else {
        for (int j = 0; j < C; j++) s[j] *= invT;
      }
      // masks: accidental hits (the row's own item in another column) and, without in-batch
      // negatives, every other row's positive; the row's own column i is never masked
      const float own = s[i];
      const int32_t item0 = in.rowItem[i];
      for (int j = 0; j < C; j++) s[j] = in.colItem[j] == item0 ? -INFINITY : s[j];
      if (!in.inBatch) {
        for (int j = 0; j < B; j++) s[j] = -INFINITY;
      }
      s[i] = own;
      const float* ui = U + (size_t)i * d;
      for (int h = 0; h < k; h++) {
        const float* hv = H + ((size_t)i * k + h) * d;
        float dot = 0;
        for (int e = 0; e < d; e++) dot += ui[e] * hv[e];
        s[C + h] = dot * invT;
      }
      const float pos = s[i];
      const float mx = maxOf(s, W);
      const float z = expSum(s, W, mx);
      rowLoss[i] = mx + std::log(z) - pos;
      scale(s, W, gScale / z);
      s[i] -= gScale;
    }
  });

  // gu = G·V (+ hard), and gv = Gᵀ·U (+ gh = G_hard ⊙ u), one per thread
  float* gu = grow(w.gu, (size_t)B * d);
  float* gv = grow(w.gv, (size_t)nI * d);
  both(in.helper, [&](int part) {
    if (part == 0) {
      std::memset(gu, 0, sizeof(float) * (size_t)B * d);
      gemm(S, W, V, d, gu, d, B, C, d);
      for (int i = 0; i < B; i++) {
        for (int h = 0; h < k; h++) rows1(gu + (size_t)i * d, H + ((size_t)i * k + h) * d, S[(size_t)i * W + C + h], d);
      }
    } else {
      float* gT = grow(w.gT, (size_t)C * B);
      transpose(S, B, C, W, gT);
      std::memset(gv, 0, sizeof(float) * (size_t)nI * d);
      gemm(gT, B, U, d, gv, d, C, B, d);
      for (int i = 0; i < B; i++) {
        for (int h = 0; h < k; h++) rows1(gv + ((size_t)C + (size_t)i * k + h) * d, U + (size_t)i * d, S[(size_t)i * W + C + h], d);
      }
    }
  });

  both(in.helper, [&](int part) {
    if (part == 0) backward(user, in.xu, B, w.user, gu, gxu);
    else backward(item, in.xi, nI, w.item, gv, gxi);
  });

  double loss = 0;
  for (int i = 0; i < B; i++) loss += rowLoss[i];
  return loss / B;
}

void encode(const Tower& t, const float* x, int n, float* out) {
  TowerWork w;
  forward(t, x, n, w);
  std::memcpy(out, w.out.data(), sizeof(float) * (size_t)n * t.sizes[t.L]);
}


Helper::Helper() : thread_([this] { loop(); }) {}

Helper::~Helper() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Helper::both(const std::function<void()>& f, const std::function<void()>& g) {
  job_ = &f;
  const uint64_t ticket = posted_.load(std::memory_order_relaxed) + 1;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    posted_.store(ticket, std::memory_order_release);
  }
  if (sleeping_.load(std::memory_order_acquire)) wake_.notify_one();
  g();
  while (finished_.load(std::memory_order_acquire) != ticket) std::this_thread::yield();
}

void Helper::loop() {
  uint64_t seen = 0;
  for (;;) {
    // spin for up to ~200 µs (sections of one step follow each other closely), then sleep
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
    while (posted_.load(std::memory_order_acquire) == seen && std::chrono::steady_clock::now() < until) {
    }
    if (posted_.load(std::memory_order_acquire) == seen) {
      std::unique_lock<std::mutex> lock(mutex_);
      sleeping_.store(true, std::memory_order_release);
      wake_.wait(lock, [&] { return stop_ || posted_.load(std::memory_order_acquire) != seen; });
      sleeping_.store(false, std::memory_order_release);
      if (stop_) return;
    }
    seen = posted_.load(std::memory_order_acquire);
    (*job_)();
    finished_.store(seen, std::memory_order_release);
  }
}

}  // namespace tt
