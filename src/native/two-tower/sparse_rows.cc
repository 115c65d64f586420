// See sparse_rows.h. The loops over a row's d floats vectorise; the next row is prefetched while the
// current one is processed, because a history of 50 items means 50 scattered rows per example.
#include "sparse_rows.h"

#include <cmath>
#include <cstring>

namespace tt {

void gatherRows(const float* table, int d, const int32_t* ids, const int32_t* rows, const float* scales, size_t n, float* out) {
  for (size_t q = 0; q < n; q++) {
    if (q + 4 < n) __builtin_prefetch(table + (size_t)ids[q + 4] * d);
    const float* __restrict src = table + (size_t)ids[q] * d;
    float* __restrict dst = out + (size_t)rows[q] * d;
    const float s = scales ? scales[q] : 1.0f;
    for (int e = 0; e < d; e++) dst[e] += s * src[e];
  }
}

int32_t scatterRows(int d, const int32_t* ids, const int32_t* rows, const float* scales, size_t n, const float* g,
                    int32_t* slotOf, int32_t* slotRows, int32_t count, float* grad) {
  for (size_t q = 0; q < n; q++) {
    const int32_t id = ids[q];
    int32_t slot = slotOf[id];
    if (slot < 0) {
      slot = count++;
      slotOf[id] = slot;
      slotRows[slot] = id;
      std::memset(grad + (size_t)slot * d, 0, sizeof(float) * d);
    }
    float* __restrict dst = grad + (size_t)slot * d;
    const float* __restrict src = g + (size_t)rows[q] * d;
    const float s = scales ? scales[q] : 1.0f;
    for (int e = 0; e < d; e++) dst[e] += s * src[e];
  }
  return count;
}

void applyRows(float* table, float* accum, uint8_t* touched, int32_t* slotOf, const int32_t* slotRows, int32_t count,
               const float* grad, int d, float lr, bool adagrad) {
  for (int32_t s = 0; s < count; s++) {
    if (s + 4 < count) __builtin_prefetch(table + (size_t)slotRows[s + 4] * d);
    const int32_t r = slotRows[s];
    const float* __restrict gs = grad + (size_t)s * d;
    float step = lr;
    if (adagrad) {
      double sq = 0;
      for (int e = 0; e < d; e++) sq += (double)gs[e] * gs[e];
      accum[r] += (float)(sq / d);
      step = lr / std::sqrt(accum[r]);
    }
    float* __restrict row = table + (size_t)r * d;
    for (int e = 0; e < d; e++) row[e] -= step * gs[e];
    touched[r] = 1;
    slotOf[r] = -1;
  }
}

}  // namespace tt
