// Sparse row operations of the embedding tables (src/models/two-tower/embedding-table.ts) in C++:
// pooled gathers, gradient accumulation into per-row slots, and the row-wise Adagrad / SGD update.
// Same arithmetic, element by element, as the TypeScript methods they stand in for.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tt {

// out[rows[q]·d + e] += scales[q] · table[ids[q]·d + e] for q < n (scales null: 1)
void gatherRows(const float* table, int d, const int32_t* ids, const int32_t* rows, const float* scales, size_t n, float* out);

// The pending gradient of row ids[q] += scales[q] · g[rows[q]·d …]; a row's first gradient takes the
// next slot (slotOf[id] = slot, slotRows[slot] = id, its slot zeroed). Returns the new slot count.
int32_t scatterRows(int d, const int32_t* ids, const int32_t* rows, const float* scales, size_t n, const float* g,
                    int32_t* slotOf, int32_t* slotRows, int32_t count, float* grad);

// Apply and clear the pending gradients: adagrad (accum[r] += mean(g²), step lr/√accum[r]) or SGD.
void applyRows(float* table, float* accum, uint8_t* touched, int32_t* slotOf, const int32_t* slotRows, int32_t count,
               const float* grad, int d, float lr, bool adagrad);

}  // namespace tt
