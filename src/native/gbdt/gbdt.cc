// GBDT scoring (issue 23): a model packed once into a layout for QuickScorer-style evaluation (Lucchese et al.,
// SIGIR 2015), then rows scored in blocks of 64. For a tree of ≤ 32 leaves, each internal node holds a 32-bit mask
// with zeros at the leaves of its left subtree (leaves numbered left to right); a row starts with every bit set,
// every node whose test sends the row right ANDs its mask in, and the exit leaf is the lowest bit left. Every node
// is tested for 64 rows at once over a transposed block (contiguous, so the compiler vectorises the loop), with no
// branch on the data. Trees of more leaves are walked node by node. Both add the trees in order, one double sum per
// row as the reference walk in src/core/gbdt/model.ts does, so the scores are bit-identical to it.
//
// Float thresholds: the model's thresholds are doubles and the features floats; for a float v, v ≤ t exactly when
// v ≤ the largest float ≤ t, so the packed float threshold decides every comparison as the double one would.
// NaN: a default-left node sends right only on v > t (false for NaN), a default-right node on !(v ≤ t) (true).
#include <node_api.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "../napi.h"

namespace {

using native::anyTyped;
using native::args;
using native::Error;
using native::guarded;
using native::integer;

constexpr int BLOCK = 64;
constexpr int QS_MAX_LEAVES = 32;

struct Packed {
  int numFeatures = 0;
  int numTrees = 0;
  // per tree: first node, first leaf (global indices), number of leaves, first QS node (or -1 when walked)
  std::vector<int32_t> nodeBase, leafBase, leaves, qsBase;
  // every node, for the walk (global child links as in the model: ≥ 0 node, < 0 ~leaf); empty when no tree is walked
  std::vector<int32_t> feature, left, right;
  std::vector<double> threshold;
  std::vector<uint8_t> defaultLeft;
  std::vector<double> leafValue;  // also only when some tree is walked
  // QS nodes of the trees of ≤ 32 leaves, and their leaf values in left-to-right order
  std::vector<int32_t> qsFeature;
  std::vector<float> qsThreshold;
  std::vector<uint8_t> qsDefaultLeft;
  std::vector<uint32_t> qsMask;
  std::vector<double> qsLeafValue;  // indexed qsLeafBase[t] + position
  std::vector<int32_t> qsLeafBase;
};

const napi_type_tag PACKED_TAG = {0x9b3c1f0a5e7d4c21ULL, 0x6a2e8f14b07c93d5ULL};

// The largest float ≤ t (see the header comment): deciding v ≤ t on floats as on doubles.
float floatAtMost(double t) {
  if (std::isnan(t)) return NAN;
  float f = static_cast<float>(t);
  if (static_cast<double>(f) > t) f = std::nextafter(f, -INFINITY);
  return f;
}

// Checks one tree's links (children come after their parent, inside the tree; every leaf reached exactly once),
// which bounds every walk, and fills the left-to-right leaf positions and each node's left-subtree leaf range.
struct Input {
  const int32_t *feature, *left, *right;
};

void checkTree(const Packed& p, const Input& in, int t, std::vector<int32_t>& order, std::vector<int32_t>& lo, std::vector<int32_t>& hi) {
  const int nb = p.nodeBase[t], lb = p.leafBase[t], L = p.leaves[t], N = L - 1;
  order.assign(L, -1);
  lo.assign(N, 0);
  hi.assign(N, 0);
  if (N == 0) {
    order[0] = 0;
    return;
  }
  for (int i = 0; i < N; i++) {
    if (in.feature[nb + i] < 0 || in.feature[nb + i] >= p.numFeatures) throw Error{"gbdtPack: a split feature is outside [0, numFeatures)"};
    for (int32_t c : {in.left[nb + i], in.right[nb + i]}) {
      if (c >= 0 ? (c <= nb + i || c >= nb + N) : (~c < lb || ~c >= lb + L)) throw Error{"gbdtPack: tree " + std::to_string(t) + " has a child link outside the tree or before its parent"};
    }
  }
  // iterative in-order walk from the root (node nb): positions of leaves, and the leaf range under each left child
  int next = 0;
  std::vector<int32_t> stack{nb};
  std::vector<int32_t> first(N, -1);
  std::vector<uint8_t> visits(N, 0);
  while (!stack.empty()) {
    const int32_t n = stack.back();
    if (n < 0) {
      stack.pop_back();
      if (order[~n - lb] != -1) throw Error{"gbdtPack: tree " + std::to_string(t) + " reaches a leaf twice"};
      order[~n - lb] = next++;
      continue;
    }
    const int i = n - nb;
    if (visits[i] == 0) {
      visits[i] = 1;
      first[i] = next;
      stack.push_back(in.left[n]);
    } else if (visits[i] == 1) {
      visits[i] = 2;
      lo[i] = first[i];
      hi[i] = next;  // left subtree = positions [first, next)
      stack.push_back(in.right[n]);
    } else {
      stack.pop_back();
    }
    if (next > L) throw Error{"gbdtPack: tree " + std::to_string(t) + " has more leaf visits than leaves"};
  }
  if (next != L) throw Error{"gbdtPack: tree " + std::to_string(t) + " leaves a leaf unreached"};
  for (int i = 0; i < N; i++)
    if (visits[i] != 2) throw Error{"gbdtPack: tree " + std::to_string(t) + " has a node unreached from its root"};
}

void finalizePacked(napi_env, void* data, void*) { delete static_cast<Packed*>(data); }

// gbdtPack(treeLeaves, feature, threshold, defaultLeft, left, right, leafValue, numFeatures) → handle
napi_value GbdtPack(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 8, "gbdtPack");
    size_t T, N, nThr, nDl, nL, nR, nLeaf;
    const int32_t* treeLeaves = anyTyped<int32_t>(env, a[0], napi_int32_array, &T, "treeLeaves");
    const int32_t* feature = anyTyped<int32_t>(env, a[1], napi_int32_array, &N, "feature");
    const double* threshold = anyTyped<double>(env, a[2], napi_float64_array, &nThr, "threshold");
    const uint8_t* defaultLeft = anyTyped<uint8_t>(env, a[3], napi_uint8_array, &nDl, "defaultLeft");
    const int32_t* left = anyTyped<int32_t>(env, a[4], napi_int32_array, &nL, "left");
    const int32_t* right = anyTyped<int32_t>(env, a[5], napi_int32_array, &nR, "right");
    const double* leafValue = anyTyped<double>(env, a[6], napi_float64_array, &nLeaf, "leafValue");
    const int F = integer(env, a[7], "numFeatures");
    if (F <= 0) throw Error{"gbdtPack: numFeatures must be positive"};
    if (nThr != N || nDl != N || nL != N || nR != N) throw Error{"gbdtPack: the node arrays differ in length"};
    auto* p = new Packed();
    try {
      p->numFeatures = F;
      p->numTrees = (int)T;
      size_t nodes = 0, leaves = 0;
      for (size_t t = 0; t < T; t++) {
        if (treeLeaves[t] < 1) throw Error{"gbdtPack: every tree needs at least one leaf"};
        p->nodeBase.push_back((int32_t)nodes);
        p->leafBase.push_back((int32_t)leaves);
        p->leaves.push_back(treeLeaves[t]);
        nodes += treeLeaves[t] - 1;
        leaves += treeLeaves[t];
      }
      if (nodes != N || leaves != nLeaf) throw Error{"gbdtPack: treeLeaves does not match the node and leaf arrays"};
      // the walk's copy of every node only when some tree is too large for the masks; the masks' arrays sized once
      size_t qsNodes = 0, qsLeaves = 0;
      bool walk = false;
      for (size_t t = 0; t < T; t++) {
        if (treeLeaves[t] > QS_MAX_LEAVES) walk = true;
        else {
          qsNodes += treeLeaves[t] - 1;
          qsLeaves += treeLeaves[t];
        }
      }
      if (walk) {
        p->feature.assign(feature, feature + N);
        p->threshold.assign(threshold, threshold + N);
        p->defaultLeft.assign(defaultLeft, defaultLeft + N);
        p->left.assign(left, left + N);
        p->right.assign(right, right + N);
      }
      if (walk) p->leafValue.assign(leafValue, leafValue + nLeaf);
      p->qsFeature.reserve(qsNodes);
      p->qsThreshold.reserve(qsNodes);
      p->qsDefaultLeft.reserve(qsNodes);
      p->qsMask.reserve(qsNodes);
      p->qsLeafValue.reserve(qsLeaves);
      const Input in{feature, left, right};
      std::vector<int32_t> order, lo, hi;
      for (int t = 0; t < (int)T; t++) {
        checkTree(*p, in, t, order, lo, hi);
        const int L = p->leaves[t], nb = p->nodeBase[t], lb = p->leafBase[t];
        if (L > QS_MAX_LEAVES) {
          p->qsBase.push_back(-1);
          p->qsLeafBase.push_back(-1);
          continue;
        }
        p->qsBase.push_back((int32_t)p->qsFeature.size());
        p->qsLeafBase.push_back((int32_t)p->qsLeafValue.size());
        for (int i = 0; i < L - 1; i++) {
          p->qsFeature.push_back(feature[nb + i]);
          p->qsThreshold.push_back(floatAtMost(threshold[nb + i]));
          p->qsDefaultLeft.push_back(defaultLeft[nb + i] ? 1 : 0);
          uint32_t m = ~0u;
          for (int pos = lo[i]; pos < hi[i]; pos++) m &= ~(1u << pos);
          p->qsMask.push_back(m);
        }
        const size_t at = p->qsLeafValue.size();
        p->qsLeafValue.resize(at + L);
        for (int l = 0; l < L; l++) p->qsLeafValue[at + order[l]] = leafValue[lb + l];
      }
    } catch (...) {
      delete p;
      throw;
    }
    napi_value out;
    native::check(env, napi_create_external(env, p, finalizePacked, nullptr, &out));
    native::check(env, napi_type_tag_object(env, out, &PACKED_TAG));
    return out;
  });
}

