// Node-API glue of the two-tower kernels (dense_step, sparse_rows): typed arrays in, loss out. Every length is
// checked here (napi.h), because a wrong length would otherwise read or write outside a buffer; the TypeScript
// adapters (src/models/two-tower/dense-native.ts, embedding-table.ts) never expect to see one of these errors.
#include <node_api.h>

#include <string>
#include <vector>

#include "../napi.h"
#include "dense_step.h"
#include "sparse_rows.h"

namespace {

using native::anyTyped;
using native::args;
using native::boolean;
using native::check;
using native::checkIndices;
using native::element;
using native::Error;
using native::guarded;
using native::integer;
using native::number;
using native::typed;

// The arrays of one tower: params[offset + 2l] = W_l, params[offset + 2l + 1] = b_l (same for grads).
struct TowerArrays {
  std::vector<const float*> W, b;
  std::vector<float*> gW, gB;
};

TowerArrays towerArrays(napi_env env, const std::vector<int>& sizes, napi_value params, napi_value grads, int offset) {
  const int L = (int)sizes.size() - 1;
  TowerArrays t;
  for (int l = 0; l < L; l++) {
    const size_t w = (size_t)sizes[l] * sizes[l + 1];
    const size_t b = sizes[l + 1];
    t.W.push_back(typed<float>(env, element(env, params, offset + 2 * l), napi_float32_array, w, "weight"));
    t.b.push_back(typed<float>(env, element(env, params, offset + 2 * l + 1), napi_float32_array, b, "bias"));
    if (grads != nullptr) {
      t.gW.push_back(typed<float>(env, element(env, grads, offset + 2 * l), napi_float32_array, w, "weight gradient"));
      t.gB.push_back(typed<float>(env, element(env, grads, offset + 2 * l + 1), napi_float32_array, b, "bias gradient"));
    }
  }
  return t;
}

std::vector<int> readSizes(napi_env env, napi_value v) {
  uint32_t n = 0;
  bool isArray = false;
  check(env, napi_is_array(env, v, &isArray));
  if (!isArray) throw Error{"sizes must be an array"};
  check(env, napi_get_array_length(env, v, &n));
  if (n < 2) throw Error{"sizes needs at least two widths"};
  std::vector<int> sizes;
  for (uint32_t i = 0; i < n; i++) {
    const int s = integer(env, element(env, v, i), "size");
    if (s <= 0) throw Error{"sizes must be positive"};
    sizes.push_back(s);
  }
  return sizes;
}

// One helper thread per Node environment (the main thread and each worker thread have their own),
// stopped and joined when the environment is torn down.
tt::Helper* helperOf(napi_env env) {
  void* data = nullptr;
  check(env, napi_get_instance_data(env, &data));
  if (data) return static_cast<tt::Helper*>(data);
  auto* helper = new tt::Helper();
  check(env, napi_set_instance_data(env, helper, [](napi_env, void* d, void*) { delete static_cast<tt::Helper*>(d); }, nullptr));
  return helper;
}

tt::Tower tower(const std::vector<int>& sizes, TowerArrays& a) {
  return tt::Tower{(int)sizes.size() - 1, sizes.data(), a.W.data(), a.b.data(), a.gW.data(), a.gB.data()};
}

// step(sizes, params, grads, xu, xi, B, C, k, rowItem, colItem, logQ, correction, temperature, inBatch, threads, gxu, gxi) → loss
napi_value Step(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const std::vector<napi_value> a = args(env, info, 17, "step");
    const std::vector<int> sizes = readSizes(env, a[0]);
    const int L = (int)sizes.size() - 1;
    const int e = sizes[0];
    const int B = integer(env, a[5], "B"), C = integer(env, a[6], "C"), k = integer(env, a[7], "k");
    if (B <= 0 || C < B || k < 0) throw Error{"need B > 0, C ≥ B and k ≥ 0"};
    const size_t nI = (size_t)C + (size_t)B * k;
    TowerArrays ua = towerArrays(env, sizes, a[1], a[2], 0);
    TowerArrays ia = towerArrays(env, sizes, a[1], a[2], 2 * L);
    tt::StepInput in{};
    in.xu = typed<float>(env, a[3], napi_float32_array, (size_t)B * e, "xu");
    in.xi = typed<float>(env, a[4], napi_float32_array, nI * e, "xi");
    in.B = B;
    in.C = C;
    in.k = k;
    in.rowItem = typed<int32_t>(env, a[8], napi_int32_array, B, "rowItem");
    in.colItem = typed<int32_t>(env, a[9], napi_int32_array, C, "colItem");
    in.logQ = typed<float>(env, a[10], napi_float32_array, C, "logQ");
    in.correction = (float)number(env, a[11], "correction");
    in.temperature = (float)number(env, a[12], "temperature");
    if (!(in.temperature > 0)) throw Error{"temperature must be > 0"};
    in.inBatch = boolean(env, a[13]);
    const int threads = integer(env, a[14], "threads");
    in.helper = threads >= 2 ? helperOf(env) : nullptr;
    float* gxu = typed<float>(env, a[15], napi_float32_array, (size_t)B * e, "gxu");
    float* gxi = typed<float>(env, a[16], napi_float32_array, nI * e, "gxi");
    const double loss = tt::step(tower(sizes, ua), tower(sizes, ia), in, gxu, gxi);
    napi_value out;
    check(env, napi_create_double(env, loss, &out));
    return out;
  });
}

