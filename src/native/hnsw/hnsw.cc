// The HNSW kernel: hnswlib 0.8.0's own graph code (the headers hnswlib-node ships, Apache License 2.0, © the hnswlib
// authors: see node_modules/hnswlib-node/src/hnswlib/LICENSE), compiled into our addon and called with typed arrays.
// What it removes against hnswlib-node is the glue: no JS array read element by element, no result object of boxed
// numbers, one call for a whole batch. What it keeps is every float: hnswlib-node is built without -march, so its
// distances are hnswlib's SSE functions; we compile the same SSE functions (USE_SSE only, no AVX paths) with
// floating-point contraction off, so no multiply-add is fused, and normalise cosine vectors as hnswlib-node does.
// Same seed, same insertion order → the same graph, bit for bit, on either engine; the file format is hnswlib's own,
// so an index saved by one engine loads in the other (test/retrieval/hnsw-native.test.ts holds both).
// On request only ("wide"), the distances use the full vector width the addon was compiled for (AVX-512 or AVX2,
// fused multiply-adds, a different summation order): faster, but the floats differ in the last bits from hnswlib's
// SSE sums, so near-ties can link a graph differently — the same on every run on one machine, not across widths.
#include <node_api.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <string>
#include <vector>

#include "../napi.h"
#include "../simd.h"

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
#elif defined(__clang__)
#pragma clang fp contract(off)
#endif
#define NO_MANUAL_VECTORIZATION
#if defined(__SSE__) || defined(_M_AMD64) || defined(_M_X64)
#define USE_SSE
#endif
#include "hnswlib.h"

namespace {

// hnswlib-node's normalizePoint, float for float (a sequential float sum: never vectorised without -ffast-math)
void normalizePoint(float* v, size_t dim) {
  const float norm = std::sqrt(std::fabs(std::inner_product(v, v + dim, v, 0.0f)));
  if (norm > 0.0f)
    for (size_t i = 0; i < dim; i++) v[i] /= norm;
}

}  // namespace
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC pop_options
#endif