// One block of rows (≤ BLOCK), trees [0, T): out[r] += each tree's leaf value, in tree order.
void scoreBlock(const Packed& p, int T, const float* x, int rows, double* out) {
  const int F = p.numFeatures;
  alignas(64) float xt[BLOCK * 64];
  std::vector<float> wide;
  float* cols = xt;
  if (F > 64) {
    wide.resize((size_t)F * BLOCK);
    cols = wide.data();
  }
  for (int f = 0; f < F; f++) {
    float* c = cols + (size_t)f * BLOCK;
    for (int j = 0; j < rows; j++) c[j] = x[(size_t)j * F + f];
    for (int j = rows; j < BLOCK; j++) c[j] = 0.0f;
  }
  alignas(64) uint32_t mask[BLOCK];
  for (int t = 0; t < T; t++) {
    const int L = p.leaves[t];
    const int qb = p.qsBase[t];
    if (L == 1) {
      const double v = p.qsLeafValue[p.qsLeafBase[t]];
      for (int j = 0; j < rows; j++) out[j] += v;
      continue;
    }
    if (qb >= 0) {
      for (int j = 0; j < BLOCK; j++) mask[j] = ~0u;
      for (int i = qb; i < qb + L - 1; i++) {
        const float* c = cols + (size_t)p.qsFeature[i] * BLOCK;
        const float thr = p.qsThreshold[i];
        const uint32_t m = p.qsMask[i];
        if (p.qsDefaultLeft[i]) {
          for (int j = 0; j < BLOCK; j++) mask[j] &= (c[j] > thr) ? m : ~0u;
        } else {
          for (int j = 0; j < BLOCK; j++) mask[j] &= !(c[j] <= thr) ? m : ~0u;
        }
      }
      const double* leaf = p.qsLeafValue.data() + p.qsLeafBase[t];
      for (int j = 0; j < rows; j++) out[j] += leaf[__builtin_ctz(mask[j])];
      continue;
    }
    const int root = p.nodeBase[t];
    for (int j = 0; j < rows; j++) {
      const float* row = x + (size_t)j * F;
      int32_t node = root;
      while (node >= 0) {
        const double v = row[p.feature[node]];
        const double thr = p.threshold[node];
        node = v <= thr ? p.left[node] : v > thr ? p.right[node] : p.defaultLeft[node] ? p.left[node] : p.right[node];
      }
      out[j] += p.leafValue[~node];
    }
  }
}