// encode(sizes, params, towerIndex, x, n, out)
napi_value Encode(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const std::vector<napi_value> a = args(env, info, 6, "encode");
    const std::vector<int> sizes = readSizes(env, a[0]);
    const int L = (int)sizes.size() - 1;
    const int towerIndex = integer(env, a[2], "tower");
    if (towerIndex != 0 && towerIndex != 1) throw Error{"tower must be 0 or 1"};
    TowerArrays t = towerArrays(env, sizes, a[1], nullptr, 2 * L * towerIndex);
    const int n = integer(env, a[4], "n");
    if (n < 0) throw Error{"n must be ≥ 0"};
    const float* x = typed<float>(env, a[3], napi_float32_array, (size_t)n * sizes[0], "x");
    float* out = typed<float>(env, a[5], napi_float32_array, (size_t)n * sizes[L], "out");
    tt::encode(tower(sizes, t), x, n, out);
    return nullptr;
  });
}

// gatherRows(table, d, ids, rows, scales | null, out)
napi_value GatherRows(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const std::vector<napi_value> a = args(env, info, 6, "gatherRows");
    const int d = integer(env, a[1], "d");
    if (d <= 0) throw Error{"d must be > 0"};
    size_t tableLen, n, nRows, nScales, outLen;
    const float* table = anyTyped<float>(env, a[0], napi_float32_array, &tableLen, "table");
    const int32_t* ids = anyTyped<int32_t>(env, a[2], napi_int32_array, &n, "ids");
    const int32_t* rows = anyTyped<int32_t>(env, a[3], napi_int32_array, &nRows, "rows");
    const float* scales = anyTyped<float>(env, a[4], napi_float32_array, &nScales, "scales", true);
    float* out = anyTyped<float>(env, a[5], napi_float32_array, &outLen, "out");
    if (nRows != n || (scales && nScales != n)) throw Error{"ids, rows and scales must have the same length"};
    checkIndices(ids, n, tableLen / d, "ids");
    checkIndices(rows, n, outLen / d, "rows");
    tt::gatherRows(table, d, ids, rows, scales, n, out);
    return nullptr;
  });
}

// scatterRows(d, ids, rows, scales | null, g, slotOf, slotRows, count, grad) → new count
napi_value ScatterRows(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const std::vector<napi_value> a = args(env, info, 9, "scatterRows");
    const int d = integer(env, a[0], "d");
    if (d <= 0) throw Error{"d must be > 0"};
    size_t n, nRows, nScales, gLen, tableRows, capacity, gradLen;
    const int32_t* ids = anyTyped<int32_t>(env, a[1], napi_int32_array, &n, "ids");
    const int32_t* rows = anyTyped<int32_t>(env, a[2], napi_int32_array, &nRows, "rows");
    const float* scales = anyTyped<float>(env, a[3], napi_float32_array, &nScales, "scales", true);
    const float* g = anyTyped<float>(env, a[4], napi_float32_array, &gLen, "g");
    int32_t* slotOf = anyTyped<int32_t>(env, a[5], napi_int32_array, &tableRows, "slotOf");
    int32_t* slotRows = anyTyped<int32_t>(env, a[6], napi_int32_array, &capacity, "slotRows");
    const int count = integer(env, a[7], "count");
    float* grad = anyTyped<float>(env, a[8], napi_float32_array, &gradLen, "grad");
    if (nRows != n || (scales && nScales != n)) throw Error{"ids, rows and scales must have the same length"};
    if (count < 0 || (size_t)count + n > capacity || ((size_t)count + n) * d > gradLen) throw Error{"slotRows / grad too small for the pending rows"};
    checkIndices(ids, n, tableRows, "ids");
    checkIndices(rows, n, gLen / d, "rows");
    const int32_t out = tt::scatterRows(d, ids, rows, scales, n, g, slotOf, slotRows, count, grad);
    napi_value v;
    check(env, napi_create_int32(env, out, &v));
    return v;
  });
}

// applyRows(table, accum, touched, slotOf, slotRows, count, grad, d, lr, adagrad)
napi_value ApplyRows(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    const std::vector<napi_value> a = args(env, info, 10, "applyRows");
    const int d = integer(env, a[7], "d");
    if (d <= 0) throw Error{"d must be > 0"};
    size_t tableLen, accumLen, touchedLen, slotOfLen, capacity, gradLen;
    float* table = anyTyped<float>(env, a[0], napi_float32_array, &tableLen, "table");
    const size_t rowsN = tableLen / d;
    float* accum = anyTyped<float>(env, a[1], napi_float32_array, &accumLen, "accum");
    uint8_t* touched = anyTyped<uint8_t>(env, a[2], napi_uint8_array, &touchedLen, "touched");
    int32_t* slotOf = anyTyped<int32_t>(env, a[3], napi_int32_array, &slotOfLen, "slotOf");
    const int32_t* slotRows = anyTyped<int32_t>(env, a[4], napi_int32_array, &capacity, "slotRows");
    const int count = integer(env, a[5], "count");
    const float* grad = anyTyped<float>(env, a[6], napi_float32_array, &gradLen, "grad");
    const double lr = number(env, a[8], "lr");
    const bool adagrad = boolean(env, a[9]);
    if (accumLen != rowsN || touchedLen != rowsN || slotOfLen != rowsN) throw Error{"accum, touched and slotOf must have one entry per table row"};
    if (count < 0 || (size_t)count > capacity || (size_t)count * d > gradLen) throw Error{"count exceeds slotRows / grad"};
    checkIndices(slotRows, count, rowsN, "slotRows");
    tt::applyRows(table, accum, touched, slotOf, slotRows, count, grad, d, (float)lr, adagrad);
    return nullptr;
  });
}

}  // namespace

NATIVE_EXPORT(step, Step);
NATIVE_EXPORT(encode, Encode);
NATIVE_EXPORT(gatherRows, GatherRows);
NATIVE_EXPORT(scatterRows, ScatterRows);
NATIVE_EXPORT(applyRows, ApplyRows);