namespace {

// The wide distances (compiled with the addon's -ffp-contract=fast: multiply-adds fused), two accumulators of VW floats.
typedef float vwf __attribute__((vector_size(native::VW * sizeof(float))));

inline vwf loadv(const float* p) {
  vwf v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline float hsum(vwf v) {
  float r = 0.0f;
  for (int j = 0; j < native::VW; j++) r += v[j];
  return r;
}

float ipWide(const void* av, const void* bv, const void* qty) {
  const float *a = static_cast<const float*>(av), *b = static_cast<const float*>(bv);
  const size_t d = *static_cast<const size_t*>(qty);
  vwf s0 = {}, s1 = {};
  size_t i = 0;
  for (; i + 2 * native::VW <= d; i += 2 * native::VW) {
    s0 += loadv(a + i) * loadv(b + i);
    s1 += loadv(a + i + native::VW) * loadv(b + i + native::VW);
  }
  for (; i + native::VW <= d; i += native::VW) s0 += loadv(a + i) * loadv(b + i);
  float r = hsum(s0 + s1);
  for (; i < d; i++) r += a[i] * b[i];
  return 1.0f - r;
}

float l2Wide(const void* av, const void* bv, const void* qty) {
  const float *a = static_cast<const float*>(av), *b = static_cast<const float*>(bv);
  const size_t d = *static_cast<const size_t*>(qty);
  vwf s0 = {}, s1 = {};
  size_t i = 0;
  for (; i + 2 * native::VW <= d; i += 2 * native::VW) {
    const vwf x = loadv(a + i) - loadv(b + i), y = loadv(a + i + native::VW) - loadv(b + i + native::VW);
    s0 += x * x;
    s1 += y * y;
  }
  for (; i + native::VW <= d; i += native::VW) {
    const vwf x = loadv(a + i) - loadv(b + i);
    s0 += x * x;
  }
  float r = hsum(s0 + s1);
  for (; i < d; i++) r += (a[i] - b[i]) * (a[i] - b[i]);
  return r;
}

class WideSpace : public hnswlib::SpaceInterface<float> {
  size_t dim_;
  hnswlib::DISTFUNC<float> f_;

 public:
  WideSpace(size_t dim, bool l2) : dim_(dim), f_(l2 ? l2Wide : ipWide) {}
  size_t get_data_size() override { return dim_ * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return f_; }
  void* get_dist_func_param() override { return &dim_; }
};

using native::anyTyped;
using native::args;
using native::Error;
using native::guarded;
using native::integer;

constexpr uint64_t MAGIC = 0x484e53572d6e6174ULL;  // "HNSW-nat": an external made by this file
enum Metric { IP = 0, L2 = 1, COSINE = 2 };

struct Index {
  uint64_t magic = MAGIC;
  int metric;
  size_t dim;
  hnswlib::SpaceInterface<float>* space = nullptr;
  hnswlib::HierarchicalNSW<float>* graph = nullptr;
  std::vector<float> scratch;  // one row, normalised (cosine)
  ~Index() {
    delete graph;
    delete space;
  }
};

// hnswlib's errors (std::runtime_error, bad_alloc) become JavaScript errors like ours
template <class F>
napi_value guardedHnsw(napi_env env, F body) {
  return guarded(env, [&]() -> napi_value {
    try {
      return body();
    } catch (const std::exception& e) {
      throw Error{std::string("hnswlib: ") + e.what()};
    }
  });
}

Index* handle(napi_env env, napi_value v) {
  napi_valuetype t;
  native::check(env, napi_typeof(env, v, &t));
  void* p = nullptr;
  if (t == napi_external) native::check(env, napi_get_value_external(env, v, &p));
  if (!p || static_cast<Index*>(p)->magic != MAGIC) throw Error{"hnsw: the first argument must be an index made by hnswCreate or hnswLoad"};
  return static_cast<Index*>(p);
}

Index* newIndex(int metric, int dim, bool wide) {
  if (metric != IP && metric != L2 && metric != COSINE) throw Error{"hnsw: metric must be 0 (ip), 1 (l2) or 2 (cosine)"};
  if (dim <= 0) throw Error{"hnsw: dim must be > 0"};
  auto* ix = new Index();
  ix->metric = metric;
  ix->dim = (size_t)dim;
  ix->scratch.assign(ix->dim, 0.0f);
  if (wide) ix->space = new WideSpace(ix->dim, metric == L2);
  else if (metric == L2) ix->space = new hnswlib::L2Space(ix->dim);
  else ix->space = new hnswlib::InnerProductSpace(ix->dim);
  return ix;
}

napi_value wrap(napi_env env, Index* ix) {
  napi_value out;
  napi_status s = napi_create_external(env, ix, [](napi_env, void* data, void*) { delete static_cast<Index*>(data); }, nullptr, &out);
  if (s != napi_ok) {
    delete ix;
    throw Error{"hnsw: could not create the index handle"};
  }
  return out;
}

// the row to hand hnswlib: the caller's floats, or their normalised copy (cosine)
const float* prepared(Index* ix, const float* row) {
  if (ix->metric != COSINE) return row;
  std::copy(row, row + ix->dim, ix->scratch.begin());
  normalizePoint(ix->scratch.data(), ix->dim);
  return ix->scratch.data();
}

// hnswlib's answer as similarities, best first (ties in the order hnswlib-node returns them): ip/cosine 1 − d, l2 −d.
// The conversion is done in double and rounded once, as the JS adapter does on hnswlib-node's numbers.
int searchOne(Index* ix, const float* query, int k, int32_t* ids, float* scores) {
  auto knn = ix->graph->searchKnn(prepared(ix, query), (size_t)k);
  const int n = (int)knn.size();
  for (int i = n - 1; i >= 0; i--) {
    const auto& top = knn.top();
    ids[i] = (int32_t)top.second;
    scores[i] = ix->metric == L2 ? (float)(-(double)top.first) : (float)(1.0 - (double)top.first);
    knn.pop();
  }
  return n;
}

// hnswCreate(metric, dim, maxElements, M, efConstruction, seed, wide) → index
napi_value HnswCreate(napi_env env, napi_callback_info info) {
  return guardedHnsw(env, [&]() -> napi_value {
    auto a = args(env, info, 7, "hnswCreate");
    const int metric = integer(env, a[0], "metric"), dim = integer(env, a[1], "dim"), maxElements = integer(env, a[2], "maxElements");
    const int M = integer(env, a[3], "M"), efc = integer(env, a[4], "efConstruction"), seed = integer(env, a[5], "seed");
    if (maxElements < 1 || M < 2 || efc < 1 || seed < 0) throw Error{"hnswCreate: needs maxElements ≥ 1, M ≥ 2, efConstruction ≥ 1, seed ≥ 0"};
    Index* ix = newIndex(metric, dim, native::boolean(env, a[6]));
    try {
      ix->graph = new hnswlib::HierarchicalNSW<float>(ix->space, (size_t)maxElements, (size_t)M, (size_t)efc, (size_t)seed);
    } catch (...) {
      delete ix;
      throw;
    }
    return wrap(env, ix);
  });
}

// hnswLoad(metric, dim, path, wide) → index, from a file hnswlib wrote (either engine)
napi_value HnswLoad(napi_env env, napi_callback_info info) {
  return guardedHnsw(env, [&]() -> napi_value {
    auto a = args(env, info, 4, "hnswLoad");
    const int metric = integer(env, a[0], "metric"), dim = integer(env, a[1], "dim");
    size_t len;
    native::check(env, napi_get_value_string_utf8(env, a[2], nullptr, 0, &len));
    std::string path(len, '\0');
    native::check(env, napi_get_value_string_utf8(env, a[2], path.data(), len + 1, &len));
    Index* ix = newIndex(metric, dim, native::boolean(env, a[3]));
    try {
      ix->graph = new hnswlib::HierarchicalNSW<float>(ix->space, path, false, 0, false);
      // hnswlib takes the vector size from the space, not the file: the file's own layout says what it holds
      if (ix->graph->label_offset_ - ix->graph->offsetData_ != ix->dim * sizeof(float)) throw Error{"hnswLoad: the file's vectors are not of dim " + std::to_string(dim)};
    } catch (...) {
      delete ix;
      throw;
    }
    return wrap(env, ix);
  });
}

// hnswSave(index, path): hnswlib's own format
napi_value HnswSave(napi_env env, napi_callback_info info) {
  return guardedHnsw(env, [&]() -> napi_value {
    auto a = args(env, info, 2, "hnswSave");
    Index* ix = handle(env, a[0]);
    size_t len;
    native::check(env, napi_get_value_string_utf8(env, a[1], nullptr, 0, &len));
    std::string path(len, '\0');
    native::check(env, napi_get_value_string_utf8(env, a[1], path.data(), len + 1, &len));
    ix->graph->saveIndex(path);
    return nullptr;
  });
}

// hnswAdd(index, vectors, labels | null, firstLabel): rows inserted one after another (labels[r], or firstLabel + r)
napi_value HnswAdd(napi_env env, napi_callback_info info) {
  return guardedHnsw(env, [&]() -> napi_value {
    auto a = args(env, info, 4, "hnswAdd");
    Index* ix = handle(env, a[0]);
    size_t nv, nl;
    const float* v = anyTyped<float>(env, a[1], napi_float32_array, &nv, "vectors");
    const int32_t* labels = anyTyped<int32_t>(env, a[2], napi_int32_array, &nl, "labels", true);
    const double first = native::number(env, a[3], "firstLabel");
    if (nv % ix->dim != 0) throw Error{"hnswAdd: vectors is not a whole number of rows"};
    const size_t rows = nv / ix->dim;
    if (labels && nl != rows) throw Error{"hnswAdd: labels must hold one label per row"};
    if (!(first >= 0)) throw Error{"hnswAdd: firstLabel must be ≥ 0"};
    for (size_t r = 0; r < rows; r++) {
      const size_t label = labels ? (size_t)labels[r] : (size_t)first + r;
      if (labels && labels[r] < 0) throw Error{"hnswAdd: labels must be ≥ 0"};
      ix->graph->addPoint(prepared(ix, v + r * ix->dim), label);
    }
    return nullptr;
  });
}

// hnswSearch(index, query, k, outIds, outScores) → how many were found (≤ k), written best first
napi_value HnswSearch(napi_env env, napi_callback_info info) {
  return guardedHnsw(env, [&]() -> napi_value {
    auto a = args(env, info, 5, "hnswSearch");
    Index* ix = handle(env, a[0]);
    size_t nq, ni, ns;
    const float* q = anyTyped<float>(env, a[1], napi_float32_array, &nq, "query");
    const int k = integer(env, a[2], "k");
    int32_t* ids = anyTyped<int32_t>(env, a[3], napi_int32_array, &ni, "outIds");
    float* scores = anyTyped<float>(env, a[4], napi_float32_array, &ns, "outScores");
    if (nq < ix->dim) throw Error{"hnswSearch: query holds fewer than dim values"};
    if (k < 1 || ni < (size_t)k || ns < (size_t)k) throw Error{"hnswSearch: needs k ≥ 1 and outputs of at least k values"};
    napi_value out;
    native::check(env, napi_create_int32(env, searchOne(ix, q, k, ids, scores), &out));
    return out;
  });
}

// hnswSearchBatch(index, queries, k, outIds, outScores): query q's answer at [q·k, (q+1)·k), padded −1 / −Infinity
napi_value HnswSearchBatch(napi_env env, napi_callback_info info) {
  return guardedHnsw(env, [&]() -> napi_value {
    auto a = args(env, info, 5, "hnswSearchBatch");
    Index* ix = handle(env, a[0]);
    size_t nqv, ni, ns;
    const float* qs = anyTyped<float>(env, a[1], napi_float32_array, &nqv, "queries");
    const int k = integer(env, a[2], "k");
    int32_t* ids = anyTyped<int32_t>(env, a[3], napi_int32_array, &ni, "outIds");
    float* scores = anyTyped<float>(env, a[4], napi_float32_array, &ns, "outScores");
    if (nqv % ix->dim != 0) throw Error{"hnswSearchBatch: queries is not a whole number of rows"};
    const size_t nq = nqv / ix->dim;
    if (k < 1 || ni < nq * k || ns < nq * k) throw Error{"hnswSearchBatch: needs k ≥ 1 and outputs of at least queries × k values"};
    for (size_t q = 0; q < nq; q++) {
      const int n = searchOne(ix, qs + q * ix->dim, k, ids + q * k, scores + q * k);
      for (int i = n; i < k; i++) {
        ids[q * k + i] = -1;
        scores[q * k + i] = -INFINITY;
      }
    }
    return nullptr;
  });
}

// hnswSetEf(index, ef)
napi_value HnswSetEf(napi_env env, napi_callback_info info) {
  return guardedHnsw(env, [&]() -> napi_value {
    auto a = args(env, info, 2, "hnswSetEf");
    Index* ix = handle(env, a[0]);
    const int ef = integer(env, a[1], "ef");
    if (ef < 1) throw Error{"hnswSetEf: ef must be ≥ 1"};
    ix->graph->setEf((size_t)ef);
    return nullptr;
  });
}

// hnswResize(index, maxElements): room for more rows (never fewer than it holds)
napi_value HnswResize(napi_env env, napi_callback_info info) {
  return guardedHnsw(env, [&]() -> napi_value {
    auto a = args(env, info, 2, "hnswResize");
    Index* ix = handle(env, a[0]);
    const int n = integer(env, a[1], "maxElements");
    if (n < 1) throw Error{"hnswResize: maxElements must be ≥ 1"};
    ix->graph->resizeIndex((size_t)n);
    return nullptr;
  });
}

// hnswCapacity(index) → [rows held, maxElements]
napi_value HnswCapacity(napi_env env, napi_callback_info info) {
  return guardedHnsw(env, [&]() -> napi_value {
    auto a = args(env, info, 1, "hnswCapacity");
    Index* ix = handle(env, a[0]);
    napi_value out, held, cap;
    native::check(env, napi_create_array_with_length(env, 2, &out));
    native::check(env, napi_create_double(env, (double)ix->graph->cur_element_count, &held));
    native::check(env, napi_create_double(env, (double)ix->graph->max_elements_, &cap));
    native::check(env, napi_set_element(env, out, 0, held));
    native::check(env, napi_set_element(env, out, 1, cap));
    return out;
  });
}

}  // namespace

NATIVE_EXPORT(hnswCreate, HnswCreate);
NATIVE_EXPORT(hnswLoad, HnswLoad);
NATIVE_EXPORT(hnswSave, HnswSave);
NATIVE_EXPORT(hnswAdd, HnswAdd);
NATIVE_EXPORT(hnswSearch, HnswSearch);
NATIVE_EXPORT(hnswSearchBatch, HnswSearchBatch);
NATIVE_EXPORT(hnswSetEf, HnswSetEf);
NATIVE_EXPORT(hnswResize, HnswResize);
NATIVE_EXPORT(hnswCapacity, HnswCapacity);