// gbdtScore(handle, x, numRows, numTrees, out): out[r] += Σ_{t < numTrees} tree_t(row r); out holds the base score.
napi_value GbdtScore(napi_env env, napi_callback_info info) {
  return guarded(env, [&]() -> napi_value {
    auto a = args(env, info, 5, "gbdtScore");
    bool tagged = false;
    napi_valuetype vt;
    native::check(env, napi_typeof(env, a[0], &vt));
    if (vt == napi_external) native::check(env, napi_check_object_type_tag(env, a[0], &PACKED_TAG, &tagged));
    if (!tagged) throw Error{"gbdtScore: the first argument must be a handle from gbdtPack"};
    void* data;
    native::check(env, napi_get_value_external(env, a[0], &data));
    const Packed& p = *static_cast<const Packed*>(data);
    const int rows = integer(env, a[2], "numRows");
    const int trees = integer(env, a[3], "numTrees");
    if (rows < 0) throw Error{"gbdtScore: numRows must be ≥ 0"};
    if (trees < 0 || trees > p.numTrees) throw Error{"gbdtScore: numTrees must be in [0, " + std::to_string(p.numTrees) + "]"};
    size_t nx, nout;
    const float* x = anyTyped<float>(env, a[1], napi_float32_array, &nx, "x");
    double* out = anyTyped<double>(env, a[4], napi_float64_array, &nout, "out");
    if (nx < (size_t)rows * p.numFeatures) throw Error{"gbdtScore: x holds fewer than numRows × numFeatures values"};
    if (nout < (size_t)rows) throw Error{"gbdtScore: out holds fewer than numRows values"};
    for (int r0 = 0; r0 < rows; r0 += BLOCK) {
      const int n = rows - r0 < BLOCK ? rows - r0 : BLOCK;
      scoreBlock(p, trees, x + (size_t)r0 * p.numFeatures, n, out + r0);
    }
    return nullptr;
  });
}

}  // namespace

NATIVE_EXPORT(gbdtPack, GbdtPack);
NATIVE_EXPORT(gbdtScore, GbdtScore);
